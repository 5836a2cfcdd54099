import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { bootstrapRatio, geometricMeanCI, meanCI } from '../summary.js';

describe('meanCI', () => {
  it('is the Student-t 95% interval', () => {
    // mean 3, sample sd sqrt(2.5), t(0.975, 4) = 2.7764451
    const m = meanCI([1, 2, 3, 4, 5]);
    const half = (2.7764451 * Math.sqrt(2.5)) / Math.sqrt(5);
    expect(m.mean).toBe(3);
    expect(m.ci95?.[0]).toBeCloseTo(3 - half, 5);
    expect(m.ci95?.[1]).toBeCloseTo(3 + half, 5);
  }, 60_000);

  it('has no interval for a single value', () => {
    expect(meanCI([7])).toEqual({ n: 1, mean: 7, ci95: null });
  }, 60_000);
});

describe('geometricMeanCI', () => {
  test.prop(
    [fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 2, maxLength: 8 })],
    {
      numRuns: 100,
    },
  )(
    'a speedup and its reciprocal are equal and opposite: inverting every value inverts the mean and its interval',
    (xs) => {
      const g = geometricMeanCI(xs);
      const inv = geometricMeanCI(xs.map((x) => 1 / x));
      expect(g.mean * inv.mean).toBeCloseTo(1, 9);
      expect((g.ci95?.[0] ?? 0) * (inv.ci95?.[1] ?? 0)).toBeCloseTo(1, 9);
      expect(g.ci95?.[0]).toBeLessThanOrEqual(g.mean * (1 + 1e-12));
      expect(g.ci95?.[1]).toBeGreaterThanOrEqual(g.mean * (1 - 1e-12));
    },
  );

  it('is the t-interval of the logarithms mapped back', () => {
    // logs ln 1, ln e, ln e² = 0, 1, 2: mean 1, sd 1, t(0.975, 2) = 4.3026527
    const g = geometricMeanCI([1, Math.E, Math.E ** 2]);
    const half = 4.3026527 / Math.sqrt(3);
    expect(g.mean).toBeCloseTo(Math.E, 9);
    expect(g.ci95?.[0]).toBeCloseTo(Math.exp(1 - half), 5);
    expect(g.ci95?.[1]).toBeCloseTo(Math.exp(1 + half), 5);
    expect(geometricMeanCI([2])).toEqual({ n: 1, mean: 2, ci95: null });
  }, 60_000);

  it('refuses an empty sample and values that are not positive ratios', () => {
    expect(() => geometricMeanCI([])).toThrow(/must not be empty/);
    expect(() => geometricMeanCI([1, 0])).toThrow(/finite and > 0, got 0/);
    expect(() => geometricMeanCI([1, Number.POSITIVE_INFINITY])).toThrow(/got Infinity/);
  }, 60_000);
});

describe('bootstrapRatio', () => {
  test.prop([
    fc.array(fc.tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 })), {
      minLength: 2,
      maxLength: 12,
    }),
  ])(
    'the interval holds the ratio of means and lies within the range of resampled ratios',
    (pairs) => {
      const num = pairs.map((p) => p[0]);
      const den = pairs.map((p) => p[1]);
      const r = bootstrapRatio(num, den, 500, 1);
      const ratio = num.reduce((a, b) => a + b) / den.reduce((a, b) => a + b);
      expect(r.ratio).toBeCloseTo(ratio, 12);
      const [lo, hi] = r.ci95!;
      expect(lo).toBeLessThanOrEqual(hi);
      const perSeed = pairs.map((p) => p[0] / p[1]);
      expect(lo).toBeGreaterThanOrEqual(Math.min(...perSeed) - 1e-12);
      expect(hi).toBeLessThanOrEqual(Math.max(...perSeed) + 1e-12);
    },
    60_000,
  );

  it('is deterministic in its seed', () => {
    expect(bootstrapRatio([1, 5, 9], [2, 2, 4], 300, 3)).toEqual(
      bootstrapRatio([1, 5, 9], [2, 2, 4], 300, 3),
    );
  }, 60_000);
});

describe('meanCI with a range', () => {
  test.prop([fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 })])(
    'an interval of accuracies never leaves [0, 1] and still contains the mean',
    (values) => {
      const m = meanCI(values, [0, 1]);
      const [lo, hi] = m.ci95!;
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      expect(lo).toBeLessThanOrEqual(m.mean + 1e-12);
      expect(hi).toBeGreaterThanOrEqual(m.mean - 1e-12);
    },
    60_000,
  );
});
