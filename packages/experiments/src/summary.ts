/**
 * The supervised transfer experiment's summary over seeds (Fernando et al. 2017, Sec. 3.1):
 * per condition, generations, solved runs and accuracies with intervals; the speedups of
 * every one-factor comparison at every stopping level ({@link levelSpeedups}).
 *
 * @packageDocumentation
 */
import Table from 'cli-table3';
import type { Condition } from './plan.js';
import type { SeedRecord } from './schedule.js';
import { formatLevelSpeedups, type LevelSpeedup, levelSpeedups } from './speedups.js';
import { type MeanCI, meanCI, type RatioCI } from './summary-stats.js';

export {
  bootstrapRatio,
  geometricMeanCI,
  type MeanCI,
  meanCI,
  type RatioCI,
} from './summary-stats.js';

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
  /** Modules of A's best pathway that B's best genotype uses (null for fresh weights). */
  reusedModules: MeanCI | null;
  /** Task A's test accuracy after learning B (null for fresh weights). */
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
  /** The stopping levels the speedups are read at (the run's threshold last). */
  levels: number[];
  /** Every one-factor comparison whose conditions ran, at every level (> 1: the condition is faster). */
  speedups: LevelSpeedup[];
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

/** Options of {@link summarise}. */
export interface SummariseOptions extends SummaryRanges {
  /**
   * Stopping levels (training accuracies) at which to read generations from each run's
   * fitness curve; default none besides the run's threshold. Each at most the threshold.
   */
  levels?: readonly number[];
  /** The run's stopping threshold; `Infinity` (a fixed budget) reports no speedups. */
  threshold?: number;
}

/**
 * Summary statistics over every finished seed (of one setting: filter the
 * records first when an experiment runs several).
 */
export function summarise(
  results: readonly SeedRecord[],
  conditions: readonly Condition[],
  ranges: SummariseOptions,
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
    levels: [],
    speedups: [],
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
  const threshold = ranges.threshold ?? Number.POSITIVE_INFINITY;
  if (Number.isFinite(threshold)) {
    summary.levels = [...new Set([...(ranges.levels ?? []), threshold])].sort((x, y) => x - y);
    summary.speedups = levelSpeedups(results, summary.levels, ranges.maxGenerations);
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
/** A mean with the larger half of its interval (`0.938 ±0.012`): narrow enough for a terminal column. */
const fmtPM = (m: MeanCI | null, digits = 3): string => {
  if (m === null) return 'n/a';
  if (m.ci95 === null) return fmt(m.mean, digits);
  const half = Math.max(m.mean - m.ci95[0], m.ci95[1] - m.mean);
  return `${fmt(m.mean, digits)} ±${fmt(half, digits)}`;
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
      'generations [95% CI]',
      'solved',
      'test acc.',
      'clean acc.',
      'A modules',
      'A acc. after',
    ],
    style: { head: [], border: [] },
  });
  table.push([
    'task A',
    fmtCI(s.taskA.generations),
    `${s.taskA.solved}/${s.seeds}`,
    fmtPM(s.taskA.testAccuracy),
    fmtPM(s.taskA.cleanTestAccuracy),
    '',
    '',
  ]);
  for (const [c, cs] of Object.entries(s.conditions)) {
    table.push([
      `B: ${c}`,
      fmtCI(cs.generations),
      `${cs.solved}/${cs.generations.n}`,
      fmtPM(cs.testAccuracy),
      fmtPM(cs.cleanTestAccuracy),
      fmtPM(cs.reusedModules, 2),
      fmtPM(cs.taskATestAccuracyAfter),
    ]);
  }
  const lines = [table.toString()];
  if ((options.speedup ?? true) && s.speedups.length > 0) {
    lines.push(formatLevelSpeedups(s.speedups));
  }
  const solvedB = Object.values(s.conditions).reduce((n, c) => n + c.solved, 0);
  if (Object.keys(s.conditions).length > 0 && solvedB === 0 && options.unsolvedNote) {
    lines.push(options.unsolvedNote);
  }
  lines.push(
    `${
      s.seeds > 1
        ? `${s.seeds} seeds; 95% intervals: Student t for means (clipped to each quantity's range; ± gives the larger\n` +
          'half), percentile bootstrap over seeds for ratios.'
        : '1 seed: no intervals (use more seeds).'
    }\nA modules: how many of B's best genotype's L·N modules are A's best pathway's (re-used); A acc. after: A's test\n` +
      'accuracy after B.',
  );
  return lines.join('\n');
}
