import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  applySaltAndPepper,
  createSupervisedTask,
  type Minibatch,
  saltAndPepper,
  seededGenerator,
  TaskOptionError,
} from '../index.js';
import { recordOf, syntheticDataset } from './supervised-fixtures.js';

const INPUT = 4; // syntheticDataset's default shape [2, 2, 1]

function batches(
  task: ReturnType<typeof createSupervisedTask>,
  batchSize: number,
  seed: number,
  n: number,
) {
  const stream = task.trainStream({ batchSize, seed });
  return Array.from({ length: n }, () => stream.next());
}

describe('train streams', () => {
  test.prop([
    fc.integer(),
    fc.integer({ min: 1, max: 40 }),
    fc.constantFrom(0, 0.5, 0.3),
    fc.boolean(),
  ])(
    'the same seed gives the same minibatches',
    (seed, batchSize, p, balanced) => {
      const task = createSupervisedTask({
        id: 't',
        dataset: syntheticDataset([7, 11, 5]),
        balanced,
        ...(p > 0 && { transform: saltAndPepper(p) }),
      });
      expect(batches(task, batchSize, seed, 5)).toEqual(batches(task, batchSize, seed, 5));
    },
    60_000,
  );

  test.prop([fc.integer(), fc.integer()])(
    'different seeds give different minibatches',
    (a, b) => {
      fc.pre(a !== b);
      const task = createSupervisedTask({ id: 't', dataset: syntheticDataset([100, 100]) });
      const recs = (s: number) =>
        batches(task, 16, s, 2).flatMap((m) =>
          Array.from({ length: 16 }, (_, i) => recordOf(m.x, i, INPUT)),
        );
      expect(recs(a)).not.toEqual(recs(b));
    },
    60_000,
  );

  test.prop([
    fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 2, maxLength: 5 }),
    fc.integer({ min: 1, max: 40 }),
    fc.integer(),
  ])(
    'balanced minibatches hold floor(B/C) or floor(B/C)+1 of every class',
    (perClass, batchSize, seed) => {
      const task = createSupervisedTask({
        id: 't',
        dataset: syntheticDataset(perClass),
        balanced: true,
      });
      const C = perClass.length;
      for (const m of batches(task, batchSize, seed, 6)) {
        const counts = new Array(C).fill(0);
        for (const y of m.y) counts[y]++;
        const base = Math.floor(batchSize / C);
        for (const c of counts) expect(c === base || c === base + 1).toBe(true);
        expect(counts.filter((c) => c === base + 1)).toHaveLength(batchSize % C);
      }
    },
    60_000,
  );

  test.prop([fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 4 }), fc.integer()])(
    'a plain stream visits every training example once per pass',
    (batchSize, passes, seed) => {
      const data = syntheticDataset([5, 8, 4]);
      const n = data.train.count;
      const task = createSupervisedTask({ id: 't', dataset: data });
      // draw exactly `passes` passes worth of examples (n·passes is a multiple of n)
      const total = n * passes * batchSize;
      const seen = new Array(n).fill(0);
      for (const m of batches(task, batchSize, seed, total / batchSize))
        for (let b = 0; b < batchSize; b++) seen[recordOf(m.x, b, INPUT)]++;
      expect(seen).toEqual(new Array(n).fill(passes * batchSize));
    },
    60_000,
  );

  it('scales bytes to [0, 1] and relabels source labels to class indices', () => {
    const data = syntheticDataset([3, 3, 3, 3], { fill: 51 });
    const task = createSupervisedTask({ id: 't', dataset: data, classes: [3, 1] });
    expect(task.numClasses).toBe(2);
    expect(task.classNames).toEqual(['c3', 'c1']);
    expect(task.trainSize).toBe(6);
    const m = task.trainStream({ batchSize: 6, seed: 1 }).next();
    for (let b = 0; b < 6; b++) {
      const rec = recordOf(m.x, b, INPUT);
      const label = data.train.labels[rec];
      expect(m.y[b]).toBe(label === 3 ? 0 : 1);
      expect(m.x[b * INPUT + 2]).toBeCloseTo(51 / 255, 7);
    }
  });

  it('returns fresh arrays unless given a minibatch to fill', () => {
    const task = createSupervisedTask({ id: 't', dataset: syntheticDataset([20, 20]) });
    const s = task.trainStream({ batchSize: 8, seed: 3 });
    const a = s.next();
    const copy = { x: a.x.slice(), y: a.y.slice() };
    const b = s.next();
    expect(b.x).not.toBe(a.x);
    expect(a.x).toEqual(copy.x);
    expect(a.y).toEqual(copy.y);
    const c = s.next(a);
    expect(c).toBe(a);
    const ref = task.trainStream({ batchSize: 8, seed: 3 });
    ref.next();
    ref.next();
    expect(c).toEqual(ref.next());
    expect(s.batchesDrawn).toBe(3);
  });

  it('the test set is every test example in file order, fresh each call', () => {
    const data = syntheticDataset([2, 3, 4]);
    const task = createSupervisedTask({ id: 't', dataset: data, classes: [0, 2] });
    const t = task.testSet();
    expect(t.batchSize).toBe(6);
    const recs = Array.from({ length: 6 }, (_, i) => recordOf(t.x, i, INPUT));
    const want = [...data.test.labels.keys()].filter((i) => data.test.labels[i] !== 1);
    expect(recs).toEqual(want);
    const again = task.testSet();
    expect(again.x).not.toBe(t.x);
    expect(again).toEqual(t);
  });

  it('flatten gives input shape [prod(shape)]', () => {
    const data = syntheticDataset([2, 2], { shape: [3, 2, 2] });
    expect(createSupervisedTask({ id: 't', dataset: data }).inputShape).toEqual([3, 2, 2]);
    expect(createSupervisedTask({ id: 't', dataset: data, flatten: true }).inputShape).toEqual([
      12,
    ]);
  });
});

