/**
 * Interval estimates over seeds: means with Student-t intervals, geometric means of ratios
 * with Student-t intervals on the log scale, and ratios of paired means with
 * percentile-bootstrap intervals.
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
 * Geometric mean of positive values (ratios such as speedups, where 2 and 1/2 are
 * equal and opposite effects), with the 95% Student-t interval of their natural
 * logarithms mapped back by `exp`; the interval is null for n < 2.
 * @throws {RangeError} for an empty sample or a value that is not finite and > 0.
 */
export function geometricMeanCI(values: readonly number[]): MeanCI {
  if (values.length === 0) throw new RangeError('geometricMeanCI: values must not be empty');
  const bad = values.find((v) => !(Number.isFinite(v) && v > 0));
  if (bad !== undefined) {
    throw new RangeError(`geometricMeanCI: values must be finite and > 0, got ${bad}`);
  }
  const logs = meanCI(values.map(Math.log));
  return {
    n: logs.n,
    mean: Math.exp(logs.mean),
    ci95: logs.ci95 ? [Math.exp(logs.ci95[0]), Math.exp(logs.ci95[1])] : null,
  };
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
