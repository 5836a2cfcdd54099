/**
 * Writers of small data files in the real on-disk formats (IDX, CIFAR-10
 * binary, MAT Level 5), for the loader tests. Test-only code.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { expect } from 'vitest';
import type { ImageDataset } from '../supervised/types.js';

/** A fresh temporary folder. */
export function tempDir(prefix = 'pathnet-envs-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** IDX bytes of unsigned-byte data with the given dimensions. */
export function idxBytes(dims: readonly number[], data: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  view.setUint32(0, (0x08 << 8) | dims.length, false);
  dims.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  return concat([header, data]);
}

/** Writes an IDX file, gzipped if `gzip`. */
export function writeIdx(
  path: string,
  dims: readonly number[],
  data: Uint8Array,
  gzip = false,
): void {
  const bytes = idxBytes(dims, data);
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
}

/** A deterministic pseudo-image: byte `(n * 31 + i * 7) mod 256` for image n, value i. */
export function patternImages(count: number, size: number): Uint8Array {
  const out = new Uint8Array(count * size);
  for (let n = 0; n < count; n++)
    for (let i = 0; i < size; i++) out[n * size + i] = (n * 31 + i * 7) & 255;
  return out;
}

/**
 * Writes the four MNIST-named IDX files (`train-*`, `t10k-*`) into `dir`
 * with `rows × cols` images, labels given.
 */
export function writeIdxDataset(
  dir: string,
  trainLabels: readonly number[],
  testLabels: readonly number[],
  options: { rows?: number; cols?: number; gzip?: boolean } = {},
): void {
  const rows = options.rows ?? 4;
  const cols = options.cols ?? 3;
  const ext = options.gzip ? '.gz' : '';
  const split = (prefix: string, labels: readonly number[]): void => {
    writeIdx(
      join(dir, `${prefix}-images-idx3-ubyte${ext}`),
      [labels.length, rows, cols],
      patternImages(labels.length, rows * cols),
      options.gzip,
    );
    writeIdx(
      join(dir, `${prefix}-labels-idx1-ubyte${ext}`),
      [labels.length],
      Uint8Array.from(labels),
      options.gzip,
    );
  };
  split('train', trainLabels);
  split('t10k', testLabels);
}

/**
 * CIFAR-10 binary records: for record n, label `labels[n]`, pixel (row r,
 * col c) of channel ch equal to `cifarPixel(n, r, c, ch)`.
 */
export function cifarBytes(labels: readonly number[]): Uint8Array {
  const out = new Uint8Array(labels.length * 3073);
  labels.forEach((label, n) => {
    const rec = n * 3073;
    out[rec] = label;
    for (let ch = 0; ch < 3; ch++)
      for (let r = 0; r < 32; r++)
        for (let c = 0; c < 32; c++)
          out[rec + 1 + ch * 1024 + r * 32 + c] = cifarPixel(n, r, c, ch);
  });
  return out;
}

/** The pixel value {@link cifarBytes} and {@link svhnX} write. */
export function cifarPixel(n: number, r: number, c: number, ch: number): number {
  return (n * 13 + r * 5 + c * 3 + ch * 101) & 255;
}

/**
 * Expects each listed pixel `[n, r, c, ch]` of the HWC `[32, 32, 3]` images in
 * `images` to be `cifarPixel(n, r, c, ch)`.
 */
export function expectCifarPixels(
  images: Uint8Array,
  pixels: readonly (readonly [number, number, number, number])[],
): void {
  for (const [n, r, c, ch] of pixels) {
    expect(images[n * 3072 + (r * 32 + c) * 3 + ch]).toBe(cifarPixel(n, r, c, ch));
  }
}

// ---- MAT Level 5 writer -------------------------------------------------

/** A variable to write with {@link mat5Bytes}. */
export interface MatVar {
  name: string;
  /** mxCLASS code: 6 double, 9 uint8. */
  mxClass: number;
  dims: number[];
  /** Values, column-major. */
  values: ArrayLike<number>;
  /** miTYPE of the stored data: 2 miUINT8, 9 miDOUBLE. Default from the class. */
  storage?: number;
}

const MI_INT8 = 1;
const MI_UINT8 = 2;
const MI_INT32 = 5;
const MI_UINT32 = 6;
const MI_DOUBLE = 9;
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;

function tagged(type: number, data: Uint8Array, allowSmall = true): Uint8Array {
  if (allowSmall && data.length <= 4) {
    const out = new Uint8Array(8);
    const v = new DataView(out.buffer);
    v.setUint16(0, type, true);
    v.setUint16(2, data.length, true);
    out.set(data, 4);
    return out;
  }
  const padded = Math.ceil(data.length / 8) * 8;
  const out = new Uint8Array(8 + padded);
  const v = new DataView(out.buffer);
  v.setUint32(0, type, true);
  v.setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}

function matrixElement(mv: MatVar): Uint8Array {
  const flags = new Uint8Array(8);
  new DataView(flags.buffer).setUint32(0, mv.mxClass, true);
  const dims = new Uint8Array(4 * mv.dims.length);
  const dv = new DataView(dims.buffer);
  mv.dims.forEach((d, i) => {
    dv.setInt32(4 * i, d, true);
  });
  const name = Uint8Array.from([...mv.name].map((ch) => ch.charCodeAt(0)));
  const storage = mv.storage ?? (mv.mxClass === 9 ? MI_UINT8 : MI_DOUBLE);
  let data: Uint8Array;
  if (storage === MI_UINT8) data = Uint8Array.from(mv.values);
  else {
    const f = Float64Array.from(mv.values);
    data = new Uint8Array(f.buffer);
  }
  const body = concat([
    tagged(MI_UINT32, flags, false),
    tagged(MI_INT32, dims, false),
    tagged(MI_INT8, name),
    tagged(storage, data, false),
  ]);
  return tagged(MI_MATRIX, body, false);
}

/** MAT Level 5 bytes (little-endian) holding `vars`, each compressed if `compress`. */
export function mat5Bytes(vars: readonly MatVar[], compress = false): Uint8Array {
  const header = new Uint8Array(128).fill(0x20);
  const text = 'MATLAB 5.0 MAT-file, written by the PathNet-TS test fixtures';
  header.set([...text].map((c) => c.charCodeAt(0)));
  header.fill(0, 116, 124);
  const hv = new DataView(header.buffer);
  hv.setUint16(124, 0x0100, true);
  header[126] = 'I'.charCodeAt(0);
  header[127] = 'M'.charCodeAt(0);
  const parts: Uint8Array[] = [header];
  for (const v of vars) {
    const el = matrixElement(v);
    if (!compress) parts.push(el);
    else {
      const z = deflateSync(el);
      const tag = new Uint8Array(8);
      const tv = new DataView(tag.buffer);
      tv.setUint32(0, MI_COMPRESSED, true);
      tv.setUint32(4, z.length, true);
      parts.push(tag, z);
    }
  }
  return concat(parts);
}

/**
 * SVHN's `X`: dims `[32, 32, 3, N]`, column-major, value at (row r, col c,
 * channel ch, image n) = `cifarPixel(n, r, c, ch)`.
 */
export function svhnX(count: number): Uint8Array {
  const out = new Uint8Array(32 * 32 * 3 * count);
  for (let n = 0; n < count; n++)
    for (let ch = 0; ch < 3; ch++)
      for (let c = 0; c < 32; c++)
        for (let r = 0; r < 32; r++)
          out[r + 32 * c + 1024 * ch + 3072 * n] = cifarPixel(n, r, c, ch);
  return out;
}

/** Writes an SVHN-layout `.mat` file with labels `y` (1..10, 10 = digit 0). */
export function writeSvhnMat(
  path: string,
  y: readonly number[],
  options: { compress?: boolean; yClass?: 'uint8' | 'double' } = {},
): void {
  const vars: MatVar[] = [
    { name: 'X', mxClass: 9, dims: [32, 32, 3, y.length], values: svhnX(y.length) },
    {
      name: 'y',
      mxClass: options.yClass === 'double' ? 6 : 9,
      dims: [y.length, 1],
      values: y,
    },
  ];
  writeFileSync(path, mat5Bytes(vars, options.compress ?? false));
}

/** The bytes of `parts` one after another, in a new array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * An in-memory data set whose image for record i stores i in its first two
 * bytes (low, high) and `fill` elsewhere; `perClass[k]` records of label k,
 * interleaved. Same layout for train and test.
 */
export function syntheticDataset(
  perClass: readonly number[],
  options: { shape?: number[]; fill?: number } = {},
): ImageDataset {
  const shape = options.shape ?? [2, 2, 1];
  const size = shape.reduce((a, b) => a * b, 1);
  const labels: number[] = [];
  const left = [...perClass];
  while (left.some((n) => n > 0)) {
    left.forEach((n, k) => {
      if (n > 0) {
        labels.push(k);
        left[k] = n - 1;
      }
    });
  }
  const images = new Uint8Array(labels.length * size).fill(options.fill ?? 0);
  labels.forEach((_, i) => {
    images[i * size] = i & 255;
    if (size > 1) images[i * size + 1] = i >> 8;
  });
  const split = { images, labels: Uint8Array.from(labels), count: labels.length, shape };
  return {
    name: 'synthetic',
    numClasses: perClass.length,
    classNames: perClass.map((_, k) => `c${k}`),
    train: split,
    test: split,
  };
}

/** Record index stored by {@link syntheticDataset} in example b of a batch. */
export function recordOf(x: Float32Array, b: number, inputSize: number): number {
  return (
    Math.round((x[b * inputSize] ?? 0) * 255) + 256 * Math.round((x[b * inputSize + 1] ?? 0) * 255)
  );
}
