/**
 * Summary statistics of the RL transfer protocol: per ordered pair (source →
 * target) and condition, the speedup and AUC ratio over the independent
 * control (definitions in `rl-speedup.ts`) as ratios of means over seeds with
 * 95% percentile-bootstrap intervals (`bootstrapRatio`, as the supervised
 * summary), final scores with t-intervals, and how many of A's modules B's
 * best pathway re-uses per layer; then their means over the pairs. Given the
 * random agent's return on a target (`randomAgentReturn`), a seed's control
 * counts as learned only if it also ends above that return's 95% interval.
 *
 * @packageDocumentation
 */
import Table from 'cli-table3';
import { mean } from 'simple-statistics';
import { type SpeedupMeasures, speedupOf } from './rl-speedup.js';
import type { RLCondition, RLConditionRecord, RLTransferRecord } from './rl-transfer.js';
import { bootstrapRatio, type MeanCI, meanCI, type RatioCI } from './summary.js';

/** The transfer conditions compared with the independent control. */
export const TRANSFER_CONDITIONS = ['pathnet', 'fine-tune'] as const;
/** One of {@link TRANSFER_CONDITIONS}. */
export type TransferCondition = (typeof TRANSFER_CONDITIONS)[number];

/** One condition of one pair over its seeds. */
export interface RLConditionSummary {
  /** Seeds whose control learned (a score level exists); the speedup averages these. */
  seeds: number;
  /** mean(control frames) / mean(condition frames) over those seeds; null if none. */
  speedup: RatioCI | null;
  /** mean(condition area) / mean(control area) over every seed; null if the control's areas sum to 0. */
  aucRatio: RatioCI | null;
  /** Final score on B. */
  finalScore: MeanCI;
  /** Mean per layer of A's modules on B's best pathway. */
  reusedPerLayer: number[];
  /** Each seed's measures, in seed order. */
  perSeed: SpeedupMeasures[];
}

