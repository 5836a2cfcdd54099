import { describe, expect, it } from 'vitest';
import { holmAdjusted, pairedTest } from '../paired-test.js';

describe('pairedTest (Wilcoxon signed-rank over seeds)', () => {
  it('gives a small p-value when one condition is slower on every seed, a large one when mixed', () => {
    const transfer = [100, 120, 90, 150, 110, 130, 95, 140, 105, 125];
    const slower = transfer.map((g, i) => g + 20 + i);
    expect(pairedTest(slower, transfer)?.pValue).toBeLessThan(0.01);
    const mixed = transfer.map((g, i) => g + (i % 2 === 0 ? 7 : -7));
    expect(pairedTest(mixed, transfer)?.pValue).toBeGreaterThan(0.5);
  });

  it('is 1 when every pair is equal, null below two pairs, and rejects unequal lengths', () => {
    expect(pairedTest([500, 500], [500, 500])).toEqual({
      method: 'Wilcoxon signed-rank',
      nonZero: 0,
      pValue: 1,
    });
    expect(pairedTest([1], [2])).toBeNull();
    expect(() => pairedTest([1, 2], [1])).toThrow(/x has 2 values and y 1/);
  });

  it('is a probability even where the tied normal approximation exceeds 1 (stdlib gives 1.25 here)', () => {
    expect(pairedTest([2, 0, 3], [3, 2, 0])?.pValue).toBe(1);
  });
});

describe('holmAdjusted', () => {
  const test = (pValue: number) => ({
    method: 'Wilcoxon signed-rank' as const,
    nonZero: 5,
    pValue,
  });
  it("adjusts the family's p-values step-down, leaving comparisons without a test out of it", () => {
    // sorted 0.01, 0.03, 0.04 over 3 tests: 0.03, max(0.06, 0.03), max(0.04, 0.06) = 0.03, 0.06, 0.06
    expect(holmAdjusted([test(0.04), null, test(0.01), test(0.03)])).toEqual([
      expect.closeTo(0.06, 12),
      null,
      expect.closeTo(0.03, 12),
      expect.closeTo(0.06, 12),
    ]);
    expect(holmAdjusted([null, null])).toEqual([null, null]);
  });
});
