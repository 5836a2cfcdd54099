import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** 32-bit integer mix (the finaliser of MurmurHash3), to derive independent seeds. */
function mix32(h: number): number {
  let x = h | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x | 0;
}

/**
 * Derives a seed for one parameter tensor from a base seed and a path of integers
 * (e.g. salt, layer, module, parameter index), so each tensor's values depend only on
 * its own address and not on the order tensors are created in.
 */
export function deriveSeed(seed: number, ...path: number[]): number {
  let h = mix32(seed ^ 0x9e3779b9);
  for (const p of path) h = mix32(h ^ mix32(p + 0x7f4a7c15));
  return h;
}

/**
 * Glorot (Xavier) uniform values, U(-a, a) with a = sqrt(6 / (fanIn + fanOut))
 * (Glorot & Bengio 2010), generated on the JS side with `pure-rand` so every backend
 * receives identical initial weights.
 *
 * @param size number of values.
 * @returns Float32Array [size].
 */
export function glorotUniform(
  seed: number,
  size: number,
  fanIn: number,
  fanOut: number,
): Float32Array {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  const rng = xoroshiro128plus(seed);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (2 * uniformFloat64(rng) - 1) * a;
  return out;
}

/** Uniform values in [lo, hi) from a seeded `pure-rand` generator. Float32Array [size]. */
export function uniformValues(seed: number, size: number, lo: number, hi: number): Float32Array {
  const rng = xoroshiro128plus(seed);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = lo + (hi - lo) * uniformFloat64(rng);
  return out;
}
