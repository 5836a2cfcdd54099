import { describe, expect, it } from 'vitest';
import type { SeedRecord } from '../schedule.js';
import { formatP, generationsToLevel, levelSpeedups } from '../speedups.js';

/** A fitness curve from the best fitness of each generation's tournament, generations 1… */
const curveOf = (fitness: number[]): Array<[number, number]> => fitness.map((f, i) => [i + 1, f]);

describe('generationsToLevel reads a hand-made fitness curve', () => {
  const curve = curveOf([0.5, 0.9, 0.85, 0.96, 0.99, 1]);
  it.each([
    [0.5, 1],
    [0.9, 2],
    [0.95, 4],
    [0.98, 5],
    [0.998, 6],
  ])('level %f is first reached at generation %i', (level, generation) => {
    expect(generationsToLevel(curve, level, 500)).toEqual({
      generations: generation,
      reached: true,
    });
  });
  it('a level the curve never reaches counts as the cap', () => {
    expect(generationsToLevel(curveOf([0.5, 0.6]), 0.9, 500)).toEqual({
      generations: 500,
      reached: false,
    });
  });
  it('a dip after reaching the level does not move the first crossing', () => {
    expect(generationsToLevel(curveOf([0.2, 0.95, 0.4, 0.97]), 0.95, 10).generations).toBe(2);
  });
});

/** A record whose conditions reach fitness 1 at the given generations (a step curve). */
function record(
  seed: number,
  solvedAt: Partial<Record<'pathnet' | 'independent', number>>,
): SeedRecord {
  const phase = (g: number) => ({
    generations: g,
    solved: true,
    testAccuracy: 0.9,
    cleanTestAccuracy: null,
    bestPathway: [[0]],
    curve: curveOf([...Array.from({ length: g - 1 }, () => 0.5), 1]),
    reusedModules: null,
    taskATestAccuracyAfter: null,
  });
  return {
    seed,
    taskA: { id: 'a' },
    taskB: { id: 'b' },
    a: phase(1),
    conditions: Object.fromEntries(Object.entries(solvedAt).map(([c, g]) => [c, phase(g!)])),
    wallSeconds: 0,
  };
}

describe('levelSpeedups', () => {
  const records = Array.from({ length: 12 }, (_, i) =>
    record(i + 1, { pathnet: 10 + (i % 3), independent: 20 + (i % 5) }),
  );
  const speedups = levelSpeedups(records, [0.9, 1], 500);

  it('reports only the comparisons whose two conditions ran, at every level', () => {
    expect(speedups.map((s) => `${s.control}/${s.condition}@${s.level}`)).toEqual([
      'independent/pathnet@0.9',
      'independent/pathnet@1',
    ]);
  });

  it('is the ratio of mean generations, control over condition, paired by seed', () => {
    const control = records.map((r) => r.conditions.independent!.generations);
    const condition = records.map((r) => r.conditions.pathnet!.generations);
    const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
    expect(speedups[0]!.ratio).toBeCloseTo(mean(control) / mean(condition), 12);
    expect(speedups[0]!.ci95![0]).toBeGreaterThan(1);
    expect(speedups[0]!.reached).toEqual({ control: 12, condition: 12 });
  });

  it('corrects the p-values over the family with Holm (never below the raw p)', () => {
    for (const s of speedups) expect(s.pHolm!).toBeGreaterThanOrEqual(s.test!.pValue);
    // Two equal raw p-values: Holm multiplies the smaller by 2 and keeps the order.
    expect(speedups[0]!.pHolm).toBeCloseTo(Math.min(1, 2 * speedups[0]!.test!.pValue), 12);
  });

  it('gives no speedups for records without both conditions', () => {
    expect(levelSpeedups([record(1, { pathnet: 3 })], [1], 10)).toEqual([]);
  });
});

describe('formatP, the one p-value format of every report', () => {
  it.each([
    [0.034, '0.034'],
    [0.5, '0.50'],
    [0.001, '0.0010'],
    [0.00042, '4.2e-4'],
    [null, 'n/a'],
    [undefined, 'n/a'],
  ])('%s → %s', (p, text) => {
    expect(formatP(p)).toBe(text);
  });
});
