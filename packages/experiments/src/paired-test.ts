import padjust from '@stdlib/stats-padjust';
import wilcoxon from '@stdlib/stats-wilcoxon';

/** A paired two-sided test of two conditions over the same seeds. */
export interface PairedTest {
  /** The test's name. */
  method: 'Wilcoxon signed-rank';
  /** Seeds whose two values differ (the others carry no information for this test). */
  nonZero: number;
  /** Two-sided p-value of "no difference", in [0, 1] (1 when every pair is equal). */
  pValue: number;
}

/**
 * Wilcoxon signed-rank test of paired samples (`x[i]` and `y[i]` from the same seed), two-sided,
 * by `@stdlib/stats-wilcoxon`: exact distribution up to 50 non-zero differences without ties,
 * otherwise the normal approximation with continuity correction; zero differences are dropped
 * (Wilcox's method). Used for the generations to solve task B of two conditions.
 *
 * @param x - one condition's values per seed.
 * @param y - the other's, same length and seed order.
 * @returns the test, or `null` for fewer than two pairs.
 * @throws {RangeError} if the lengths differ.
 */
export function pairedTest(x: readonly number[], y: readonly number[]): PairedTest | null {
  if (x.length !== y.length) {
    throw new RangeError(`pairedTest: x has ${x.length} values and y ${y.length}; expected pairs`);
  }
  if (x.length < 2) return null;
  const nonZero = x.filter((v, i) => v !== y[i]).length;
  if (nonZero === 0) return { method: 'Wilcoxon signed-rank', nonZero, pValue: 1 };
  return {
    method: 'Wilcoxon signed-rank',
    nonZero,
    // The normal approximation with continuity correction can exceed 1 for few, tied
    // differences (e.g. 1.25); a probability is capped at 1.
    pValue: Math.min(1, wilcoxon([...x], [...y]).pValue),
  };
}

/**
 * Holm's step-down correction of a family of tests (`@stdlib/stats-padjust`): each test's
 * p-value adjusted for every other test of the family; `null` entries (comparisons without a
 * test) stay `null` and do not count as members.
 *
 * @param tests - the family, in any order.
 * @returns the adjusted p-values, in [0, 1], in the order of `tests`.
 */
export function holmAdjusted(tests: readonly (PairedTest | null)[]): (number | null)[] {
  const tested = tests.flatMap((t, i) => (t === null ? [] : [i]));
  if (tested.length === 0) return tests.map(() => null);
  const adjusted = padjust(
    tested.map((i) => tests[i]!.pValue),
    'holm',
  ) as number[];
  const byIndex = new Map(tested.map((i, k) => [i, adjusted[k]!]));
  return tests.map((_, i) => byIndex.get(i) ?? null);
}