describe('salt-and-pepper noise', () => {
  // Hits are counted on inputs of 0.5, which noise can only turn into 0 or 1.
  test.prop([fc.constantFrom(0.5, 0.25, 0.1, 0.9, 0.3, 1 / 3), fc.integer()], { numRuns: 40 })(
    'the hit rate and the share of ones among hits lie within 6 binomial standard deviations',
    (p, seed) => {
      const n = 40_000;
      const x = new Float32Array(n).fill(0.5);
      applySaltAndPepper(x, p, seededGenerator(seed));
      let hits = 0;
      let ones = 0;
      let other = 0;
      for (const v of x) {
        if (v !== 0.5) hits++;
        if (v === 1) ones++;
        else if (v !== 0 && v !== 0.5) other++;
      }
      expect(other).toBe(0);
      expect(Math.abs(hits - n * p)).toBeLessThanOrEqual(6 * Math.sqrt(n * p * (1 - p)) + 1);
      expect(Math.abs(ones - hits / 2)).toBeLessThanOrEqual(6 * Math.sqrt(hits / 4) + 1);
    },
    60_000,
  );

  it('p = 0 changes nothing and p = 1 replaces every value', () => {
    const x = new Float32Array(1000).fill(0.5);
    applySaltAndPepper(x, 0, seededGenerator(1));
    expect(x.every((v) => v === 0.5)).toBe(true);
    applySaltAndPepper(x, 1, seededGenerator(1));
    expect(x.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('is drawn fresh for every minibatch of a stream, within the binomial bound', () => {
    // one record of constant 0.5 inputs (byte 128 ≈ 0.502): every minibatch shows only noise
    const data = syntheticDataset([1, 1], { shape: [64, 64, 1], fill: 128 });
    const task = createSupervisedTask({ id: 't', dataset: data, transform: saltAndPepper(0.5) });
    const s = task.trainStream({ batchSize: 2, seed: 9 });
    const masks: string[] = [];
    for (let k = 0; k < 4; k++) {
      const m = s.next();
      const mask = Array.from(m.x.subarray(2), (v) => (v === 0 ? '0' : v === 1 ? '1' : '.')).join(
        '',
      );
      const hits = mask.replaceAll('.', '').length;
      const n = mask.length;
      expect(Math.abs(hits - n / 2)).toBeLessThanOrEqual(6 * Math.sqrt(n / 4));
      masks.push(mask);
    }
    expect(new Set(masks).size).toBe(4);
  });

  it('corrupts the test set once with the fixed test seed, and only when asked', () => {
    const data = syntheticDataset([50, 50], { shape: [8, 8, 1], fill: 128 });
    const noisy = (): Minibatch =>
      createSupervisedTask({
        id: 't',
        dataset: data,
        transform: saltAndPepper(0.5),
        testTransform: saltAndPepper(0.5),
      }).testSet();
    const a = noisy();
    expect(a).toEqual(noisy());
    expect(a.x.some((v) => v === 0 || v === 1)).toBe(true);
    const clean = createSupervisedTask({
      id: 't',
      dataset: data,
      transform: saltAndPepper(0.5),
    }).testSet();
    expect(
      Array.from(clean.x)
        .filter((_, i) => i % 64 >= 2)
        .every((v) => v === 128 / 255 || Math.abs(v - 128 / 255) < 1e-7),
    ).toBe(true);
  });
});

describe('bad input', () => {
  const task = createSupervisedTask({ id: 't', dataset: syntheticDataset([4, 4]) });

  it.each([0, -1, 1.5, Number.NaN])('batchSize %s is rejected', (batchSize) => {
    expect(() => task.trainStream({ batchSize, seed: 1 })).toThrow(TaskOptionError);
    expect(() => task.trainStream({ batchSize, seed: 1 })).toThrow(/batchSize.*positive integer/);
  });

  it('a non-integer seed is rejected', () => {
    expect(() => task.trainStream({ batchSize: 2, seed: 0.5 })).toThrow(/option "seed": got 0.5/);
  });

  it('a minibatch of the wrong size passed to next() is rejected', () => {
    const s = task.trainStream({ batchSize: 2, seed: 1 });
    const wrong = task.trainStream({ batchSize: 3, seed: 1 }).next();
    expect(() => s.next(wrong)).toThrow(/option "into".*batchSize 2/);
  });

  it.each([[[1]], [[0, 0]], [[0, 2]], [[0, 1.5]]])('classes %j is rejected', (classes) => {
    expect(() =>
      createSupervisedTask({ id: 't', dataset: syntheticDataset([4, 4]), classes }),
    ).toThrow(/option "classes".*distinct integer labels in 0..1/);
  });

  it('a class without training images is rejected for balanced minibatches', () => {
    const dataset = syntheticDataset([4, 0, 4]);
    expect(createSupervisedTask({ id: 't', dataset }).trainSize).toBe(8);
    expect(() => createSupervisedTask({ id: 't', dataset, balanced: true })).toThrow(
      /none with label 1/,
    );
  });

  it.each([-0.1, 1.5, Number.NaN])('noise level %s is rejected', (p) => {
    expect(() => saltAndPepper(p)).toThrow(/option "noise".*probability in \[0, 1\]/);
  });
});