/** One ordered pair. */
export interface RLPairSummary {
  setting: string | null;
  source: string;
  target: string;
  /** Seeds with a control and both conditions. */
  seeds: number;
  /**
   * Seeds whose independent control learned B: its curve rose (`c_final > c₀`)
   * and, with a random baseline, ended above the baseline's upper 95% bound.
   */
  controlLearned: number;
  /** The independent control's first learning-curve point on B (where its rise is measured from). */
  independentFirst: MeanCI;
  /** The independent control's final score on B. */
  independentFinal: MeanCI;
  /** Task A's final score. */
  sourceFinal: MeanCI;
  /** The random agent's mean return on B with its 95% interval; null: none given (only the rise counts). */
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
 * Means over the pairs (the paper's "mean speedup") whose independent control
 * learned in every seed: a pair where it learned in only some seeds has a
 * speedup from those seeds alone, too few to average with the rest.
 */
export interface RLMeans {
  /** Pairs averaged (those whose control learned in every seed). */
  pairs: number;
  /** Arithmetic mean of the pairs' speedups. */
  speedup: number | null;
  /** Arithmetic mean of the pairs' AUC ratios. */
  aucRatio: number | null;
  /** Mean per layer of A's modules on B's best pathway, over every pair and seed. */
  reusedPerLayer: number[];
}

/** The summary of an RL transfer experiment. */
export interface RLTransferSummary {
  /** The fraction of the control's rise that defines the score level. */
  fraction: number;
  pairs: RLPairSummary[];
  means: Record<TransferCondition, RLMeans>;
}

const meanRows = (rows: readonly number[][]): number[] =>
  rows.length === 0 ? [] : (rows[0] as number[]).map((_, l) => mean(rows.map((r) => r[l] ?? 0)));

function conditionSummary(
  runs: readonly RLConditionRecord[],
  controls: readonly RLConditionRecord[],
  fraction: number,
  frames: readonly number[],
  randomUpper: number | undefined,
): RLConditionSummary {
  const perSeed = runs.map((r, i) =>
    speedupOf(
      r.curve,
      (controls[i] as RLConditionRecord).curve,
      fraction,
      frames[i] as number,
      randomUpper,
    ),
  );
  const learned = perSeed.filter((m) => m.speedup !== null);
  const areas = (rs: readonly RLConditionRecord[]) =>
    rs.map((r) => r.curve.reduce((s, [, v]) => s + v, 0) / Math.max(1, r.curve.length));
  const controlAreas = areas(controls);
  return {
    seeds: learned.length,
    speedup:
      learned.length === 0
        ? null
        : bootstrapRatio(
            learned.map((m) => m.controlFrames as number),
            learned.map((m) => m.conditionFrames as number),
          ),
    aucRatio:
      controlAreas.reduce((s, v) => s + v, 0) === 0
        ? null
        : bootstrapRatio(areas(runs), controlAreas),
    finalScore: meanCI(runs.map((r) => r.finalScore)),
    reusedPerLayer: meanRows(runs.map((r) => r.reusedPerLayer ?? [])),
    perSeed,
  };
}

/**
 * Summarises finished records: one entry per (setting, source, target) with
 * every seed that has the control and both conditions, in first-seen order.
 * @param fraction - the score level's fraction of the control's rise, in (0, 1].
 * @param randomBaselines - per target task id, the random agent's mean return
 *   (`randomAgentReturn`): a seed's control then learned only if its final curve
 *   point is above the upper 95% bound (the mean when there is no interval) as
 *   well as above its first point; a target without one keeps the rise alone.
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
  const control = new Map<string, RLConditionRecord>();
  for (const r of records) {
    if (r.source !== null) continue;
    for (const run of r.runs) control.set(`${r.setting} ${r.seed} ${run.task}`, run);
  }
  type Group = {
    setting: string | null;
    source: string;
    target: string;
    seeds: RLTransferRecord[];
  };
  const groups = new Map<string, Group>();
  for (const r of [...records].sort((x, y) => x.seed - y.seed)) {
    if (r.source === null || r.a === null) continue;
    for (const run of r.runs) {
      const key: string = `${r.setting} ${r.source} ${run.task}`;
      const g: Group = groups.get(key) ?? {
        setting: r.setting,
        source: r.source,
        target: run.task,
        seeds: [],
      };
      if (!g.seeds.includes(r) && control.has(`${r.setting} ${r.seed} ${run.task}`))
        g.seeds.push(r);
      groups.set(key, g);
    }
  }
  const pairs: RLPairSummary[] = [];
  for (const g of groups.values()) {
    if (g.seeds.length === 0) continue;
    const controls = g.seeds.map((r) => control.get(`${r.setting} ${r.seed} ${g.target}`)!);
    const of = (c: RLCondition) =>
      g.seeds.map((r) => r.runs.find((x) => x.task === g.target && x.condition === c)!);
    const frames = controls.map((c) => c.curve[c.curve.length - 1]?.[0] ?? c.frames);
    const baseline = randomBaselines[g.target] ?? null;
    const upper = baseline ? (baseline.ci95?.[1] ?? baseline.mean) : undefined;
    const conditions = Object.fromEntries(
      TRANSFER_CONDITIONS.map((c) => [
        c,
        conditionSummary(of(c), controls, fraction, frames, upper),
      ]),
    ) as Record<TransferCondition, RLConditionSummary>;
    pairs.push({
      setting: g.setting,
      source: g.source,
      target: g.target,
      seeds: g.seeds.length,
      controlLearned: conditions.pathnet.perSeed.filter((m) => m.level !== null).length,
      independentFirst: meanCI(controls.map((c) => c.curve[0]?.[1] ?? 0)),
      independentFinal: meanCI(controls.map((c) => c.finalScore)),
      sourceFinal: meanCI(g.seeds.map((r) => (r.a as { finalScore: number }).finalScore)),
      randomBaseline: baseline,
      conditions,
    });
  }
  const means = Object.fromEntries(
    TRANSFER_CONDITIONS.map((c) => {
      const everySeed = pairs.filter(learnedInEverySeed);
      const withSpeedup = everySeed.filter((p) => p.conditions[c].speedup !== null);
      const withAuc = everySeed.filter((p) => p.conditions[c].aucRatio !== null);
      const m: RLMeans = {
        pairs: withSpeedup.length,
        speedup: withSpeedup.length
          ? mean(withSpeedup.map((p) => p.conditions[c].speedup!.ratio))
          : null,
        aucRatio: withAuc.length ? mean(withAuc.map((p) => p.conditions[c].aucRatio!.ratio)) : null,
        reusedPerLayer: meanRows(pairs.map((p) => p.conditions[c].reusedPerLayer)),
      };
      return [c, m];
    }),
  ) as Record<TransferCondition, RLMeans>;
  return { fraction, pairs, means };
}

const ratio = (r: RatioCI | null) =>
  r === null
    ? '—'
    : `${r.ratio.toFixed(2)}${r.ci95 ? ` [${r.ci95[0].toFixed(2)}, ${r.ci95[1].toFixed(2)}]` : ''}`;
const score = (m: MeanCI) =>
  `${m.mean.toFixed(2)}${m.ci95 ? ` ± ${((m.ci95[1] - m.ci95[0]) / 2).toFixed(2)}` : ''}`;
const short = (id: string) => id.replace(/^[a-z]+\//, '').replace(/-v\d+$/, '');

/** The summary as text tables: one row per pair, then the means over pairs. */
export function formatRLTransferSummary(s: RLTransferSummary): string {
  const pairs = new Table({
    head: [
      'pair',
      'seeds (control learned)',
      'A final',
      'B independent first → final',
      'B random',
      'pathnet final',
      'fine-tune final',
      'speedup pathnet',
      'speedup fine-tune',
      'AUC ratio pathnet',
      'AUC ratio fine-tune',
      'A modules on B pathway / layer',
    ],
    style: { head: [], border: [] },
  });
  for (const p of s.pairs) {
    const { pathnet, 'fine-tune': ft } = p.conditions;
    pairs.push([
      `${p.setting ? `${p.setting}: ` : ''}${short(p.source)} → ${short(p.target)}`,
      `${p.seeds} (${p.controlLearned})`,
      score(p.sourceFinal),
      `${p.independentFirst.mean.toFixed(2)} → ${score(p.independentFinal)}`,
      p.randomBaseline ? score(p.randomBaseline) : '—',
      score(pathnet.finalScore),
      score(ft.finalScore),
      ratio(pathnet.speedup),
      ratio(ft.speedup),
      ratio(pathnet.aucRatio),
      ratio(ft.aucRatio),
      pathnet.reusedPerLayer.map((v) => v.toFixed(2)).join(' '),
    ]);
  }
  const means = new Table({
    head: [
      'condition',
      'pairs',
      'mean speedup',
      'mean AUC ratio',
      'A modules on B pathway / layer',
    ],
    style: { head: [], border: [] },
  });
  for (const c of TRANSFER_CONDITIONS) {
    const m = s.means[c];
    means.push([
      c,
      String(m.pairs),
      m.speedup === null ? '—' : m.speedup.toFixed(2),
      m.aucRatio === null ? '—' : m.aucRatio.toFixed(2),
      m.reusedPerLayer.map((v) => v.toFixed(2)).join(' '),
    ]);
  }
  const random = s.pairs.some((p) => p.randomBaseline)
    ? "\ncontrol learned = its final point is above its first and above the random agent's upper 95% bound (B random: mean ± half-interval of a uniform-random policy)"
    : '';
  return `${pairs.toString()}\nspeedup = frames the independent control needs to reach ${s.fraction} of its rise ÷ frames the condition needs${random}\nmeans over the pairs whose control learned in every seed (modules re-used: over every pair)\n${means.toString()}`;
}
