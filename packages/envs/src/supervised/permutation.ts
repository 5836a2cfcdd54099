/**
 * A fixed permutation of input values (pixels), the same for every example of both splits:
 * the input change of Permuted MNIST (Goodfellow et al. 2013, "An empirical investigation of
 * catastrophic forgetting"). A fully connected network learned from scratch is unchanged in
 * distribution by it (its first layer's initialisation does not depend on the order of the
 * inputs), while features learned on the unpermuted inputs no longer line up with them.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { TaskOptionError } from './errors.js';
import { seededGenerator } from './task.js';
import type { InputTransform } from './types.js';

/**
 * The permutation of `size` positions drawn from `seed` (Fisher–Yates with a seeded
 * xoroshiro128+): `perm[i]` is the source position of output position `i`.
 * Deterministic in (`seed`, `size`).
 * @throws {TaskOptionError} if `seed` is not a safe integer or `size` not a positive integer.
 */
export function inputPermutation(seed: number, size: number): Uint32Array {
  if (!Number.isSafeInteger(seed))
    throw new TaskOptionError('permutationSeed', seed, 'a safe integer');
  if (!Number.isInteger(size) || size < 1) {
    throw new TaskOptionError('inputSize', size, 'a positive integer');
  }
  const rng = seededGenerator(seed);
  const perm = Uint32Array.from({ length: size }, (_, i) => i);
  for (let i = size - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm;
}

/**
 * An input transform that permutes every example's values by {@link inputPermutation}
 * (`x'[i] = x[perm[i]]`, example by example), drawing no randomness of the stream.
 * @param seed - the permutation's seed (a safe integer).
 */
export function permuteInputs(seed: number): InputTransform {
  let perm: Uint32Array | undefined;
  let scratch = new Float32Array(0);
  return (x, { batchSize, inputSize }) => {
    if (perm?.length !== inputSize) {
      perm = inputPermutation(seed, inputSize);
      scratch = new Float32Array(inputSize);
    }
    for (let b = 0; b < batchSize; b++) {
      const offset = b * inputSize;
      scratch.set(x.subarray(offset, offset + inputSize));
      for (let i = 0; i < inputSize; i++) x[offset + i] = scratch[perm[i]!]!;
    }
  };
}
