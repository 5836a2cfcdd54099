import { fc, test } from '@fast-check/vitest';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { median } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import {
  curveArea,
  framesToReach,
  groupSpeedup,
  type LearningCurve,
  learningCurve,
  meanCurve,
  pooledLevel,
  scoreLevel,
  speedupOf,
} from '../rl-speedup.js';

// A control rising from 1 to 10 over 100 frames, 10 frames per point.
const control: LearningCurve = Array.from({ length: 10 }, (_, i) => [(i + 1) * 10, i + 1]);
// A condition that learns twice as fast, then stays at 10.
const twiceAsFast: LearningCurve = control.map(([f]) => [f, Math.min(10, (2 * f) / 10)]);

/**
 * Synthetic runs: a logistic rise from 0 to `top` whose midpoint is drawn
 * uniformly in [0.3, 0.7] of the budget divided by `speed`, plus uniform noise
 * of ±0.5 per point (seeded by pure-rand).
 */
const uniformFloat = (rng: ReturnType<typeof xoroshiro128plus>) => uniformInt(rng, 0, 1e6) / 1e6;

function synthetic(
  rng: ReturnType<typeof xoroshiro128plus>,
  speed: number,
  top = 10,
): LearningCurve {
  const mid = (30 + 40 * uniformFloat(rng)) / speed;
  return Array.from({ length: 20 }, (_, i) => {
    const f = (i + 1) * 5;
    return [f, top / (1 + Math.exp(-(f - mid) / 6)) + (uniformFloat(rng) - 0.5)];
  });
}

describe('the symmetric RL speedup on hand-made curves', () => {
  it('the level is the first point with data plus the fraction of the rise to the last', () => {
    expect(scoreLevel(control, 0.5)).toBeCloseTo(1 + 0.5 * 9);
    expect(
      scoreLevel(
        [
          [10, null],
          [20, 2],
          [30, null],
          [40, 6],
        ],
        0.5,
      ),
    ).toBe(4);
    expect(scoreLevel([[10, null]], 0.5)).toBeNull();
  });

  it('the level comes from the pooled curve of both sides, so a swap keeps it', () => {
    const level = pooledLevel([control, twiceAsFast], 0.75);
    expect(level).toBeCloseTo(scoreLevel(meanCurve([control, twiceAsFast]), 0.75) as number);
    expect(groupSpeedup([twiceAsFast], [control], 0.75, 100).level).toBe(level);
    expect(groupSpeedup([control], [twiceAsFast], 0.75, 100).level).toBe(level);
  });

  it('a pooled curve that does not rise, or ends within the random interval, gives no speedup', () => {
    const flat: LearningCurve = control.map(([f]) => [f, 3]);
    expect(speedupOf(flat, flat, 0.75, 100).speedup).toBeNull();
    expect(speedupOf(twiceAsFast, control, 0.75, 100, 12).speedup).toBeNull();
    expect(speedupOf(twiceAsFast, control, 0.75, 100, 9.5).speedup).not.toBeNull();
  });

  it('frames to reach are interpolated between points; null when never reached', () => {
    expect(framesToReach(control, 5.5)).toBe(55);
    expect(framesToReach(control, 1)).toBe(10);
    expect(
      framesToReach(
        [
          [10, null],
          [20, 8],
        ],
        5,
      ),
    ).toBe(20);
    expect(framesToReach(control, 11)).toBeNull();
  });

  it('a run twice as fast reads 2, and the same run against itself 1', () => {
    // Pooled curve: 1.5 → 10, level 7.875: the control reaches it at 78.75 frames, the condition at 39.375.
    const m = speedupOf(twiceAsFast, control, 0.75, 100);
    expect(m.level).toBeCloseTo(7.875);
    expect(m.controlFrames).toBeCloseTo(78.75);
    expect(m.conditionFrames).toBeCloseTo(39.375);
    expect(m.speedup).toBeCloseTo(2);
    expect(speedupOf(control, control, 0.75, 100).speedup).toBe(1);
  });

  it('a side that never reaches the level is censored at the budget, on either side', () => {
    const never: LearningCurve = control.map(([f]) => [f, 0]);
    const m = speedupOf(never, control, 0.75, 100);
    expect(m.conditionFrames).toBe(100);
    expect(speedupOf(control, never, 0.75, 100).speedup).toBeCloseTo(1 / (m.speedup as number));
  });

  it('mean and area leave out the points without data', () => {
    const late: LearningCurve = [
      [10, null],
      [20, 4],
      [30, 6],
    ];
    const early: LearningCurve = [
      [10, 2],
      [20, 2],
      [30, 2],
    ];
    expect(meanCurve([late, early])).toEqual([
      [10, 2],
      [20, 3],
      [30, 4],
    ]);
    expect(curveArea(late)).toBe(5);
    expect(() => meanCurve([late, [[10, 1]]])).toThrow(RangeError);
  });

  it('learning curves are missing (null), never 0, before the first episode', () => {
    const episodes = [
      { frame: 15, return: 3 },
      { frame: 18, return: 5 },
      { frame: 25, return: 7 },
    ];
    expect(learningCurve(episodes, 30, 2, 3)).toEqual([
      [10, null],
      [20, 4],
      [30, 6],
    ]);
    expect(learningCurve([], 20, 2, 2)).toEqual([
      [10, null],
      [20, null],
    ]);
    expect(() => learningCurve(episodes, 0, 2, 3)).toThrow(RangeError);
  });
});

