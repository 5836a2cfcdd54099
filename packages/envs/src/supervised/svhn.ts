import { datasetFiles } from './data-dir.js';
import { DataFormatError, LabelRangeError } from './errors.js';
import { allInOrder } from './idx.js';
import { type MatArray, readMat5 } from './mat5.js';
import { cached } from './mnist.js';
import type { ImageDataset, LabeledImages } from './types.js';

/** File name of the cropped-digit training split. */
export const SVHN_TRAIN_FILE = 'train_32x32.mat';
/** File name of the cropped-digit test split. */
export const SVHN_TEST_FILE = 'test_32x32.mat';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

function hint(dir?: string): string {
  return (
    'Download http://ufldl.stanford.edu/housenumbers/train_32x32.mat and ' +
    `http://ufldl.stanford.edu/housenumbers/test_32x32.mat into ${dir ?? 'your data folder'} ` +
    '(or into its subfolder svhn/).'
  );
}

/**
 * Decodes the bytes of a cropped-SVHN `.mat` file into images `[32, 32, 3]`
 * (HWC) and labels 0..9 (file label 10 → 0).
 *
 * @throws {DataFormatError} if the file is not a Level 5 MAT-file, `X` or `y`
 *   is missing, `X` is not uint8 `[32, 32, 3, N]`, or `y` does not hold N values.
 * @throws {LabelRangeError} on a label outside 1..10 or not an integer.
 */
export function parseSvhnMat(bytes: Uint8Array, file: string): LabeledImages {
  const vars = readMat5(bytes, file, ['X', 'y']);
  const X = vars.get('X');
  const y = vars.get('y');
  if (X === undefined || y === undefined) {
    throw new DataFormatError(
      file,
      `missing variable ${X === undefined ? '"X"' : '"y"'}; expected "X" (uint8 32×32×3×N) and "y" (N×1)`,
    );
  }
  const [h, w, ch, count = 0, ...rest] = X.dims;
  if (X.className !== 'uint8' || h !== 32 || w !== 32 || ch !== 3 || rest.length > 0) {
    throw new DataFormatError(
      file,
      `"X" is ${X.className} [${X.dims.join('×')}]; expected uint8 [32×32×3×N]`,
    );
  }
  const yCount = y.dims.reduce((a, b) => a * b, 1);
  if (yCount !== count || y.dims.filter((d) => d !== 1).length > 1) {
    throw new DataFormatError(
      file,
      `"y" is [${y.dims.join('×')}]; expected [${count}×1] to match "X"`,
    );
  }
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const v = y.data[n]!;
    if (!Number.isInteger(v) || v < 1 || v > 10) {
      throw new LabelRangeError(file, n, v, '1..10 (10 stands for the digit 0)');
    }
    labels[n] = v === 10 ? 0 : v;
  }
  return { images: toHwc(X, count), labels, count, shape: [32, 32, 3] };
}

/** Column-major `[32, 32, 3, N]` → row-major `[N, 32, 32, 3]`. */
function toHwc(X: MatArray, count: number): Uint8Array {
  const src = X.data;
  const out = new Uint8Array(count * 3072);
  for (let n = 0; n < count; n++) {
    const s = n * 3072;
    for (let c = 0; c < 3; c++) {
      for (let col = 0; col < 32; col++) {
        const sBase = s + c * 1024 + col * 32;
        let d = s + col * 3 + c;
        for (let row = 0; row < 32; row++) {
          out[d] = src[sBase + row]!;
          d += 96;
        }
      }
    }
  }
  return out;
}

/** Options of {@link loadSvhnCropped}. */
export interface SvhnLoadOptions {
  /** Folder holding the two `.mat` files directly or in `svhn/`; default `$PATHNET_DATA_DIR`. */
  readonly dataDir?: string;
}

/**
 * Cropped SVHN: the official train (73,257) and test (26,032) splits,
 * `[32, 32, 3]` unsigned bytes (HWC), labels 0..9. The `extra_32x32.mat`
 * split is not used. Loaded once per process and folder.
 *
 * @throws {DatasetNotFoundError} if no folder is set or a file is missing;
 *   the message gives the download URLs and where to put the files.
 * @throws {DataFormatError} / {@link LabelRangeError} on a malformed file.
 */
export async function loadSvhnCropped(options: SvhnLoadOptions = {}): Promise<ImageDataset> {
  const files = datasetFiles(
    'SVHN (cropped digits)',
    options.dataDir,
    'svhn',
    SVHN_TEST_FILE,
    hint,
  );
  return cached(`svhn-cropped:${files.dir}`, async () => {
    const read = (name: string) =>
      files.read(name, (buf, path) =>
        parseSvhnMat(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), path),
      );
    const [train, test] = await allInOrder([read(SVHN_TRAIN_FILE), read(SVHN_TEST_FILE)]);
    return { name: 'SVHN (cropped digits)', numClasses: 10, classNames: DIGITS, train, test };
  });
}
