/**
 * A minimal reader of MATLAB Level 5 MAT-files ("MAT-File Format", MathWorks,
 * chapter "Level 5 MAT-File Format"), enough for the cropped SVHN files: a
 * 128-byte header, then data elements, each an 8-byte tag (type, byte count)
 * or a 4-byte small-element tag, data padded to 8 bytes; `miCOMPRESSED` (15)
 * elements hold one zlib-deflated element; `miMATRIX` (14) elements hold the
 * array flags, dimensions, name and real part of a numeric array.
 *
 * Only real, non-sparse numeric arrays are decoded; other variables are
 * skipped. Why not a library: the one maintained reader on npm,
 * `mat-for-js` 1.1.0, builds nested JavaScript arrays one value at a time,
 * so the 225 million values of SVHN's `train_32x32.mat` exceed V8's array
 * length limit, and its GPL-3.0 licence does not fit this Apache-2.0 package.
 */
import { inflateSync } from 'node:zlib';
import { DataFormatError } from './errors.js';

const MI_INT8 = 1;
const MI_UINT8 = 2;
const MI_INT16 = 3;
const MI_UINT16 = 4;
const MI_INT32 = 5;
const MI_UINT32 = 6;
const MI_SINGLE = 7;
const MI_DOUBLE = 9;
const MI_INT64 = 12;
const MI_UINT64 = 13;
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;

/** MATLAB array classes (`mxCLASS`) of numeric arrays, by code. */
export const MX_CLASS_NAMES: Readonly<Record<number, string>> = {
  6: 'double',
  7: 'single',
  8: 'int8',
  9: 'uint8',
  10: 'int16',
  11: 'uint16',
  12: 'int32',
  13: 'uint32',
  14: 'int64',
  15: 'uint64',
};

/** Reads element `i` of a numeric array whose data starts at byte `start`. */
type ElementReader = (v: DataView, start: number, i: number, le: boolean) => number;

/** The numeric data types: bytes per element and how to read one as a number. */
const ELEMENT: Readonly<Record<number, { readonly size: number; readonly read: ElementReader }>> = {
  [MI_INT8]: { size: 1, read: (v, start, i) => v.getInt8(start + i) },
  [MI_UINT8]: { size: 1, read: (v, start, i) => v.getUint8(start + i) },
  [MI_INT16]: { size: 2, read: (v, start, i, le) => v.getInt16(start + 2 * i, le) },
  [MI_UINT16]: { size: 2, read: (v, start, i, le) => v.getUint16(start + 2 * i, le) },
  [MI_INT32]: { size: 4, read: (v, start, i, le) => v.getInt32(start + 4 * i, le) },
  [MI_UINT32]: { size: 4, read: (v, start, i, le) => v.getUint32(start + 4 * i, le) },
  [MI_SINGLE]: { size: 4, read: (v, start, i, le) => v.getFloat32(start + 4 * i, le) },
  [MI_DOUBLE]: { size: 8, read: (v, start, i, le) => v.getFloat64(start + 8 * i, le) },
  [MI_INT64]: { size: 8, read: (v, start, i, le) => Number(v.getBigInt64(start + 8 * i, le)) },
  [MI_UINT64]: { size: 8, read: (v, start, i, le) => Number(v.getBigUint64(start + 8 * i, le)) },
};

/** One real numeric variable of a MAT-file. */
export interface MatArray {
  /** Variable name. */
  readonly name: string;
  /** MATLAB class, e.g. `"uint8"` or `"double"`. */
  readonly className: string;
  /** Dimensions, column-major (first index fastest), e.g. `[32, 32, 3, N]`. */
  readonly dims: readonly number[];
  /**
   * Values in column-major order. A `uint8` array stored as `miUINT8` is a
   * view into the file's bytes (no copy); any other storage is converted to
   * `Float64Array`.
   */
  readonly data: Uint8Array | Float64Array;
}

interface Cursor {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly le: boolean;
  readonly file: string;
}

/**
 * Reads the real numeric variables named in `wanted` (all if omitted).
 *
 * @param bytes - the whole file.
 * @param file - path used in error messages.
 * @throws {DataFormatError} on a missing or wrong header (including v7.3 /
 *   HDF5 files), a truncated element, a corrupt compressed element, or a
 *   wanted variable that is complex, sparse or not numeric.
 */
