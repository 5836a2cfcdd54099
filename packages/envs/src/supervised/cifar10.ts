import { datasetFiles } from './data-dir.js';
import { DataFormatError, LabelRangeError } from './errors.js';
import { allInOrder } from './idx.js';
import { cached } from './mnist.js';
import type { ImageDataset, LabeledImages } from './types.js';

/** Bytes per CIFAR-10 record: 1 label + 32·32·3 pixels. */
export const CIFAR10_RECORD_BYTES = 3073;

/** CIFAR-10 class names, indexed by label (from `batches.meta.txt`). */
export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;

/** File names of the training batches, in order. */
export const CIFAR10_TRAIN_FILES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
/** File name of the test batch. */
export const CIFAR10_TEST_FILE = 'test_batch.bin';

const PIXELS = 1024;
const IMAGE_BYTES = 3 * PIXELS;

function hint(dir?: string): string {
  return (
    'Download https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz and extract it ' +
    `${dir ? `into ${dir}` : 'into your data folder'} (tar xzf creates cifar-10-batches-bin/ holding ` +
    `${[...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE].join(', ')}).`
  );
}

/**
 * Decodes CIFAR-10 binary records into images `[32, 32, 3]` (HWC, the
 * channel planes of each record interleaved).
 *
 * @param bytes - whole file(s) content, a multiple of 3073 bytes.
 * @param file - name used in error messages.
 * @throws {DataFormatError} if the length is not a positive multiple of 3073.
 * @throws {LabelRangeError} on a label byte above 9.
 */
export function parseCifar10(bytes: Uint8Array, file: string): LabeledImages {
  if (bytes.length === 0 || bytes.length % CIFAR10_RECORD_BYTES !== 0) {
    throw new DataFormatError(
      file,
      `truncated or not a CIFAR-10 binary batch: ${bytes.length} bytes is not a positive multiple of the ` +
        `${CIFAR10_RECORD_BYTES}-byte record (1 label byte + 3072 pixel bytes); an official batch is ` +
        `10000 records = ${10000 * CIFAR10_RECORD_BYTES} bytes`,
    );
  }
  const count = bytes.length / CIFAR10_RECORD_BYTES;
  const images = new Uint8Array(count * IMAGE_BYTES);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const rec = n * CIFAR10_RECORD_BYTES;
    const label = bytes[rec]!;
    if (label > 9) throw new LabelRangeError(file, n, label, '0..9');
    labels[n] = label;
    const dst = n * IMAGE_BYTES;
    for (let p = 0; p < PIXELS; p++) {
      const o = dst + 3 * p;
      images[o] = bytes[rec + 1 + p]!;
      images[o + 1] = bytes[rec + 1 + PIXELS + p]!;
      images[o + 2] = bytes[rec + 1 + 2 * PIXELS + p]!;
    }
  }
  return { images, labels, count, shape: [32, 32, 3] };
}

/** Options of {@link loadCifar10}. */
export interface Cifar10LoadOptions {
  /**
   * Folder holding the `.bin` files directly or in `cifar-10-batches-bin/`;
   * default `$PATHNET_DATA_DIR`.
   */
  readonly dataDir?: string;
}

/**
 * CIFAR-10: 50,000 training images (batches 1–5 in order) and 10,000 test
 * images, `[32, 32, 3]` unsigned bytes (HWC), labels 0..9. Loaded once per
 * process and folder.
 *
 * @throws {DatasetNotFoundError} if no folder is set or a file is missing;
 *   the message gives the download URL and where to extract it.
 * @throws {DataFormatError} / {@link LabelRangeError} on a malformed file.
 */
export async function loadCifar10(options: Cifar10LoadOptions = {}): Promise<ImageDataset> {
  const files = datasetFiles(
    'CIFAR-10',
    options.dataDir,
    'cifar-10-batches-bin',
    CIFAR10_TEST_FILE,
    hint,
  );
  return cached(`cifar10:${files.dir}`, async () => {
    const read = (name: string) => files.read(name, parseCifar10);
    const [test, ...trainParts] = await allInOrder([
      read(CIFAR10_TEST_FILE),
      ...CIFAR10_TRAIN_FILES.map(read),
    ]);
    return {
      name: 'CIFAR-10',
      numClasses: 10,
      classNames: CIFAR10_CLASSES,
      train: concatSplits(trainParts),
      test: test!,
    };
  });
}

/** Concatenates splits of the same image shape. */
export function concatSplits(parts: readonly LabeledImages[]): LabeledImages {
  const first = parts[0];
  if (first === undefined) throw new RangeError('concatSplits needs at least one split');
  if (parts.length === 1) return first;
  const count = parts.reduce((n, p) => n + p.count, 0);
  const size = first.images.length / Math.max(first.count, 1);
  const images = new Uint8Array(count * size);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const p of parts) {
    images.set(p.images, at * size);
    labels.set(p.labels, at);
    at += p.count;
  }
  return { images, labels, count, shape: first.shape };
}
