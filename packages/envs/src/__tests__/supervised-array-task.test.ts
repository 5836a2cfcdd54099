import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createArrayTask } from '../supervised/array-task.js';
import { TaskOptionError } from '../supervised/errors.js';

/** `n` rows of two features: row i is `[i, i + 0.5]`, label `i mod 3`. */
const rows = (n: number) => ({
  x: Array.from({ length: n }, (_, i) => [i, i + 0.5]).flat(),
  y: Array.from({ length: n }, (_, i) => i % 3),
});
const make = (n: number) =>
  createArrayTask({ id: 'rows', inputShape: [2], numClasses: 3, train: rows(n), test: rows(4) });

describe('createArrayTask', () => {
  test.prop([fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 7 }), fc.integer()], {
    numRuns: 50,
  })(
    'each pass of the training stream shows every row once, with its label, in a seeded order',
    (n, b, seed) => {
      const task = make(n);
      const seen: number[] = [];
      const stream = task.trainStream({ batchSize: b, seed });
      while (seen.length < n * 2) {
        const { x, y } = stream.next();
        for (let k = 0; k < b; k++) {
          const i = x[2 * k]!;
          expect(x[2 * k + 1]).toBe(i + 0.5);
          expect(y[k]).toBe(i % 3);
          seen.push(i);
        }
      }
      const all = Array.from({ length: n }, (_, i) => i);
      expect([...seen.slice(0, n)].sort((p, q) => p - q)).toEqual(all);
      expect([...seen.slice(n, 2 * n)].sort((p, q) => p - q)).toEqual(all);
      const again = task.trainStream({ batchSize: b, seed }).next();
      expect(Array.from(again.x)).toEqual(seen.slice(0, b).flatMap((i) => [i, i + 0.5]));
    },
  );

  it('gives the test rows in order', () => {
    const t = make(5).testSet();
    expect(Array.from(t.y)).toEqual([0, 1, 2, 0]);
    expect(t.batchSize).toBe(4);
  });

  it('names the bad field', () => {
    const bad = (over: object) => () =>
      createArrayTask({
        id: 'r',
        inputShape: [2],
        numClasses: 3,
        train: rows(3),
        test: rows(3),
        ...over,
      });
    expect(bad({ train: { x: [1, 2, 3], y: [0, 1] } })).toThrow(TaskOptionError);
    expect(bad({ train: { x: [1, 2, 3], y: [0, 1] } })).toThrow(
      /train\.x.*2 examples × 2 values = 4 values/,
    );
    expect(bad({ test: { x: [0, Number.NaN], y: [0] } })).toThrow(/test\.x\[1\]/);
    expect(bad({ train: { x: [0, 0], y: [3] } })).toThrow(/train\.y\[0\].*\[0, 3\)/);
    expect(bad({ numClasses: 1 })).toThrow(/numClasses/);
  });
});
