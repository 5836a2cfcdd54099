import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { inputPermutation, TaskOptionError } from '../index.js';
import { imageTask } from '../supervised/builtins.js';
import type { ImageDataset } from '../supervised/types.js';

const SIZE = 16;

/** Two images whose values are their positions (image n: byte 10·n + i at position i). */
function rampImages(): ImageDataset {
  const images = new Uint8Array(2 * SIZE);
  for (let n = 0; n < 2; n++) for (let i = 0; i < SIZE; i++) images[n * SIZE + i] = 10 * n + i;
  const split = { images, labels: Uint8Array.from([0, 1]), count: 2, shape: [4, 4, 1] };
  return { name: 'ramp', numClasses: 2, classNames: ['a', 'b'], train: split, test: split };
}

const defaults = { flatten: true, balanced: false, noise: 0 };

describe('inputPermutation', () => {
  test.prop([fc.integer(), fc.integer({ min: 1, max: 2000 })], { numRuns: 50 })(
    'is a bijection of [0, size), the same for the same seed',
    (seed, size) => {
      const p = inputPermutation(seed, size);
      expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: size }, (_, i) => i));
      expect(inputPermutation(seed, size)).toEqual(p);
    },
  );

  it('differs between seeds (784 pixels)', () => {
    expect(inputPermutation(1, 784)).not.toEqual(inputPermutation(2, 784));
  });
});

describe('the permutationSeed task option', () => {
  it('moves every value of train and test examples to the same new place', () => {
    const perm = inputPermutation(7, SIZE);
    const task = imageTask('ramp', rampImages(), { permutationSeed: 7 }, defaults);
    const plain = imageTask('ramp', rampImages(), {}, defaults);
    const test = task.testSet();
    const plainTest = plain.testSet();
    const batch = task.trainStream({ batchSize: 2, seed: 3 }).next();
    const plainBatch = plain.trainStream({ batchSize: 2, seed: 3 }).next();
    for (let n = 0; n < 2; n++) {
      for (let i = 0; i < SIZE; i++) {
        expect(test.x[n * SIZE + i]).toBe(plainTest.x[n * SIZE + perm[i]!]);
        expect(batch.x[n * SIZE + i]).toBe(plainBatch.x[n * SIZE + perm[i]!]);
      }
    }
    expect(Array.from(test.x)).not.toEqual(Array.from(plainTest.x));
    expect(batch.y).toEqual(plainBatch.y);
  });

  it('refuses a seed that is not a safe integer', () => {
    expect(() => imageTask('ramp', rampImages(), { permutationSeed: 0.5 }, defaults)).toThrow(
      TaskOptionError,
    );
  });
});
