import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * A mutable seeded random stream over pure-rand's xoroshiro128+.
 * Environments own one; `reset({seed})` replaces it, `reset()` keeps drawing.
 */
export class EnvRng {
  #g: RandomGenerator;
  constructor(seed: number) {
    this.#g = xoroshiro128plus(seed | 0);
  }
  /** Uniform float in [0, 1), 32 bits of resolution. */
  float(): number {
    return (this.#g.next() >>> 0) / 4294967296;
  }
  /** Uniform integer in [0, n). `n` must be a positive integer ≤ 2^32. */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
  /** A fresh 32-bit seed drawn from this stream (for sub-streams). */
  seed(): number {
    return this.#g.next() | 0;
  }
}

/**
 * Mixes a seed with a salt into an independent 32-bit seed (splitmix32 finaliser),
 * so that an environment and each of its wrappers get unrelated streams from one seed.
 */
export function deriveSeed(seed: number, salt: number): number {
  let z = (seed ^ Math.imul(salt + 0x9e3779b9, 0x85ebca6b)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/** Seed used by an environment whose first `reset` carries no seed. */
export const DEFAULT_SEED = 0;
