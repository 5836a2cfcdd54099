import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkNoiseMode, createSupervisedTask, saltAndPepper, TaskOptionError } from '../index.js';
import { imageTask } from '../supervised/builtins.js';
import type { ImageDataset, SupervisedTask } from '../supervised/types.js';

const SIZE = 64; // values per image

/**
 * `count` images whose kept values all equal byte `n + 2` for image n: after salt-and-pepper
 * noise (0 or 255) any kept value tells the image apart, and the 0/1 values are its noise.
 */
function distinctImages(count: number): ImageDataset {
  const images = new Uint8Array(count * SIZE);
  for (let n = 0; n < count; n++) images.fill(n + 2, n * SIZE, (n + 1) * SIZE);
  const labels = Uint8Array.from({ length: count }, (_, n) => n % 2);
  const split = { images, labels, count, shape: [8, 8, 1] };
  return { name: 'distinct', numClasses: 2, classNames: ['a', 'b'], train: split, test: split };
}

/** Image id and noise pattern of every example of `n` minibatches of 4 from `stream seed`. */
function seen(task: SupervisedTask, seed: number, n: number): Array<[number, string]> {
  const stream = task.trainStream({ batchSize: 4, seed });
  const out: Array<[number, string]> = [];
  for (let k = 0; k < n; k++) {
    const { x } = stream.next();
    for (let b = 0; b < 4; b++) {
      const values = Array.from(x.subarray(b * SIZE, (b + 1) * SIZE));
      const kept = values.find((v) => v !== 0 && v !== 1);
      expect(kept).toBeDefined();
      const id = Math.round((kept ?? 0) * 255) - 2;
      out.push([id, values.map((v) => (v === 0 ? '0' : v === 1 ? '1' : '.')).join('')]);
    }
  }
  return out;
}

function patternsById(examples: Array<[number, string]>): Map<number, Set<string>> {
  const byId = new Map<number, Set<string>>();
  for (const [id, pattern] of examples) {
    const set = byId.get(id) ?? new Set<string>();
    set.add(pattern);
    byId.set(id, set);
  }
  return byId;
}

describe('noise mode once: a fixed noisy training set', () => {
  test.prop([fc.integer(), fc.integer(), fc.integer()], { numRuns: 20 })(
    'the same image always comes back with the same noise, in any stream of the task',
    (noiseSeed, seed1, seed2) => {
      const task = createSupervisedTask({
        id: 't',
        dataset: distinctImages(10),
        fixedNoise: { probability: 0.5, seed: noiseSeed },
      });
      const byId = patternsById([...seen(task, seed1, 15), ...seen(task, seed2, 15)]);
      expect(byId.size).toBe(10);
      for (const patterns of byId.values()) expect(patterns.size).toBe(1);
    },
  );

  it('is seeded: the same seed gives the same noisy set, another seed another one', () => {
    const make = (seed: number) =>
      createSupervisedTask({
        id: 't',
        dataset: distinctImages(10),
        fixedNoise: { probability: 0.5, seed },
      });
    const first = seen(make(3), 1, 10);
    expect(seen(make(3), 1, 10)).toEqual(first);
    const other = patternsById(seen(make(4), 1, 10));
    const same = [...patternsById(first)].filter(
      ([id, p]) => [...p][0] === [...(other.get(id) ?? [])][0],
    );
    expect(same.length).toBeLessThan(10);
  });

  it('hits each value with probability p, within 6 binomial standard deviations', () => {
    const task = createSupervisedTask({
      id: 't',
      dataset: distinctImages(100),
      fixedNoise: { probability: 0.3, seed: 7 },
    });
    const patterns = [...patternsById(seen(task, 1, 100)).values()].map((p) => [...p][0] ?? '');
    const n = patterns.length * SIZE;
    const hits = patterns.join('').replaceAll('.', '').length;
    expect(patterns.length).toBe(100);
    expect(Math.abs(hits - 0.3 * n)).toBeLessThanOrEqual(6 * Math.sqrt(n * 0.3 * 0.7));
  });
});

describe('noise mode fresh: new noise per minibatch', () => {
  it('the same image comes back with different noise', () => {
    const task = createSupervisedTask({
      id: 't',
      dataset: distinctImages(10),
      transform: saltAndPepper(0.5),
    });
    const byId = patternsById(seen(task, 5, 30));
    expect(byId.size).toBe(10);
    for (const patterns of byId.values()) expect(patterns.size).toBeGreaterThan(1);
  });
});

describe('noise mode of the built-in tasks', () => {
  const defaults = { flatten: true, balanced: false, noise: 0.5 };

  it('defaults to once; fresh and once both leave the test set as testNoise says', () => {
    const once = imageTask('t', distinctImages(10), { noiseSeed: 1 }, defaults);
    for (const patterns of patternsById(seen(once, 2, 20)).values()) {
      expect(patterns.size).toBe(1);
    }
    const fresh = imageTask('t', distinctImages(10), { noiseMode: 'fresh' }, defaults);
    expect([...patternsById(seen(fresh, 2, 20)).values()].some((p) => p.size > 1)).toBe(true);
    // the noisy test set is the same in both modes (the fixed test seed); clean on request
    expect(once.testSet()).toEqual(fresh.testSet());
    expect(once.testSet().x.some((v) => v === 0 || v === 1)).toBe(true);
    const clean = imageTask('t', distinctImages(10), { testNoise: false }, defaults).testSet();
    expect(clean.x.every((v) => v !== 0 && v !== 1)).toBe(true);
  });

  it('rejects an unknown mode and a non-integer seed, naming the option', () => {
    const data = distinctImages(4);
    expect(() => imageTask('t', data, { noiseMode: 'daily' as never }, defaults)).toThrow(
      /option "noiseMode".*"once", "fresh"/,
    );
    expect(() => imageTask('t', data, { noiseSeed: 0.5 }, defaults)).toThrow(
      /option "noiseSeed".*safe integer/,
    );
    expect(() => checkNoiseMode(undefined)).toThrow(TaskOptionError);
    expect(() =>
      createSupervisedTask({ id: 't', dataset: data, fixedNoise: { probability: 2, seed: 1 } }),
    ).toThrow(/fixedNoise.probability/);
  });
});
