import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import Table from 'cli-table3';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { type PairedTest, pairedTest } from './paired-test.js';
import type { Condition } from './plan.js';
import type { SeedRecord } from './schedule.js';

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
 * A speedup (generations of a control ÷ generations of pathnet, paired by seed) with its
 * bootstrap interval and a paired test of the two conditions' generations.
 */
export interface SpeedupCI extends RatioCI {
  /** Wilcoxon signed-rank test over seeds; null for fewer than two seeds. */
  test: PairedTest | null;
}

/** Per-condition statistics of task B over all seeds. */
export interface ConditionSummary {
  /** Generations to solve B (unsolved runs count as the cap). */
  generations: MeanCI;
  /** Runs that reached the threshold within the cap. */
  solved: number;
  /** Test-set accuracy of B's best pathway. */
  testAccuracy: MeanCI;
  /** Its accuracy on clean test images (null when the task adds no noise). */
  cleanTestAccuracy: MeanCI | null;
  /** Modules of A's best pathway that B's best pathway uses (null for independent). */
  reusedModules: MeanCI | null;
  /** Task A's test accuracy after learning B (null for independent). */
  taskATestAccuracyAfter: MeanCI | null;
}

/** The experiment's summary: what the README table and `results.json` report. */
export interface Summary {
  seeds: number;
  taskA: {
    generations: MeanCI;
    solved: number;
    testAccuracy: MeanCI;
    cleanTestAccuracy: MeanCI | null;
  };
  conditions: Partial<Record<Condition, ConditionSummary>>;
  /** Generations of the other condition ÷ generations of pathnet (> 1: transfer helps). */
  speedup: { independent?: SpeedupCI; 'fine-tune'?: SpeedupCI };
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

/** Mean clean test accuracy over the records that have one (records made before it existed have none). */
function cleanCI(records: readonly { cleanTestAccuracy?: number | null }[]): MeanCI | null {
  const values = records
    .map((r) => r.cleanTestAccuracy)
    .filter((x): x is number => typeof x === 'number');
  return values.length > 0 ? meanCI(values, [0, 1]) : null;
}

/** The possible values of the summarised quantities, for clipping intervals. */
export interface SummaryRanges {
  /** The generation cap. */
  maxGenerations: number;
  /** L·N, the most modules a pathway can share with another. */
  maxModules: number;
}

/**
 * Summary statistics over every finished seed (of one setting: filter the
 * records first when an experiment runs several).
 */
export function summarise(
  results: readonly SeedRecord[],
  conditions: readonly Condition[],
  ranges: SummaryRanges,
): Summary {
  const gens = [1, ranges.maxGenerations] as const;
  const unit = [0, 1] as const;
  const summary: Summary = {
    seeds: results.length,
    taskA: {
      generations: meanCI(
        results.map((r) => r.a.generations),
        gens,
      ),
      solved: results.filter((r) => r.a.solved).length,
      testAccuracy: meanCI(
        results.map((r) => r.a.testAccuracy),
        unit,
      ),
      cleanTestAccuracy: cleanCI(results.map((r) => r.a)),
    },
    conditions: {},
    speedup: {},
  };
  for (const c of conditions) {
    const rs = results.map((r) => r.conditions[c]).filter((x) => x !== undefined);
    if (rs.length === 0) continue;
    const reused = rs.map((r) => r.reusedModules).filter((x): x is number => x !== null);
    const after = rs.map((r) => r.taskATestAccuracyAfter).filter((x): x is number => x !== null);
    summary.conditions[c] = {
      generations: meanCI(
        rs.map((r) => r.generations),
        gens,
      ),
      solved: rs.filter((r) => r.solved).length,
      testAccuracy: meanCI(
        rs.map((r) => r.testAccuracy),
        unit,
      ),
      cleanTestAccuracy: cleanCI(rs),
      reusedModules: reused.length > 0 ? meanCI(reused, [0, ranges.maxModules]) : null,
      taskATestAccuracyAfter: after.length > 0 ? meanCI(after, unit) : null,
    };
  }
  const pathnet = results.map((r) => r.conditions.pathnet?.generations);
  for (const other of ['independent', 'fine-tune'] as const) {
    const paired = results
      .map((r, i) => [r.conditions[other]?.generations, pathnet[i]] as const)
      .filter((p): p is readonly [number, number] => p[0] !== undefined && p[1] !== undefined);
    if (paired.length > 0) {
      const control = paired.map((p) => p[0]);
      const transfer = paired.map((p) => p[1]);
      summary.speedup[other] = {
        ...bootstrapRatio(control, transfer),
        test: pairedTest(control, transfer),
      };
    }
  }
  return summary;
}

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const fmtCI = (m: MeanCI | RatioCI | null, digits = 1): string => {
  if (m === null) return 'n/a';
  const centre = 'mean' in m ? m.mean : m.ratio;
  return m.ci95 === null
    ? fmt(centre, digits)
    : `${fmt(centre, digits)} [${fmt(m.ci95[0], digits)}, ${fmt(m.ci95[1], digits)}]`;
};

/** Options of {@link formatSummary}. */
export interface FormatSummaryOptions {
  /** A line printed when no condition solved task B within the cap (what to change to make it reachable). */
  unsolvedNote?: string;
  /** Also print the speedup lines (default true; off for fixed budgets, where generations are all the cap). */
  speedup?: boolean;
}

/** The summary as a text table (what a CLI prints). */
export function formatSummary(s: Summary, options: FormatSummaryOptions = {}): string {
  const table = new Table({
    head: [
      '',
      'generations (95% CI)',
      'solved',
      'test acc.',
      'clean test acc.',
      'A modules re-used',
      'A test acc. after B',
    ],
    style: { head: [], border: [] },
  });
  table.push([
    'task A',
    fmtCI(s.taskA.generations),
    `${s.taskA.solved}/${s.seeds}`,
    fmtCI(s.taskA.testAccuracy, 3),
    fmtCI(s.taskA.cleanTestAccuracy, 3),
    '',
    '',
  ]);
  for (const [c, cs] of Object.entries(s.conditions)) {
    table.push([
      `B: ${c}`,
      fmtCI(cs.generations),
      `${cs.solved}/${cs.generations.n}`,
      fmtCI(cs.testAccuracy, 3),
      fmtCI(cs.cleanTestAccuracy, 3),
      fmtCI(cs.reusedModules, 2),
      fmtCI(cs.taskATestAccuracyAfter, 3),
    ]);
  }
  const lines = [table.toString()];
  if (options.speedup ?? true) {
    for (const [other, r] of Object.entries(s.speedup)) {
      lines.push(
        `speedup ${other} ÷ pathnet: ${fmtCI(r, 2)}${r.test ? `, ${r.test.method} p = ${r.test.pValue.toPrecision(2)}` : ''}  (> 1 means PathNet transfer solved B faster)`,
      );
    }
  }
  const solvedB = Object.values(s.conditions).reduce((n, c) => n + c.solved, 0);
  if (Object.keys(s.conditions).length > 0 && solvedB === 0 && options.unsolvedNote) {
    lines.push(options.unsolvedNote);
  }
  lines.push(
    s.seeds > 1
      ? `${s.seeds} seeds; 95% intervals: Student t for means (clipped to each quantity's range), percentile bootstrap over seeds for ratios; p: two-sided paired test of generations over seeds.`
      : '1 seed: no intervals (use more seeds).',
  );
  return lines.join('\n');
}
