import type { EnvRng } from './rng.js';

/** Element type of a {@link BoxSpace}; observations are `Uint8Array` or `Float32Array`. */
export type Dtype = 'uint8' | 'float32';

/**
 * A box of `prod(shape)` numbers, each in `[low, high]`, stored row-major
 * (last axis fastest) in a typed array of `dtype`. As Gymnasium's `Box`.
 */
export interface BoxSpace {
  readonly kind: 'box';
  /** Axis lengths, e.g. `[10, 10, 4]` (rows, columns, channels) or `[84, 84]`. */
  readonly shape: readonly number[];
  readonly low: number;
  readonly high: number;
  readonly dtype: Dtype;
}

/** The integers `0 … n-1`. As Gymnasium's `Discrete`. */
export interface DiscreteSpace {
  readonly kind: 'discrete';
  readonly n: number;
}

/** Every space an environment may declare. */
export type Space = BoxSpace | DiscreteSpace;

/** A value of a {@link BoxSpace}: one typed array of `prod(shape)` elements. */
export type Observation = Uint8Array | Float32Array;

/** Builds a {@link BoxSpace}. @throws {RangeError} on a non-positive axis or `low > high`. */
export function box(shape: readonly number[], low: number, high: number, dtype: Dtype): BoxSpace {
  for (const d of shape) {
    if (!Number.isInteger(d) || d <= 0) {
      throw new RangeError(
        `box shape [${shape.join(', ')}] has axis ${d}; expected positive integers`,
      );
    }
  }
  if (!(low <= high)) throw new RangeError(`box bounds [${low}, ${high}]: expected low <= high`);
  return Object.freeze({ kind: 'box', shape: Object.freeze([...shape]), low, high, dtype });
}

/** Builds a {@link DiscreteSpace}. @throws {RangeError} unless `n` is a positive integer. */
export function discrete(n: number): DiscreteSpace {
  if (!Number.isInteger(n) || n <= 0) {
    throw new RangeError(`discrete space size ${n}: expected a positive integer`);
  }
  return Object.freeze({ kind: 'discrete', n });
}

/** Number of elements of a box: the product of its shape. */
export function boxSize(space: BoxSpace): number {
  let n = 1;
  for (const d of space.shape) n *= d;
  return n;
}

/** Whether `value` is an element of `space` (typed-array class, length and bounds for a box). */
export function contains(space: Space, value: unknown): boolean {
  if (space.kind === 'discrete') {
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < space.n;
  }
  const ctor = space.dtype === 'uint8' ? Uint8Array : Float32Array;
  if (!(value instanceof ctor) || value.length !== boxSize(space)) return false;
  for (let i = 0; i < value.length; i++) {
    const v = value[i] as number;
    if (!(v >= space.low && v <= space.high)) return false;
  }
  return true;
}

/** A human description of a space, used in error messages. */
export function describeSpace(space: Space): string {
  return space.kind === 'discrete'
    ? `Discrete(${space.n}): an integer in [0, ${space.n})`
    : `Box(${space.dtype} [${space.shape.join(', ')}] in [${space.low}, ${space.high}])`;
}

/** A uniform sample of a space, drawn from `rng` (integers for `uint8` boxes). */
export function sample(space: Space, rng: EnvRng): number | Observation {
  if (space.kind === 'discrete') return rng.int(space.n);
  const n = boxSize(space);
  if (space.dtype === 'uint8') {
    const out = new Uint8Array(n);
    const span = Math.floor(space.high) - Math.ceil(space.low) + 1;
    for (let i = 0; i < n; i++) out[i] = Math.ceil(space.low) + rng.int(span);
    return out;
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = space.low + (space.high - space.low) * rng.float();
  return out;
}
