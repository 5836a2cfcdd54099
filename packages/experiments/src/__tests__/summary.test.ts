import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { bootstrapRatio, meanCI } from '../summary.js';

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
