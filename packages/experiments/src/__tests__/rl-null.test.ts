import { describe, expect, it } from 'vitest';
import { nullOf, permutationTest, splits } from '../rl-null.js';
import { groupSpeedup, type LearningCurve } from '../rl-speedup.js';

/** A run rising linearly from 0 to 10, reaching 10 at `end` frames (points every 10 frames to 100). */
const rise = (end: number, offset = 0): LearningCurve =>
  Array.from({ length: 10 }, (_, i) => [
    (i + 1) * 10,
    Math.min(10, (10 * (i + 1) * 10) / end) + offset,
  ]);
const speedup = (x: readonly LearningCurve[], c: readonly LearningCurve[]) =>
  groupSpeedup(x, c, 0.75, 100).speedup;

describe('the null of the RL speedup', () => {
  it('splits are every ordered pair of disjoint groups, or a seeded sample', () => {
    const all = splits(4, 2, 2);
    expect(all).toHaveLength(6);
    for (const [a, b] of all) expect(new Set([...a, ...b]).size).toBe(4);
    expect(splits(5, 2, 3)).toHaveLength(10);
    const sample = splits(20, 5, 5, 50, 3);
    expect(sample).toHaveLength(50);
    expect(splits(20, 5, 5, 50, 3)).toEqual(sample);
    expect(() => splits(3, 2, 2)).toThrow(RangeError);
  });

  it('controls split against each other: median 1 (ordered splits), an interval around it', () => {
    const controls = [rise(60), rise(70), rise(80), rise(90), rise(100, -0.5)];
    const n = nullOf(controls, 2, speedup);
    expect(n).not.toBeNull();
    // 5 runs, groups of 2: C(5,2)·C(3,2) = 30 ordered splits.
    expect(n?.splits).toBe(30);
    expect(n?.groupSize).toBe(2);
    expect(n?.median).toBeCloseTo(1, 9);
    expect(n?.interval[0]).toBeLessThan(1);
    expect(n?.interval[1]).toBeGreaterThan(1);
    expect((n?.interval[0] as number) * (n?.interval[1] as number)).toBeCloseTo(1, 9);
    // 3 seeds asked of a pool of 5: groups of 2.
    expect(nullOf(controls, 3, speedup)?.groupSize).toBe(2);
    expect(nullOf([rise(60)], 2, speedup)).toBeNull();
  });

  it('a permutation test finds a clear shift as extreme as it can be, and none on one distribution', () => {
    const fast = [rise(30), rise(32), rise(34)];
    const slow = [rise(80), rise(85), rise(90)];
    // 20 relabellings of 6 runs into 3 + 3; only the observed one and its swap are as extreme.
    expect(permutationTest(fast, slow, speedup)).toEqual({ p: 2 / 20, permutations: 20 });
    const mixed = permutationTest(
      [rise(30), rise(90), rise(60)],
      [rise(32), rise(85), rise(62)],
      speedup,
    );
    expect(mixed?.p).toBeGreaterThan(0.5);
    const flat: LearningCurve = rise(50).map(([f]) => [f, 1]);
    expect(permutationTest([flat], [flat], speedup)).toBeNull();
  });
});
