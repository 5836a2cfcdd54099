import type { SeedRecord } from '@pathnet/experiments';
import { describe, expect, it } from 'vitest';
import { summariseDirections } from '../report.js';

const phase = (testAccuracy: number) => ({
  generations: 10,
  solved: false,
  testAccuracy,
  cleanTestAccuracy: null,
  bestPathway: [[0]],
  curve: [[1, 0.5]] as Array<[number, number]>,
  reusedModules: null,
  taskATestAccuracyAfter: null,
});

/** A seed of one direction where pathnet scores `p`, independent `i` and fine-tune `f`. */
const seed = (n: number, p: number, i: number, f: number): SeedRecord => ({
  seed: n,
  setting: 'a→b',
  taskA: { id: 'a' },
  taskB: { id: 'b' },
  a: phase(0.5),
  conditions: { pathnet: phase(p), independent: phase(i), 'fine-tune': phase(f) },
  wallSeconds: 0,
});

describe('summariseDirections', () => {
  const records = Array.from({ length: 8 }, (_, k) =>
    seed(k + 1, 0.7 + k / 100, 0.6 + k / 200, 0.65),
  );
  const [s] = summariseDirections(records, ['pathnet', 'independent', 'fine-tune']);

  it('reports each one-factor comparison whose conditions ran, as condition − control paired by seed', () => {
    expect(s!.differences.map((d) => `${d.condition}-${d.control}`)).toEqual([
      'pathnet-independent',
      'fine-tune-independent',
      'pathnet-fine-tune',
    ]);
    const mean =
      records.reduce(
        (t, r) => t + r.conditions.pathnet!.testAccuracy - r.conditions.independent!.testAccuracy,
        0,
      ) / 8;
    expect(s!.differences[0]!.difference.mean).toBeCloseTo(mean, 12);
  });

  it('corrects the p-values with Holm over the direction (never below the raw p)', () => {
    for (const d of s!.differences) expect(d.pHolm!).toBeGreaterThanOrEqual(d.test!.pValue);
    expect(s!.differences[0]!.test!.pValue).toBeLessThan(0.01);
  });
});
