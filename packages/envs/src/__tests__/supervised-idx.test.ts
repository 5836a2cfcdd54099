import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  DataFormatError,
  DataReadError,
  DatasetNotFoundError,
  DEBIAN_FASHION_MNIST_DIR,
  LabelRangeError,
  loadFashionMnist,
  loadMnist,
  makeTask,
  parseIdx,
  readIdx,
  readIdxPair,
} from '../index.js';
import {
  idxBytes,
  patternImages,
  tempDir,
  writeIdx,
  writeIdxDataset,
} from './supervised-fixtures.js';

describe('IDX reader', () => {
  it('reads dimensions and row-major bytes', () => {
    const data = patternImages(3, 6);
    const parsed = parseIdx(idxBytes([3, 2, 3], data), 'mem', 3);
    expect(parsed.dims).toEqual([3, 2, 3]);
    expect(parsed.data).toEqual(data);
  });

  it('reads gzipped files to the same content as plain ones', async () => {
    const dir = tempDir();
    const data = patternImages(5, 12);
    writeIdx(join(dir, 'plain'), [5, 3, 4], data);
    writeIdx(join(dir, 'zipped.gz'), [5, 3, 4], data, true);
    const a = await readIdx(join(dir, 'plain'), 3);
    const b = await readIdx(join(dir, 'zipped.gz'), 3);
    expect(b.dims).toEqual(a.dims);
    expect(b.data).toEqual(a.data);
  });

  it('pairs images with labels and gives shape [rows, cols, 1]', async () => {
    const dir = tempDir();
    writeIdxDataset(dir, [3, 1, 4, 1, 5], [9, 2]);
    const split = await readIdxPair(
      {
        images: join(dir, 'train-images-idx3-ubyte'),
        labels: join(dir, 'train-labels-idx1-ubyte'),
      },
      10,
    );
    expect(split.count).toBe(5);
    expect(split.shape).toEqual([4, 3, 1]);
    expect([...split.labels]).toEqual([3, 1, 4, 1, 5]);
  });

  it('a wrong magic number names the file, the number found and the one expected', () => {
    const bytes = idxBytes([2], new Uint8Array([1, 2]));
    expect(() => parseIdx(bytes, 'labels-file', 3)).toThrow(DataFormatError);
    expect(() => parseIdx(bytes, 'labels-file', 3)).toThrow(
      /labels-file: wrong magic number 0x00000801 \(1 dimensions\); expected 0x00000803/,
    );
    const notIdx = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]);
    expect(() => parseIdx(notIdx, 'a.png', 1)).toThrow(
      /a.png: wrong magic number 0x89504e47 \(not an IDX file\)/,
    );
    const floats = idxBytes([1], new Uint8Array(4));
    floats[2] = 0x0d;
    expect(() => parseIdx(floats, 'f', 1)).toThrow(/data type 0x0d \(float32\) is not supported/);
  });

  it('a truncated file names the sizes in its header and what it holds', () => {
    const bytes = idxBytes([4, 2, 2], patternImages(4, 4)).subarray(0, 16 + 10);
    expect(() => parseIdx(bytes, 'imgs', 3)).toThrow(
      /imgs: truncated: header says \[4, 2, 2\] = 16 data bytes, the file has 10/,
    );
    expect(() => parseIdx(new Uint8Array([0, 0, 8]), 'tiny', 1)).toThrow(
      /tiny: truncated: 3 bytes/,
    );
    expect(() => parseIdx(idxBytes([2, 2, 2], new Uint8Array(0)).subarray(0, 9), 'hdr', 3)).toThrow(
      /hdr: truncated: 9 bytes, the header alone needs 16/,
    );
  });

  it('bytes after the data are an error', () => {
    const bytes = idxBytes([2], new Uint8Array([1, 2, 3]));
    expect(() => parseIdx(bytes, 'long', 1)).toThrow(/long: 1 bytes after the data/);
  });

  it('a missing file is a DatasetNotFoundError naming the path', async () => {
    const path = join(tempDir(), 'nope-idx1-ubyte');
    await expect(readIdx(path, 1)).rejects.toThrow(DatasetNotFoundError);
    await expect(readIdx(path, 1)).rejects.toThrow(path);
  });

  it('a folder where a file should be is a DataReadError naming the path', async () => {
    const dir = tempDir();
    const path = join(dir, 'train-images-idx3-ubyte');
    mkdirSync(path);
    await expect(readIdx(path, 3)).rejects.toThrow(DataReadError);
    await expect(readIdx(path, 3)).rejects.toThrow(`${path}: is a folder; expected a data file`);
    const mnist = tempDir();
    writeIdxDataset(mnist, [1], [0], { rows: 28, cols: 28 });
    rmSync(join(mnist, 't10k-labels-idx1-ubyte'));
    mkdirSync(join(mnist, 't10k-labels-idx1-ubyte'));
    await expect(loadMnist(mnist)).rejects.toThrow(
      `${join(mnist, 't10k-labels-idx1-ubyte')}: is a folder; expected a data file`,
    );
  });

  it('MNIST images of another size are refused even when the byte count matches', async () => {
    const dir = tempDir('pathnet-envs-image-size-');
    // 14 × 56 = 28 × 28 bytes per image: only the header tells them apart. Both splits are at
    // fault; the training file is named whichever of the two reads ends first.
    writeIdxDataset(dir, [1, 2], [3], { rows: 14, cols: 56 });
    const err = await loadMnist(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as Error).message).toMatch(
      /train-images-idx3-ubyte: images of 14×56 pixels \(header \[2, 14, 56\]\); expected 28×28/,
    );
  });

  it('both splits at fault: the error names the training file even when the test read ends first', async () => {
    const dir = tempDir('pathnet-envs-both-splits-');
    // A gzipped training file of 4,000 images takes longer to read than the one-image test file.
    const n = 4000;
    writeIdx(join(dir, 'train-images-idx3-ubyte.gz'), [n, 14, 56], patternImages(n, 784), true);
    writeIdx(join(dir, 'train-labels-idx1-ubyte'), [n], new Uint8Array(n));
    writeIdx(join(dir, 't10k-images-idx3-ubyte'), [1, 14, 56], patternImages(1, 784));
    writeIdx(join(dir, 't10k-labels-idx1-ubyte'), [1], new Uint8Array(1));
    const err = await loadMnist(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as Error).message).toContain(
      `${join(dir, 'train-images-idx3-ubyte.gz')}: images of 14×56 pixels`,
    );
  });

  it('only the test split at fault: the error names the t10k file', async () => {
    const dir = tempDir('pathnet-envs-test-split-');
    writeIdxDataset(dir, [1, 2], [3], { rows: 28, cols: 28 });
    writeIdx(join(dir, 't10k-images-idx3-ubyte'), [1, 14, 56], patternImages(1, 784));
    const err = await loadMnist(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as Error).message).toContain(
      `${join(dir, 't10k-images-idx3-ubyte')}: images of 14×56 pixels`,
    );
  });

  it('a corrupt gzip stream is a DataFormatError', async () => {
    const path = join(tempDir(), 'bad.gz');
    writeFileSync(path, gzipSync(idxBytes([2], new Uint8Array([1, 2]))).subarray(0, 12));
    await expect(readIdx(path, 1)).rejects.toThrow(/bad.gz: corrupt gzip data/);
  });

  it('a label out of range names the file, the record and the allowed range', async () => {
    const dir = tempDir();
    writeIdxDataset(dir, [1, 2, 10, 3], [0], { rows: 28, cols: 28 });
    const err = await loadMnist(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabelRangeError);
    expect((err as Error).message).toMatch(
      /train-labels-idx1-ubyte: label 10 at record 2 is out of range; expected 0..9/,
    );
  });

  it('image and label counts that differ are an error', async () => {
    const dir = tempDir();
    writeIdxDataset(dir, [1, 2, 3], [0], { rows: 28, cols: 28 });
    writeIdx(join(dir, 'train-labels-idx1-ubyte'), [2], new Uint8Array([1, 2]));
    await expect(loadMnist(dir)).rejects.toThrow(
      /2 labels, but .*train-images-idx3-ubyte holds 3 images/,
    );
  });
});

