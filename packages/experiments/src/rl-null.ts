/**
 * The RL transfer speedup's calibration against no effect, measured in every
 * run (DESIGN.md, "Every estimator has a null measured in the same run"):
 *
 * - **Null distribution**: the control's seeds (those paired with a condition
 *   and the extra `--null-seeds` ones) split into two disjoint groups of the
 *   comparison's size, one playing the condition, the other the control; the
 *   estimator over every such ordered split (or a seeded sample of them when
 *   there are more than a cap). Both groups come from one distribution, so
 *   this is what the estimator reads when there is no effect; its median and
 *   95% interval are printed beside each speedup.
 * - **Permutation test over seeds**: the condition's and the control's runs
 *   pooled and relabelled in every way that keeps the group sizes; the
 *   two-sided p-value is the share of relabellings whose |log speedup| is at
 *   least the observed one (the observed labelling counts among them, so
 *   p ≥ 1 / C(n, k): with 2 seeds a side, p ≥ 1/6).
 *
 * Quantiles are taken of log speedups (a ratio and its reciprocal are equally
 * far from 1) with simple-statistics' `quantileSorted`.
 *
 * @packageDocumentation
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { combinations, quantileSorted } from 'simple-statistics';
import type { LearningCurve } from './rl-speedup.js';

/** A ratio estimator of a condition's runs over a control's (e.g. the speedup); null where undefined. */
export type CurveEstimator = (
  condition: readonly LearningCurve[],
  control: readonly LearningCurve[],
) => number | null;

/** The most splits or relabellings evaluated; beyond it a seeded sample of this many. */
export const MAX_SPLITS = 2000;

const binomial = (n: number, k: number): number => {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
};

/** A seeded random permutation of `0 … n−1` (Fisher–Yates on pure-rand's xoroshiro128+). */
function shuffled(n: number, rng: ReturnType<typeof xoroshiro128plus>): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [a[i], a[j]] = [a[j] as number, a[i] as number];
  }
  return a;
}

/**
 * Ordered splits of `n` items into two disjoint groups of sizes `a` and `b`
 * (`a + b ≤ n`), as index lists: all of them when there are at most
 * `maxSplits`, else `maxSplits` seeded random ones.
 * @throws {RangeError} if the sizes are not positive integers with `a + b ≤ n`.
 */
export function splits(
  n: number,
  a: number,
  b: number,
  maxSplits = MAX_SPLITS,
  seed = 1,
): Array<[number[], number[]]> {
  if (![n, a, b].every(Number.isInteger) || a < 1 || b < 1 || a + b > n) {
    throw new RangeError(
      `splits: need integer sizes a, b ≥ 1 with a + b ≤ n; got ${a}, ${b}, ${n}`,
    );
  }
  const all = Array.from({ length: n }, (_, i) => i);
  if (binomial(n, a) * binomial(n - a, b) <= maxSplits) {
    return combinations(all, a).flatMap((first) => {
      const rest = all.filter((i) => !first.includes(i));
      return combinations(rest, b).map((second) => [first, second] as [number[], number[]]);
    });
  }
  const rng = xoroshiro128plus(seed | 0);
  return Array.from({ length: maxSplits }, () => {
    const p = shuffled(n, rng);
    return [p.slice(0, a), p.slice(a, a + b)] as [number[], number[]];
  });
}

/** The null distribution of an estimator, summarised. */
export interface NullSummary {
  /** Control runs in the pool. */
  pool: number;
  /** Runs per side of each split (the comparison's seeds, or fewer when the pool is too small). */
  groupSize: number;
  /** Splits with a value (the estimator was defined). */
  splits: number;
  /** Median of the values (on the log scale, then back; 1 for a symmetric estimator over ordered splits). */
  median: number;
  /** 2.5% and 97.5% quantiles of the values (from the log scale). */
  interval: [number, number];
}

/**
 * The estimator's values over ordered splits of `controls` into two groups of
 * `groupSize` runs ({@link splits}): its distribution when there is no effect.
 * @returns the defined values (the splits where the estimator gave null are left out).
 * @throws {RangeError} if `2 · groupSize` exceeds the runs or `groupSize < 1`.
 */
export function nullDistribution(
  controls: readonly LearningCurve[],
  groupSize: number,
  estimator: CurveEstimator,
  maxSplits = MAX_SPLITS,
  seed = 1,
): number[] {
  const values: number[] = [];
  for (const [x, c] of splits(controls.length, groupSize, groupSize, maxSplits, seed)) {
    const v = estimator(
      x.map((i) => controls[i] as LearningCurve),
      c.map((i) => controls[i] as LearningCurve),
    );
    if (v !== null && Number.isFinite(v) && v > 0) values.push(v);
  }
  return values;
}

/**
 * The null of a comparison with `seeds` runs a side, from a pool of control
 * runs: groups of `min(seeds, ⌊pool / 2⌋)` runs; `null` when the pool has
 * fewer than 2 runs or no split gives a value.
 * @throws {RangeError} if `seeds < 1`.
 */
export function nullOf(
  controls: readonly LearningCurve[],
  seeds: number,
  estimator: CurveEstimator,
  maxSplits = MAX_SPLITS,
  seed = 1,
): NullSummary | null {
  if (!(Number.isInteger(seeds) && seeds >= 1)) {
    throw new RangeError(`nullOf: seeds must be an integer ≥ 1, got ${seeds}`);
  }
  const groupSize = Math.min(seeds, Math.floor(controls.length / 2));
  if (groupSize < 1) return null;
  const values = nullDistribution(controls, groupSize, estimator, maxSplits, seed);
  if (values.length === 0) return null;
  const logs = values.map(Math.log).sort((p, q) => p - q);
  return {
    pool: controls.length,
    groupSize,
    splits: values.length,
    median: Math.exp(quantileSorted(logs, 0.5)),
    interval: [Math.exp(quantileSorted(logs, 0.025)), Math.exp(quantileSorted(logs, 0.975))],
  };
}

/** A permutation test's outcome. */
export interface PermutationResult {
  /** Two-sided p-value: share of relabellings with |log value| ≥ the observed one's. */
  p: number;
  /** Relabellings with a value (the observed one among them). */
  permutations: number;
}

/**
 * Permutation test over seeds: the estimator on every relabelling of the pooled
 * runs into groups of the original sizes (or a seeded sample of
 * `maxPermutations` when there are more); null when the observed value is undefined.
 * @throws {RangeError} if either side is empty.
 */
export function permutationTest(
  condition: readonly LearningCurve[],
  control: readonly LearningCurve[],
  estimator: CurveEstimator,
  maxPermutations = MAX_SPLITS,
  seed = 1,
): PermutationResult | null {
  if (condition.length === 0 || control.length === 0) {
    throw new RangeError('permutationTest: both sides need at least one run');
  }
  const observed = estimator(condition, control);
  if (observed === null || !(observed > 0)) return null;
  const pool = [...condition, ...control];
  const extreme = Math.abs(Math.log(observed)) - 1e-12;
  let count = 0;
  let atLeast = 0;
  for (const [x, c] of splits(
    pool.length,
    condition.length,
    control.length,
    maxPermutations,
    seed,
  )) {
    const v = estimator(
      x.map((i) => pool[i] as LearningCurve),
      c.map((i) => pool[i] as LearningCurve),
    );
    if (v === null || !(v > 0)) continue;
    count++;
    if (Math.abs(Math.log(v)) >= extreme) atLeast++;
  }
  // A sample of relabellings may miss the observed one: count it, as an exact test does.
  if (count === 0) return { p: 1, permutations: 1 };
  return { p: atLeast / count, permutations: count };
}
