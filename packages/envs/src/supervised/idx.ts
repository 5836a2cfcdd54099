/**
 * Reader for the IDX format of the MNIST and Fashion-MNIST files, plain or
 * gzipped.
 *
 * Format (LeCun et al., "THE MNIST DATABASE of handwritten digits", file
 * formats section): a 4-byte magic number `0x00 0x00 <type> <ndims>`, then
 * `ndims` big-endian uint32 sizes, then the data in row-major order. This
 * reader handles type `0x08` (unsigned byte), the only type the image and
 * label files use.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import { DataFormatError, DataReadError, DatasetNotFoundError, LabelRangeError } from './errors.js';
import type { LabeledImages } from './types.js';

const gunzip = promisify(gunzipCallback);

/** IDX type byte of unsigned 8-bit data. */
export const IDX_UBYTE = 0x08;

const TYPE_NAMES: Record<number, string> = {
  8: 'unsigned byte',
  9: 'signed byte',
  11: 'int16',
  12: 'int32',
  13: 'float32',
  14: 'float64',
};

/** One decoded IDX file. */
export interface IdxArray {
  /** Sizes from the header, e.g. `[60000, 28, 28]` for training images. */
  readonly dims: readonly number[];
  /** Row-major unsigned bytes, `Uint8Array [prod(dims)]` (a view into the file's buffer). */
  readonly data: Uint8Array;
}

/**
 * Decodes the bytes of an IDX file (already gunzipped).
 *
 * @param bytes - the whole file.
 * @param file - path or name used in error messages.
 * @param expectedDims - number of dimensions the caller needs (3 for images, 1 for labels).
 * @throws {DataFormatError} on a wrong magic number, a type other than unsigned
 *   byte, a dimension count other than `expectedDims`, or a file shorter or
 *   longer than its header says.
 */
export function parseIdx(bytes: Uint8Array, file: string, expectedDims: number): IdxArray {
  if (bytes.length < 4) {
    throw new DataFormatError(
      file,
      `truncated: ${bytes.length} bytes, an IDX header needs at least 4`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const expectedMagic = (IDX_UBYTE << 8) | expectedDims;
  const type = bytes[2] ?? 0;
  const ndims = bytes[3] ?? 0;
  if (bytes[0] !== 0 || bytes[1] !== 0 || type !== IDX_UBYTE || ndims !== expectedDims) {
    const typeName = TYPE_NAMES[type];
    const why =
      bytes[0] !== 0 || bytes[1] !== 0
        ? 'not an IDX file'
        : type !== IDX_UBYTE
          ? `data type 0x${hex(type, 2)} (${typeName ?? 'unknown'}) is not supported`
          : `${ndims} dimensions`;
    throw new DataFormatError(
      file,
      `wrong magic number 0x${hex(magic, 8)} (${why}); expected 0x${hex(expectedMagic, 8)} ` +
        `(unsigned bytes, ${expectedDims} dimension${expectedDims === 1 ? '' : 's'})`,
    );
  }
  const headerSize = 4 + 4 * ndims;
  if (bytes.length < headerSize) {
    throw new DataFormatError(
      file,
      `truncated: ${bytes.length} bytes, the header alone needs ${headerSize}`,
    );
  }
  const dims: number[] = [];
  let size = 1;
  for (let d = 0; d < ndims; d++) {
    const n = view.getUint32(4 + 4 * d, false);
    dims.push(n);
    size *= n;
  }
  const body = bytes.length - headerSize;
  if (body < size) {
    throw new DataFormatError(
      file,
      `truncated: header says [${dims.join(', ')}] = ${size} data bytes, the file has ${body}`,
    );
  }
  if (body > size) {
    throw new DataFormatError(
      file,
      `${body - size} bytes after the data: header says [${dims.join(', ')}] = ${size} data bytes, the file has ${body}`,
    );
  }
  return { dims, data: bytes.subarray(headerSize) };
}

/**
 * Reads and decodes an IDX file; a file starting with the gzip magic bytes
 * (`1f 8b`) is gunzipped first (node:zlib), whatever its name.
 *
 * @throws {DatasetNotFoundError} if the file does not exist.
 * @throws {DataReadError} if the path is a folder or cannot be read.
 * @throws {DataFormatError} as {@link parseIdx}, or for a corrupt gzip stream.
 */
export async function readIdx(path: string, expectedDims: number): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    if (isNotFound(e)) throw new DatasetNotFoundError('IDX', [path], 'Check the path.');
    throw readError(path, e);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = await gunzip(bytes);
    } catch (e) {
      throw new DataFormatError(path, `corrupt gzip data (${(e as Error).message})`);
    }
  }
  // a plain Uint8Array view, not a Buffer, so that the data compare and print as such
  return parseIdx(
    new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    path,
    expectedDims,
  );
}

