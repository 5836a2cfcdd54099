/**
 * Salt-and-pepper input noise of the binary MNIST experiment (Fernando et al. 2017, Sec. 3.1:
 * "salt and pepper noise of 0.5"): each value independently, with probability
 * `p`, is replaced by 0 or by 1 with equal chance; otherwise it is kept.
 */
import { TaskOptionError } from './errors.js';
import type { InputTransform, RandomSource } from './types.js';

/**
 * When salt-and-pepper noise is drawn for the training images:
 * - `once`: once per training image for the whole run (a fixed noisy training set, seeded), as
 *   every public port of the paper does (TF, PyTorch, Keras); the same image always comes back
 *   with the same noise;
 * - `fresh`: anew for every minibatch, from the stream's randomness.
 *
 * The paper (Sec. 3.1) says only "salt and pepper noise of 0.5"; its generation counts at a
 * 0.998 stop are reachable only with `once`, the default of the built-in tasks.
 */
export type NoiseMode = 'once' | 'fresh';

/** The noise modes, in documentation order. */
export const NOISE_MODES: readonly NoiseMode[] = ['once', 'fresh'];

/**
 * Checks a noise mode.
 * @throws {TaskOptionError} unless `mode` is `'once'` or `'fresh'`.
 */
export function checkNoiseMode(mode: unknown, option = 'noiseMode'): NoiseMode {
  if (!NOISE_MODES.includes(mode as NoiseMode)) {
    throw new TaskOptionError(
      option,
      mode,
      `one of ${NOISE_MODES.map((m) => `"${m}"`).join(', ')}`,
    );
  }
  return mode as NoiseMode;
}

const TWO_POW_31 = 2 ** 31;

/**
 * Checks a noise probability.
 * @throws {TaskOptionError} unless `p` is a number in [0, 1].
 */
export function checkNoiseLevel(p: unknown, option = 'noise'): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new TaskOptionError(option, p, 'a probability in [0, 1]');
  }
  return p;
}

/**
 * The smallest k in 0..15 with `p · 2^k` an integer, or -1 if there is none.
 * Such a `p` is drawn exactly from k random bits.
 */
function dyadicBits(p: number): number {
  for (let k = 0; k <= 15; k++) if (Number.isInteger(p * 2 ** k)) return k;
  return -1;
}

/**
 * Applies salt-and-pepper noise to `x` in place.
 *
 * Each value takes a field of random bits from `rng`: one bit chooses 0 or 1,
 * the others decide whether the value is hit. When `p · 2^k` is an integer for
 * some k ≤ 15 (the paper's 0.5: k = 1) the field is k + 1 bits, several fields
 * are cut from the top 30 bits of one 32-bit draw, and the hit probability is
 * exactly `p`; otherwise each value uses a whole draw (31 bits decide the hit,
 * so `p` is rounded to a multiple of 2^-31).
 *
 * @param x - values to corrupt, any length.
 * @param p - probability that a value is replaced, in [0, 1].
 * @param rng - random source, advanced by a number of draws that depends only
 *   on `x.length` and `p` (none when `p = 0`).
 * @throws {TaskOptionError} if `p` is outside [0, 1].
 */
export function applySaltAndPepper(x: Float32Array, p: number, rng: RandomSource): void {
  checkNoiseLevel(p);
  if (p === 0) return;
  const k = dyadicBits(p);
  const n = x.length;
  if (k < 0) {
    const threshold = Math.round(p * TWO_POW_31);
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      const hit = ((u & 0x7fffffff) - threshold) >>> 31;
      const xi = x[i]!;
      x[i] = xi + hit * ((u >>> 31) - xi);
    }
    return;
  }
  const width = k + 1;
  const mask = (1 << width) - 1;
  const threshold = (p * 2 ** k) | 0;
  const perDraw = Math.floor(30 / width);
  let u = 0;
  let left = 0;
  for (let i = 0; i < n; i++) {
    if (left === 0) {
      u = rng.next() >>> 2;
      left = perDraw;
    }
    const f = u & mask;
    u >>>= width;
    left--;
    // branch-free select (a 50 % branch mispredicts half the time): hit is 1 iff f >>> 1 < threshold
    const hit = ((f >>> 1) - threshold) >>> 31;
    const xi = x[i]!;
    x[i] = xi + hit * ((f & 1) - xi);
  }
}

/**
 * Salt-and-pepper noise as an {@link InputTransform}: fresh noise on every
 * call, drawn from the stream's random source.
 *
 * @param p - probability that a value is replaced (paper: 0.5).
 * @throws {TaskOptionError} if `p` is outside [0, 1].
 */
export function saltAndPepper(p: number): InputTransform {
  checkNoiseLevel(p);
  return (x, { rng }) => applySaltAndPepper(x, p, rng);
}

/**
 * Salt-and-pepper noise drawn once per image (noise mode `once`): copies the images at
 * `indexes` (ascending order is what makes the result independent of the class order) and
 * corrupts each copy with {@link applySaltAndPepper}, all from one generator, image after
 * image. Replaced values become bytes 0 or 255, which scale back to exactly 0 and 1.
 *
 * @param images - `Uint8Array [count, inputSize]`, raw bytes; not modified.
 * @param indexes - image indexes to copy, each in `[0, count)`.
 * @param inputSize - bytes per image.
 * @param p - probability that a value is replaced, in [0, 1].
 * @param rng - random source, advanced once per image by a number of draws that depends
 *   only on `inputSize` and `p`.
 * @returns `Uint8Array [indexes.length, inputSize]`: copy k is image `indexes[k]`, noisy.
 * @throws {TaskOptionError} if `p` is outside [0, 1].
 */
export function noisyImageCopies(
  images: Uint8Array,
  indexes: Int32Array,
  inputSize: number,
  p: number,
  rng: RandomSource,
): Uint8Array {
  checkNoiseLevel(p);
  const out = new Uint8Array(indexes.length * inputSize);
  const scratch = new Float32Array(inputSize);
  for (let k = 0; k < indexes.length; k++) {
    const src = (indexes[k] ?? 0) * inputSize;
    // scaled to [0, 1] so that a hit (0 or 1) is told apart from a kept byte
    for (let j = 0; j < inputSize; j++) scratch[j] = images[src + j]! / 255;
    applySaltAndPepper(scratch, p, rng);
    const dst = k * inputSize;
    for (let j = 0; j < inputSize; j++) out[dst + j] = Math.round(scratch[j]! * 255);
  }
  return out;
}

/** Runs transforms left to right; `undefined` entries are skipped. */
export function composeTransforms(
  ...transforms: (InputTransform | undefined)[]
): InputTransform | undefined {
  const list = transforms.filter((t): t is InputTransform => t !== undefined);
  if (list.length === 0) return undefined;
  if (list.length === 1) return list[0];
  return (x, ctx) => {
    for (const t of list) t(x, ctx);
  };
}
