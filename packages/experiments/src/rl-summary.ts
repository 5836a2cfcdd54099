/**
 * Summary statistics of the RL transfer protocol. Per ordered pair (source →
 * target) and condition, against each control (`independent`: PathNet-A3C
 * from scratch; `plain-a3c`: a fixed pathway from scratch):
 * - the speedup and AUC ratio of the condition's seeds over the control's
 *   (the symmetric group estimator of `rl-speedup.ts`: level from the pooled
 *   curves, each side's mean curve, both censored at the budget), and each
 *   seed's own;
 * - its null (`rl-null.ts`): the control's runs of every seed — those paired
 *   with a condition and the extra `--null-seeds` ones — split against each
 *   other, median and 95% interval;
 * - a permutation test over seeds;
 * - which control runs the condition's own algorithm (`sameAlgorithm`):
 *   `pathnet` and `fine-tune` → `independent`, `fine-tune-fixed` → `plain-a3c`.
 *   `plain-a3c` itself is compared with `independent` (what evolution changes).
 * Then final scores with t-intervals, A's modules re-used by B's best pathway,
 * and means over the pairs of two different tasks (a positive control, source =
 * target, is read on its own) whose independent control learned in every seed:
 * the arithmetic mean (the paper's "mean speedup"), and the geometric mean
 * with a 95% interval over pairs (a t-interval of the log speedups; the pairs
 * that share a target share its control runs, so it is approximate).
 * Given the random agent's return on a target (`randomAgentReturn`), a curve
 * counts as learned only if it also ends above that return's 95% interval.
 *
 * @packageDocumentation
 */
import { mean } from 'simple-statistics';
import { type NullSummary, nullOf, type PermutationResult, permutationTest } from './rl-null.js';
import {
  groupSpeedup,
  type LearningCurve,
  randomUpper,
  type SpeedupMeasures,
  scoreLevel,
} from './rl-speedup.js';
import type { RLCondition, RLConditionRecord, RLTransferRecord } from './rl-transfer.js';
import { geometricMeanCI, type MeanCI, meanCI } from './summary.js';

/** The conditions compared with a control: the three transfers, and plain A3C against PathNet-A3C. */
export const TRANSFER_CONDITIONS = [
  'pathnet',
  'fine-tune',
  'fine-tune-fixed',
  'plain-a3c',
] as const;
/** One of {@link TRANSFER_CONDITIONS}. */
export type TransferCondition = (typeof TRANSFER_CONDITIONS)[number];
/** The two controls, both learned from scratch. */
export const RL_CONTROLS = ['independent', 'plain-a3c'] as const;
/** One of {@link RL_CONTROLS}. */
export type RLControl = (typeof RL_CONTROLS)[number];

/** The control that runs each condition's algorithm (`null`: `plain-a3c`, a control itself). */
export const SAME_ALGORITHM: Readonly<Record<TransferCondition, RLControl | null>> = {
  pathnet: 'independent',
  'fine-tune': 'independent',
  'fine-tune-fixed': 'plain-a3c',
  'plain-a3c': null,
};

/** The controls a condition is compared with: both, except `plain-a3c` (with `independent` only). */
export const controlsOf = (c: TransferCondition): RLControl[] =>
  c === 'plain-a3c' ? ['independent'] : [...RL_CONTROLS];

/** One condition of one pair against one control, over the pair's seeds. */
export interface RLComparison {
  control: RLControl;
  /** Whether the control runs the condition's algorithm (the comparison that isolates the transfer). */
  sameAlgorithm: boolean;
  /** The group estimator over every seed of both sides (`groupSpeedup`). */
  measures: SpeedupMeasures;
  /** Each seed's condition run against the same seed's control run. */
  perSeed: SpeedupMeasures[];
  /** The speedup's null from the control's runs split against each other; null with fewer than 2 runs or no level. */
  null: NullSummary | null;
  /** Permutation test of the speedup over seeds; null when the speedup is. */
  test: PermutationResult | null;
}

/** One condition of one pair. */
export interface RLConditionSummary {
  /** Final score on B (mean return of the last `window` episodes). */
  finalScore: MeanCI;
  /** Mean per layer of A's modules on B's best pathway (empty for `plain-a3c`). */
  reusedPerLayer: number[];
  /** Against each control of {@link controlsOf}. */
  comparisons: Partial<Record<RLControl, RLComparison>>;
}

/** One ordered pair. */
export interface RLPairSummary {
  setting: string | null;
  source: string;
  target: string;
  /** Seeds with both controls and every condition. */
  seeds: number;
  /**
   * Seeds whose independent control learned B: its own curve rose (last point
   * with data above the first) and, with a random baseline, ended above the
   * baseline's upper 95% bound.
   */
  controlLearned: number;
  /** Control runs on B per control, every seed (the paired ones and the null seeds'). */
  controlRuns: Record<RLControl, number>;
  /** The independent control's first learning-curve point with data, and its final score. */
  independentFirst: MeanCI;
  independentFinal: MeanCI;
  /** Task A's final score. */
  sourceFinal: MeanCI;
  /** The random agent's mean return on B with its 95% interval; null: none given. */
  randomBaseline: MeanCI | null;
  conditions: Record<TransferCondition, RLConditionSummary>;
}

