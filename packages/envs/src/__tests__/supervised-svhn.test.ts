import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DataFormatError,
  DatasetNotFoundError,
  LabelRangeError,
  loadSvhnCropped,
  makeTask,
  parseSvhnMat,
  readMat5,
} from '../index.js';
import {
  expectCifarPixels,
  mat5Bytes,
  svhnX,
  tempDir,
  writeSvhnMat,
} from './supervised-fixtures.js';

describe('MAT Level 5 reader', () => {
  it.each([false, true])(
    'reads a uint8 4-D array and a double vector (compressed: %s)',
    (compress) => {
      const bytes = mat5Bytes(
        [
          { name: 'X', mxClass: 9, dims: [32, 32, 3, 2], values: svhnX(2) },
          { name: 'y', mxClass: 6, dims: [2, 1], values: [10, 4] },
        ],
        compress,
      );
      const vars = readMat5(bytes, 'mem');
      const X = vars.get('X');
      expect(X?.className).toBe('uint8');
      expect(X?.dims).toEqual([32, 32, 3, 2]);
      expect(X?.data).toEqual(svhnX(2));
      expect(vars.get('y')?.className).toBe('double');
      expect([...(vars.get('y')?.data ?? [])]).toEqual([10, 4]);
    },
  );

  it('reads only the variables asked for', () => {
    const bytes = mat5Bytes([
      { name: 'a', mxClass: 6, dims: [1, 1], values: [1] },
      { name: 'b', mxClass: 6, dims: [1, 1], values: [2] },
    ]);
    expect([...readMat5(bytes, 'mem', ['b']).keys()]).toEqual(['b']);
  });

  it('a file without the MAT header is a DataFormatError naming the endian indicator', () => {
    const bytes = new Uint8Array(200);
    expect(() => readMat5(bytes, 'x.mat')).toThrow(DataFormatError);
    expect(() => readMat5(bytes, 'x.mat')).toThrow(
      /x.mat: not a MAT-file: endian indicator .* expected "IM" or "MI"/,
    );
    expect(() => readMat5(new Uint8Array(20), 'short.mat')).toThrow(
      /short.mat: truncated: 20 bytes/,
    );
  });

  it('a v7.3 (HDF5) file is named as such', () => {
    const bytes = mat5Bytes([]);
    bytes.set([...'MATLAB 7.3 MAT-file'].map((c) => c.charCodeAt(0)));
    new DataView(bytes.buffer).setUint16(124, 0x0200, true);
    expect(() => readMat5(bytes, 'v73.mat')).toThrow(
      /v73.mat: MAT-file version 0x200 \(a v7.3 HDF5 file/,
    );
  });

  it('a truncated file is a DataFormatError', () => {
    const bytes = mat5Bytes([{ name: 'X', mxClass: 9, dims: [32, 32, 3, 1], values: svhnX(1) }]);
    expect(() => readMat5(bytes.subarray(0, bytes.length - 500), 'cut.mat')).toThrow(
      /cut.mat: truncated: element at offset 128 declares/,
    );
    const z = mat5Bytes([{ name: 'X', mxClass: 9, dims: [32, 32, 3, 1], values: svhnX(1) }], true);
    expect(() => readMat5(z.subarray(0, z.length - 10), 'cutz.mat')).toThrow(/cutz.mat: truncated/);
  });
});

describe('cropped SVHN', () => {
  it('turns X [32, 32, 3, N] column-major into HWC images and label 10 into 0', () => {
    const bytes = mat5Bytes([
      { name: 'X', mxClass: 9, dims: [32, 32, 3, 3], values: svhnX(3) },
      { name: 'y', mxClass: 9, dims: [3, 1], values: [10, 1, 9] },
    ]);
    const d = parseSvhnMat(bytes, 'train_32x32.mat');
    expect(d.count).toBe(3);
    expect([...d.labels]).toEqual([0, 1, 9]);
    expectCifarPixels(d.images, [
      [0, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [2, 31, 7, 2],
      [1, 12, 30, 1],
    ]);
  });

  it('loads both files from dataDir/svhn (compressed, double labels) through makeTask', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'svhn'));
    writeSvhnMat(join(root, 'svhn', 'train_32x32.mat'), [1, 2, 3, 10, 5], {
      compress: true,
      yClass: 'double',
    });
    writeSvhnMat(join(root, 'svhn', 'test_32x32.mat'), [10, 7], { compress: true });
    const d = await loadSvhnCropped({ dataDir: root });
    expect([...d.train.labels]).toEqual([1, 2, 3, 0, 5]);
    const task = await makeTask('svhn-cropped', { dataDir: root });
    expect(task.inputShape).toEqual([32, 32, 3]);
    expect(task.trainSize).toBe(5);
    expect([...task.testSet().y]).toEqual([0, 7]);
  });

  it('a folder without the files names the paths tried and the download URLs', async () => {
    const root = join(tempDir(), 'none');
    const err = await loadSvhnCropped({ dataDir: root }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetNotFoundError);
    const msg = (err as Error).message;
    expect(msg).toContain(join(root, 'svhn', 'test_32x32.mat'));
    expect(msg).toContain('http://ufldl.stanford.edu/housenumbers/train_32x32.mat');
    expect(msg).toContain('http://ufldl.stanford.edu/housenumbers/test_32x32.mat');
  });

  it('a missing training file is named', async () => {
    const root = tempDir();
    writeSvhnMat(join(root, 'test_32x32.mat'), [1]);
    await expect(loadSvhnCropped({ dataDir: root })).rejects.toThrow(/train_32x32\.mat/);
  });

  it.each([0, 11, 2.5])('label %s is a LabelRangeError naming the record', (bad) => {
    const root = tempDir();
    const path = join(root, 'test_32x32.mat');
    writeSvhnMat(path, [3, bad], { yClass: 'double' });
    const err = (() => {
      try {
        parseSvhnMat(readFileSync(path), path);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(LabelRangeError);
    expect((err as Error).message).toContain(
      `label ${bad} at record 1 is out of range; expected 1..10`,
    );
  });

  it('X of the wrong shape or class is a DataFormatError saying what was expected', () => {
    const wrongShape = mat5Bytes([
      { name: 'X', mxClass: 9, dims: [28, 28, 1, 1], values: new Uint8Array(784) },
      { name: 'y', mxClass: 9, dims: [1, 1], values: [1] },
    ]);
    expect(() => parseSvhnMat(wrongShape, 'a.mat')).toThrow(
      /"X" is uint8 \[28×28×1×1\]; expected uint8 \[32×32×3×N\]/,
    );
    const noY = mat5Bytes([{ name: 'X', mxClass: 9, dims: [32, 32, 3, 1], values: svhnX(1) }]);
    expect(() => parseSvhnMat(noY, 'b.mat')).toThrow(/b.mat: missing variable "y"/);
  });
});