export function readMat5(
  bytes: Uint8Array,
  file: string,
  wanted?: readonly string[],
): Map<string, MatArray> {
  if (bytes.length < 128) {
    throw new DataFormatError(file, `truncated: ${bytes.length} bytes, a MAT-file header is 128`);
  }
  const text = String.fromCharCode(...bytes.subarray(0, 10));
  const endian = String.fromCharCode(bytes[126]!, bytes[127]!);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = endian === 'IM';
  if (!le && endian !== 'MI') {
    throw new DataFormatError(
      file,
      `not a MAT-file: endian indicator "${printable(endian)}" at byte 126, expected "IM" or "MI" ` +
        '(MATLAB Level 5 MAT-file)',
    );
  }
  const version = view.getUint16(124, le);
  if (version !== 0x0100) {
    const v73 = text.startsWith('MATLAB 7.3') ? ' (a v7.3 HDF5 file; save with -v7 instead)' : '';
    throw new DataFormatError(
      file,
      `MAT-file version 0x${version.toString(16)}${v73}; expected 0x0100 (Level 5)`,
    );
  }
  const out = new Map<string, MatArray>();
  const top: Cursor = { bytes, view, le, file };
  let at = 128;
  while (at < bytes.length) {
    if (bytes.length - at < 8) {
      throw new DataFormatError(
        file,
        `truncated: ${bytes.length - at} stray bytes at offset ${at}`,
      );
    }
    const type = view.getUint32(at, le);
    const size = view.getUint32(at + 4, le);
    const end = at + 8 + size;
    if (end > bytes.length) {
      throw new DataFormatError(
        file,
        `truncated: element at offset ${at} declares ${size} bytes, only ${bytes.length - at - 8} remain`,
      );
    }
    if (type === MI_COMPRESSED) {
      let inner: Uint8Array;
      try {
        const z = inflateSync(bytes.subarray(at + 8, end));
        inner = new Uint8Array(z.buffer, z.byteOffset, z.byteLength);
      } catch (e) {
        throw new DataFormatError(
          file,
          `corrupt compressed element at offset ${at} (${(e as Error).message})`,
        );
      }
      const cur: Cursor = {
        bytes: inner,
        view: new DataView(inner.buffer, inner.byteOffset, inner.byteLength),
        le,
        file,
      };
      if (inner.length < 8)
        throw new DataFormatError(file, `empty compressed element at offset ${at}`);
      const innerType = cur.view.getUint32(0, le);
      const innerSize = cur.view.getUint32(4, le);
      if (8 + innerSize > inner.length) {
        throw new DataFormatError(
          file,
          `truncated: compressed element at offset ${at} inflates to ${inner.length} bytes, its tag declares ${8 + innerSize}`,
        );
      }
      if (innerType === MI_MATRIX) readMatrix(cur, 8, 8 + innerSize, wanted, out);
      at = end; // compressed elements are not padded
    } else {
      if (type === MI_MATRIX) readMatrix(top, at + 8, end, wanted, out);
      at = at + 8 + pad8(size);
    }
  }
  return out;
}

/** Reads one sub-element tag and returns its type, data start and byte count. */
function subElement(
  c: Cursor,
  at: number,
  end: number,
): { type: number; start: number; size: number; next: number } {
  if (end - at < 8) {
    throw new DataFormatError(c.file, `truncated: array sub-element at offset ${at}`);
  }
  const first = c.view.getUint32(at, c.le);
  const small = first >>> 16;
  if (small !== 0) {
    // small data element: 2-byte count, 2-byte type, up to 4 data bytes
    return { type: first & 0xffff, start: at + 4, size: small, next: at + 8 };
  }
  const size = c.view.getUint32(at + 4, c.le);
  if (at + 8 + size > end) {
    throw new DataFormatError(
      c.file,
      `truncated: array sub-element at offset ${at} declares ${size} bytes, ${end - at - 8} remain`,
    );
  }
  return { type: first, start: at + 8, size, next: at + 8 + pad8(size) };
}

function readMatrix(
  c: Cursor,
  at: number,
  end: number,
  wanted: readonly string[] | undefined,
  out: Map<string, MatArray>,
): void {
  if (end === at) return; // empty matrix element
  const flags = subElement(c, at, end);
  const flagWord = c.view.getUint32(flags.start, c.le);
  const mxClass = flagWord & 0xff;
  const complex = (flagWord & 0x800) !== 0;
  const dimsEl = subElement(c, flags.next, end);
  const dims: number[] = [];
  for (let i = 0; i < dimsEl.size / 4; i++) dims.push(c.view.getInt32(dimsEl.start + 4 * i, c.le));
  const nameEl = subElement(c, dimsEl.next, end);
  const name = String.fromCharCode(...c.bytes.subarray(nameEl.start, nameEl.start + nameEl.size));
  if (wanted !== undefined && !wanted.includes(name)) return;
  const className = MX_CLASS_NAMES[mxClass];
  if (className === undefined || complex) {
    if (wanted === undefined) return;
    throw new DataFormatError(
      c.file,
      `variable "${name}" is ${complex ? 'complex' : `of MATLAB class code ${mxClass}`}; expected a real numeric array`,
    );
  }
  const real = subElement(c, nameEl.next, end);
  const width = ELEMENT[real.type]?.size;
  if (width === undefined) {
    throw new DataFormatError(
      c.file,
      `variable "${name}" has data type ${real.type}; expected a numeric type`,
    );
  }
  const count = dims.reduce((a, b) => a * b, 1);
  if (real.size !== count * width) {
    throw new DataFormatError(
      c.file,
      `variable "${name}" [${dims.join('×')}] needs ${count * width} data bytes, has ${real.size}`,
    );
  }
  out.set(name, { name, className, dims, data: decode(c, real.type, real.start, count) });
}

/** The `count` elements of numeric type `type` (one of {@link ELEMENT}) from byte `start`: uint8 as a view, the others as float64. */
function decode(c: Cursor, type: number, start: number, count: number): Uint8Array | Float64Array {
  if (type === MI_UINT8) return c.bytes.subarray(start, start + count);
  const read = (ELEMENT[type] as (typeof ELEMENT)[number]).read;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = read(c.view, start, i, c.le);
  return out;
}

function pad8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}
