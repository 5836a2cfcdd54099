/**
 * Seeded, serialisable random numbers for the genetic algorithm.
 *
 * Wraps `xoroshiro128plus` from `pure-rand` (v8, whose generators advance in
 * place). The generator state is four signed 32-bit integers and round-trips
 * through JSON, so a run can be checkpointed and resumed bit for bit.
 * Nothing in this package calls `Math.random`.
 *
 * @packageDocumentation
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { InvalidConfigError, InvalidRngStateError } from './errors.js';

/** The JSON form of a generator: algorithm name and its four int32 words. */
export interface RngState {
  readonly algorithm: 'xoroshiro128plus';
  /** Four signed 32-bit integers, as `pure-rand`'s `getState()` gives them. */
  readonly state: readonly number[];
}

/**
 * A seeded random number generator, passed explicitly to every operator.
 *
 * Operators advance it (that is their only side effect); take a
 * {@link Rng.state} snapshot to store it and {@link rngFromState} to resume.
 */
export class Rng {
  readonly #gen: JumpableRandomGenerator;

  /** @internal use {@link createRng} or {@link rngFromState}. */
  constructor(gen: JumpableRandomGenerator) {
    this.#gen = gen;
  }

  /**
   * A uniform integer in `[min, max]` (both included), without modulo bias.
   * @throws {InvalidConfigError} if the bounds are not integers with `min <= max`.
   */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
      throw new InvalidConfigError('Rng.int bounds', [min, max], 'integers with min <= max');
    }
    return uniformInt(this.#gen, min, max);
  }

  /** A uniform float in `[0, 1)`, a multiple of 2^-53. */
  float(): number {
    return uniformFloat64(this.#gen);
  }

  /**
   * `true` with probability `p`: one {@link Rng.float} draw `u`, result `u < p`.
   * `p = 0` is never true, `p = 1` always.
   */
  bernoulli(p: number): boolean {
    return this.float() < p;
  }

  /** The current state as JSON data; the generator is not advanced. */
  state(): RngState {
    return { algorithm: 'xoroshiro128plus', state: [...this.#gen.getState()] };
  }

  /** An independent copy at the same position (draws from it do not advance this one). */
  clone(): Rng {
    return new Rng(this.#gen.clone());
  }

  /**
   * A child generator on a far-away part of the sequence (2^64 steps ahead),
   * for handing a separate stream to, e.g., one A3C worker. This generator
   * moves two jumps ahead (past the child), so successive children never
   * overlap for fewer than 2^64 draws each.
   */
  split(): Rng {
    const child = this.#gen.clone();
    child.jump();
    this.#gen.jump();
    this.#gen.jump();
    return new Rng(child);
  }
}

/**
 * A generator seeded with `seed`.
 * @param seed - an integer in `[0, 2^32)`; distinct seeds give distinct streams.
 * @throws {InvalidConfigError} if `seed` is not such an integer.
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new InvalidConfigError('seed', seed, 'an integer in [0, 2^32)');
  }
  return new Rng(xoroshiro128plus(seed | 0));
}

/**
 * A generator resumed from {@link Rng.state}; it continues exactly where the
 * snapshot was taken.
 * @param path - name of the input for error messages.
 * @throws {InvalidRngStateError} if `state` is not a valid {@link RngState}.
 */
export function rngFromState(state: unknown, path = 'rng'): Rng {
  return new Rng(xoroshiro128plusFromState(validateRngState(state, path).state));
}

/**
 * Checks that `value` is an {@link RngState} and returns it typed.
 * @throws {InvalidRngStateError} naming the offending field.
 */
export function validateRngState(value: unknown, path = 'rng'): RngState {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidRngStateError(path, value, 'an object {algorithm, state}');
  }
  const { algorithm, state } = value as { algorithm?: unknown; state?: unknown };
  if (algorithm !== 'xoroshiro128plus') {
    throw new InvalidRngStateError(`${path}.algorithm`, algorithm, '"xoroshiro128plus"');
  }
  if (!Array.isArray(state) || state.length !== 4) {
    throw new InvalidRngStateError(`${path}.state`, state, 'an array of 4 int32 words');
  }
  state.forEach((word: unknown, i) => {
    if (typeof word !== 'number' || !Number.isInteger(word) || (word | 0) !== word) {
      throw new InvalidRngStateError(`${path}.state[${i}]`, word, 'a signed 32-bit integer');
    }
  });
  if (state.every((w) => w === 0)) {
    throw new InvalidRngStateError(`${path}.state`, state, 'not all zero (a dead generator)');
  }
  return { algorithm, state: [...(state as number[])] };
}