/**
 * Whether the pair's independent control learned in every seed: only such pairs
 * enter the means over pairs ({@link RLMeans}) and the apps' speedup heatmaps.
 */
export function learnedInEverySeed(p: RLPairSummary): boolean {
  return p.controlLearned === p.seeds;
}

/**
 * A condition against a control, averaged over the transfer pairs (source ≠ target: a
 * positive control is read on its own) whose independent control learned in every seed.
 */
export interface RLMeans {
  condition: TransferCondition;
  control: RLControl;
  sameAlgorithm: boolean;
  /**
   * Pairs averaged (with a speedup); for `plain-a3c` against `independent`, which does not
   * depend on the source, targets (each counted once).
   */
  pairs: number;
  /** Arithmetic mean of the pairs' speedups (the paper's "mean speedup"). */
  speedup: number | null;
  /**
   * Geometric mean of the pairs' speedups with the 95% t-interval of their logarithms
   * mapped back (null interval with one pair); null with no pair. 1 = no effect.
   */
  geometricSpeedup: MeanCI | null;
  /** Pairs whose speedup is above 1 (the condition reached the level first). */
  faster: number;
  /** Arithmetic mean of the pairs' AUC ratios. */
  aucRatio: number | null;
  /** Mean of the pairs' null medians. */
  nullMedian: number | null;
  /** Mean per layer of A's modules on B's best pathway, over every pair and seed. */
  reusedPerLayer: number[];
}

/** The summary of an RL transfer experiment. */
export interface RLTransferSummary {
  /** The fraction of the pooled curve's rise that defines the score level. */
  fraction: number;
  pairs: RLPairSummary[];
  means: RLMeans[];
}

const meanRows = (rows: readonly number[][]): number[] =>
  rows.length === 0 || (rows[0] as number[]).length === 0
    ? []
    : (rows[0] as number[]).map((_, l) => mean(rows.map((r) => r[l] ?? 0)));

const firstWithData = (curve: LearningCurve): number =>
  curve.find((p) => p[1] !== null)?.[1] ?? Number.NaN;

type Key = string;
const key = (setting: string | null, seed: number, task: string, c: RLCondition): Key =>
  `${setting} ${seed} ${task} ${c}`;

/**
 * Summarises finished records: one entry per (setting, source, target) with
 * every seed that has both controls and every condition, in first-seen order.
 * The nulls take every control run of the target in that setting, the seeds
 * without a source job (`--null-seeds`) among them.
 * @param fraction - the score level's fraction of the pooled curve's rise, in (0, 1].
 * @param randomBaselines - per target task id, the random agent's mean return
 *   (`randomAgentReturn`): a curve then counts as learned only above the upper
 *   95% bound (the mean when there is no interval).
 * @throws {RangeError} for a fraction outside (0, 1].
 */