/** Paths of one split's IDX image and label files. */
export interface IdxPair {
  /** IDX3 file of `N × rows × cols` unsigned-byte images. */
  readonly images: string;
  /** IDX1 file of `N` unsigned-byte labels. */
  readonly labels: string;
}

/**
 * A read error other than "not found" as a {@link DataReadError} naming the path
 * (a folder where a file should be gives `EISDIR`).
 */
export function readError(path: string, e: unknown): DataReadError {
  const code = String((e as { code?: unknown } | null)?.code ?? 'EIO');
  const detail =
    code === 'EISDIR'
      ? 'is a folder; expected a data file'
      : `cannot be read (${code}: ${(e as Error)?.message ?? String(e)})`;
  return new DataReadError(path, code, detail);
}

/**
 * Reads an image file and its label file into {@link LabeledImages} with
 * per-image shape `[rows, cols, 1]`.
 *
 * @param numClasses - labels must lie in `[0, numClasses)`.
 * @param imageSize - `[rows, cols]` every image must have (e.g. `[28, 28]` for MNIST);
 *   default: any. Checked against the header, so a file of the right byte count but
 *   other dimensions is refused.
 * @throws {DatasetNotFoundError} if a file is missing.
 * @throws {DataReadError} if a path is a folder or cannot be read.
 * @throws {DataFormatError} on a bad header, a truncated file, images of another size
 *   than `imageSize`, or image and label counts that differ.
 * @throws {LabelRangeError} on a label `>= numClasses`.
 */
export async function readIdxPair(
  pair: IdxPair,
  numClasses: number,
  imageSize?: readonly [rows: number, cols: number],
): Promise<LabeledImages> {
  const [img, lab] = await allInOrder([readIdx(pair.images, 3), readIdx(pair.labels, 1)]);
  const [count = 0, rows = 0, cols = 0] = img.dims;
  if (imageSize !== undefined && (rows !== imageSize[0] || cols !== imageSize[1])) {
    throw new DataFormatError(
      pair.images,
      `images of ${rows}×${cols} pixels (header [${img.dims.join(', ')}]); expected ${imageSize[0]}×${imageSize[1]}`,
    );
  }
  const labelCount = lab.dims[0] ?? 0;
  if (labelCount !== count) {
    throw new DataFormatError(
      pair.labels,
      `${labelCount} labels, but ${pair.images} holds ${count} images; expected equal counts`,
    );
  }
  const labels = lab.data;
  checkLabels(labels, numClasses, pair.labels);
  return { images: img.data, labels, count, shape: [rows, cols, 1] };
}

/**
 * Like `Promise.all`, but waits for every promise and, where some fail, throws
 * the error of the first of them in argument order, not the first to fail in
 * time: files read at once (images and labels, training and test split) give
 * the same error whichever read finishes first.
 *
 * @returns the promises' values, in order.
 * @throws the rejection reason of the first promise in `promises` that rejected.
 */
export async function allInOrder<const T extends readonly unknown[]>(
  promises: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(promises);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}

/**
 * Checks every label lies in `[0, numClasses)`.
 * @throws {LabelRangeError} naming the first offending record.
 */
export function checkLabels(labels: Uint8Array, numClasses: number, file: string): void {
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] ?? 0;
    if (l >= numClasses) throw new LabelRangeError(file, i, l, `0..${numClasses - 1}`);
  }
}

/** Whether `e` is an error of the file system (it carries a string `code` like `"EISDIR"`). */
export function isFileSystemError(e: unknown): boolean {
  return (
    typeof (e as { code?: unknown } | null)?.code === 'string' && !(e instanceof DataReadError)
  );
}

/** Whether `e` is a Node "no such file or directory" error. */
export function isNotFound(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function hex(n: number, width: number): string {
  return (n >>> 0).toString(16).padStart(width, '0');
}
