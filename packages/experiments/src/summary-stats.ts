/**
 * Interval estimates over seeds: means with Student-t intervals and ratios of paired means
 * with percentile-bootstrap intervals.
 *
 * @packageDocumentation
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';

/** A mean with its 95% confidence interval (Student t); the interval is null for n < 2. */
export interface MeanCI {
  n: number;
  mean: number;
  ci95: [number, number] | null;
}

/** A ratio of means with a 95% percentile-bootstrap interval over seeds. */
export interface RatioCI {
  ratio: number;
  ci95: [number, number] | null;
}

/**
 * Mean and 95% t-interval of a sample; with `range`, the interval is clipped to
 * the quantity's possible values (few seeds give intervals wider than that).
 */
export function meanCI(values: readonly number[], range?: readonly [number, number]): MeanCI {
  const n = values.length;
  const m = mean([...values]);
  if (n < 2) return { n, mean: m, ci95: null };
  const half = (tQuantile(0.975, n - 1) * sampleStandardDeviation([...values])) / Math.sqrt(n);
  const [lo, hi] = range ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  return { n, mean: m, ci95: [Math.max(lo, m - half), Math.min(hi, m + half)] };
}

/**
 * Ratio of means `mean(numerator) / mean(denominator)` over paired seeds, with
 * a 95% percentile-bootstrap interval (seeds resampled with replacement,
 * deterministic in `seed`).
 */
export function bootstrapRatio(
  numerator: readonly number[],
  denominator: readonly number[],
  resamples = 5000,
  seed = 0,
): RatioCI {
  const n = numerator.length;
  const ratio = mean([...numerator]) / mean([...denominator]);
  if (n < 2) return { ratio, ci95: null };
  const rng = xoroshiro128plus(seed);
  const ratios = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      const k = uniformInt(rng, 0, n - 1);
      num += numerator[k]!;
      den += denominator[k]!;
    }
    ratios[r] = num / den;
  }
  const sorted = Array.from(ratios).sort((x, y) => x - y);
  return { ratio, ci95: [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)] };
}