describe('the speedup on synthetic runs', () => {
  const trials = (speed: number, seeds: number, n = 400): number[] => {
    const rng = xoroshiro128plus(7);
    const values: number[] = [];
    for (let t = 0; t < n; t++) {
      const c = Array.from({ length: seeds }, () => synthetic(rng, 1));
      const x = Array.from({ length: seeds }, () => synthetic(rng, speed));
      const s = groupSpeedup(x, c, 0.75, 100).speedup;
      if (s !== null) values.push(s);
    }
    return values;
  };

  it('runs of one distribution: median speedup 1 within 0.05 (400 comparisons, 1 and 3 seeds a side)', () => {
    for (const seeds of [1, 3]) {
      const v = trials(1, seeds);
      expect(v.length).toBe(400);
      expect(Math.abs(median(v) - 1)).toBeLessThan(0.05);
    }
  });

  it('a condition whose rise comes 1.5× sooner: median speedup recovered within 10%', () => {
    // The midpoint moves from 50 to 33.3 frames; the level's crossing moves by about 1.5×.
    const v = trials(1.5, 3);
    expect(median(v)).toBeGreaterThan(1.35);
    expect(median(v)).toBeLessThan(1.65);
  });
});

const curve = fc
  .array(fc.option(fc.double({ min: -50, max: 50, noNaN: true }), { freq: 5 }), {
    minLength: 3,
    maxLength: 3,
  })
  .map((vs): LearningCurve => vs.map((v, i) => [(i + 1) * 10, v]));

describe('the estimator’s laws', () => {
  test.prop(
    [
      fc.array(curve, { minLength: 1, maxLength: 3 }),
      fc.array(curve, { minLength: 1, maxLength: 3 }),
      fc.double({ min: 0.05, max: 1, noNaN: true }),
    ],
    {
      numRuns: 300,
    },
  )('swapping the sides gives the reciprocal speedup', (x, c, fraction) => {
    const forward = groupSpeedup(x, c, fraction, 40).speedup;
    const backward = groupSpeedup(c, x, fraction, 40).speedup;
    if (forward === null) expect(backward).toBeNull();
    else expect(forward * (backward as number)).toBeCloseTo(1, 9);
  });

  it('the pooled curve does not depend on the order of the runs (summation order cannot flip a level)', () => {
    // Found by the swap law: summed in list order, 2.4e-100 + 50 − 50 reads 0 one way and
    // 2.4e-100 the other, which decided whether the pooled curve rose at all.
    const x: LearningCurve[] = [
      [
        [10, 2.42723820160299e-100],
        [20, null],
        [30, 0],
      ],
    ];
    const c: LearningCurve[] = [
      [
        [10, 49.99999999999995],
        [20, null],
        [30, 0],
      ],
      [
        [10, -49.99999999999995],
        [20, null],
        [30, 1e-323],
      ],
    ];
    expect(meanCurve([...x, ...c])).toEqual(meanCurve([...c, ...x]));
    const forward = groupSpeedup(x, c, 0.05, 40).speedup;
    const backward = groupSpeedup(c, x, 0.05, 40).speedup;
    if (forward === null) expect(backward).toBeNull();
    else expect(forward * (backward as number)).toBeCloseTo(1, 9);
  });

  test.prop([curve, curve, fc.double({ min: 0.01, max: 1, noNaN: true })], { numRuns: 200 })(
    "an upper bound at or above the pooled curve's last point gives no level",
    (x, c, fraction) => {
      const pooled = meanCurve([c, x]).filter(([, v]) => v !== null);
      const last = pooled[pooled.length - 1]?.[1] ?? 0;
      expect(groupSpeedup([x], [c], fraction, 40, last).speedup).toBeNull();
    },
  );
});