export function summariseRLTransfer(
  records: readonly RLTransferRecord[],
  fraction: number,
  randomBaselines: Readonly<Record<string, MeanCI>> = {},
): RLTransferSummary {
  if (!(fraction > 0 && fraction <= 1)) {
    throw new RangeError(`summariseRLTransfer: fraction must be in (0, 1], got ${fraction}`);
  }
  const sorted = [...records].sort((x, y) => x.seed - y.seed);
  const runs = new Map<Key, RLConditionRecord>();
  const pools = new Map<string, RLConditionRecord[]>();
  for (const r of sorted) {
    if (r.source !== null) continue;
    for (const run of r.runs) {
      runs.set(key(r.setting, r.seed, run.task, run.condition), run);
      const pool = `${r.setting} ${run.task} ${run.condition}`;
      pools.set(pool, [...(pools.get(pool) ?? []), run]);
    }
  }
  type Group = {
    setting: string | null;
    source: string;
    target: string;
    seeds: RLTransferRecord[];
  };
  const groups = new Map<string, Group>();
  for (const r of sorted) {
    if (r.source === null || r.a === null) continue;
    for (const run of r.runs) {
      runs.set(`${r.source} ${key(r.setting, r.seed, run.task, run.condition)}`, run);
      const k: string = `${r.setting} ${r.source} ${run.task}`;
      const g: Group = groups.get(k) ?? {
        setting: r.setting,
        source: r.source,
        target: run.task,
        seeds: [],
      };
      const paired = RL_CONTROLS.every((c) => runs.has(key(r.setting, r.seed, run.task, c)));
      if (!g.seeds.includes(r) && paired) g.seeds.push(r);
      groups.set(k, g);
    }
  }
  const pairs: RLPairSummary[] = [];
  for (const g of groups.values()) {
    const of = (c: RLCondition) =>
      g.seeds.map((r) =>
        (RL_CONTROLS as readonly string[]).includes(c)
          ? runs.get(key(g.setting, r.seed, g.target, c))
          : runs.get(`${g.source} ${key(g.setting, r.seed, g.target, c)}`),
      );
    const complete = (['pathnet', 'fine-tune', 'fine-tune-fixed'] as const).every((c) =>
      of(c).every((x) => x !== undefined),
    );
    if (g.seeds.length === 0 || !complete) continue;
    const curves = (c: RLCondition) => of(c).map((x) => (x as RLConditionRecord).curve);
    const independent = of('independent') as RLConditionRecord[];
    const budget = independent[0]?.curve.at(-1)?.[0] ?? independent[0]?.frames ?? 1;
    const baseline = randomBaselines[g.target] ?? null;
    const upper = baseline ? randomUpper(baseline) : undefined;
    const estimator = (x: readonly LearningCurve[], c: readonly LearningCurve[]) =>
      groupSpeedup(x, c, fraction, budget, upper).speedup;
    const pool = (c: RLControl) => pools.get(`${g.setting} ${g.target} ${c}`) ?? [];
    const nulls = Object.fromEntries(
      RL_CONTROLS.map((c) => [
        c,
        nullOf(
          pool(c).map((x) => x.curve),
          g.seeds.length,
          estimator,
        ),
      ]),
    ) as Record<RLControl, NullSummary | null>;
    const comparison = (condition: TransferCondition, control: RLControl): RLComparison => {
      const x = curves(condition);
      const c = curves(control);
      return {
        control,
        sameAlgorithm: SAME_ALGORITHM[condition] === control,
        measures: groupSpeedup(x, c, fraction, budget, upper),
        perSeed: x.map((xi, i) =>
          groupSpeedup([xi], [c[i] as LearningCurve], fraction, budget, upper),
        ),
        null: nulls[control],
        test: permutationTest(x, c, estimator),
      };
    };
    const conditions = Object.fromEntries(
      TRANSFER_CONDITIONS.map((condition) => {
        const rs = of(condition) as RLConditionRecord[];
        const summary: RLConditionSummary = {
          finalScore: meanCI(rs.map((r) => r.finalScore)),
          reusedPerLayer: meanRows(rs.map((r) => r.reusedPerLayer ?? [])),
          comparisons: Object.fromEntries(
            controlsOf(condition).map((c) => [c, comparison(condition, c)]),
          ),
        };
        return [condition, summary];
      }),
    ) as Record<TransferCondition, RLConditionSummary>;
    pairs.push({
      setting: g.setting,
      source: g.source,
      target: g.target,
      seeds: g.seeds.length,
      controlLearned: independent.filter((r) => scoreLevel(r.curve, fraction, upper) !== null)
        .length,
      controlRuns: {
        independent: pool('independent').length,
        'plain-a3c': pool('plain-a3c').length,
      },
      independentFirst: meanCI(independent.map((r) => firstWithData(r.curve))),
      independentFinal: meanCI(independent.map((r) => r.finalScore)),
      sourceFinal: meanCI(g.seeds.map((r) => (r.a as { finalScore: number }).finalScore)),
      randomBaseline: baseline,
      conditions,
    });
  }
  const everySeed = pairs.filter((p) => p.source !== p.target && learnedInEverySeed(p));
  const means = TRANSFER_CONDITIONS.flatMap((condition) =>
    controlsOf(condition).map((control): RLMeans => {
      // plain-a3c against independent compares two controls, which do not depend on the
      // source: one entry per (setting, target), not one per pair.
      const units =
        condition === 'plain-a3c'
          ? everySeed.filter(
              (p, i) =>
                everySeed.findIndex((q) => q.setting === p.setting && q.target === p.target) === i,
            )
          : everySeed;
      const cs = units.map((p) => p.conditions[condition].comparisons[control] as RLComparison);
      const values = (f: (c: RLComparison) => number | null | undefined) =>
        cs.map(f).filter((v): v is number => v !== null && v !== undefined);
      const avg = (vs: number[]) => (vs.length ? mean(vs) : null);
      const speedups = values((c) => c.measures.speedup);
      return {
        condition,
        control,
        sameAlgorithm: SAME_ALGORITHM[condition] === control,
        pairs: speedups.length,
        speedup: avg(speedups),
        geometricSpeedup: speedups.length ? geometricMeanCI(speedups) : null,
        faster: speedups.filter((v) => v > 1).length,
        aucRatio: avg(values((c) => c.measures.aucRatio)),
        nullMedian: avg(values((c) => c.null?.median)),
        reusedPerLayer: meanRows(pairs.map((p) => p.conditions[condition].reusedPerLayer)),
      };
    }),
  );
  return { fraction, pairs, means };
}