describe('Fashion-MNIST from a folder', () => {
  it('reads the four gzipped files with their class names, through makeTask too', async () => {
    const dir = tempDir();
    writeIdxDataset(dir, [0, 9, 3, 3, 7], [8, 1], { rows: 28, cols: 28, gzip: true });
    const d = await loadFashionMnist(dir);
    expect(d.train.count).toBe(5);
    expect(d.test.count).toBe(2);
    expect(d.classNames[9]).toBe('Ankle boot');
    const task = await makeTask('fashion-mnist', { dir });
    expect(task.inputShape).toEqual([784]);
    expect(task.numClasses).toBe(10);
    expect([...task.testSet().y]).toEqual([8, 1]);
  });

  it('a missing folder names the files tried and how to install them', async () => {
    const dir = join(tempDir(), 'absent');
    const err = await loadFashionMnist(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetNotFoundError);
    expect((err as Error).message).toContain(join(dir, 'train-images-idx3-ubyte.gz'));
    expect((err as Error).message).toContain('apt-get install dataset-fashion-mnist');
  });

  it.skipIf(!existsSync(DEBIAN_FASHION_MNIST_DIR))(
    'the Debian package files hold 6,000 / 1,000 images of each class',
    async () => {
      const d = await loadFashionMnist();
      for (const [split, n] of [
        [d.train, 6000],
        [d.test, 1000],
      ] as const) {
        const c = new Array(10).fill(0);
        for (const l of split.labels) c[l]++;
        expect(c).toEqual(new Array(10).fill(n));
      }
    },
  );
});
