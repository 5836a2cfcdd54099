/**
 * Speedups of task-B conditions over their controls at several stopping levels, read from
 * each run's fitness curve (Fernando et al. 2017, Sec. 3.1: "generations to solve B";
 * speedup = generations without transfer ÷ with transfer). One run stopped at the
 * criterion also says when it first reached every lower level, so one run gives the family
 * of comparisons × levels; their p-values are corrected together (Holm).
 *
 * @packageDocumentation
 */
import Table from 'cli-table3';
import { holmAdjusted, type PairedTest, pairedTest } from './paired-test.js';
import { COMPARISONS, type Comparison, type Condition } from './plan.js';
import type { SeedRecord } from './schedule.js';
import { bootstrapRatio, type RatioCI } from './summary-stats.js';

/**
 * Generations a run took to first reach `level`: the first generation whose tournament's
 * best fitness is ≥ `level`; `cap` when no generation did (an unsolved run counts as the
 * cap, as the paper's stopping rule counts it).
 *
 * @param curve - `[generation, best fitness of that generation's tournament]`, generations
 *   increasing from 1 (`PhaseRecord.curve`).
 * @param level - a fitness (training accuracy) in (0, 1].
 * @param cap - the generation cap of the run.
 * @returns `{ generations, reached }`.
 */
export function generationsToLevel(
  curve: ReadonlyArray<readonly [number, number]>,
  level: number,
  cap: number,
): { generations: number; reached: boolean } {
  for (const [generation, fitness] of curve) {
    if (fitness >= level) return { generations: generation, reached: true };
  }
  return { generations: cap, reached: false };
}

/** One comparison at one level, over the seeds that ran both conditions. */
export interface LevelSpeedup extends RatioCI {
  readonly condition: Condition;
  readonly control: Condition;
  /** The one factor in which the two conditions differ. */
  readonly factor: string;
  /** The stopping level (training accuracy). */
  readonly level: number;
  /** Paired seeds. */
  readonly n: number;
  /** Seeds in which the control / the condition reached the level within the cap. */
  readonly reached: { readonly control: number; readonly condition: number };
  /** Wilcoxon signed-rank test of the paired generations; null for fewer than two seeds. */
  readonly test: PairedTest | null;
  /** The test's p-value after Holm's correction over every comparison and level of the run; null without a test. */
  readonly pHolm: number | null;
}

/**
 * Every comparison of {@link COMPARISONS} whose two conditions were run, at every level:
 * speedup = mean generations of the control ÷ mean generations of the condition, paired by
 * seed, with a 95% percentile-bootstrap interval over seeds; a two-sided Wilcoxon
 * signed-rank test of the paired generations; p-values Holm-corrected over the whole family
 * (`@stdlib/stats-padjust`).
 *
 * @param records - one setting's seeds.
 * @param levels - stopping levels in (0, 1], each at most the run's stopping threshold.
 * @param cap - the generation cap.
 * @param comparisons - default {@link COMPARISONS}.
 */
export function levelSpeedups(
  records: readonly SeedRecord[],
  levels: readonly number[],
  cap: number,
  comparisons: readonly Comparison[] = COMPARISONS,
): LevelSpeedup[] {
  const out: Omit<LevelSpeedup, 'pHolm'>[] = [];
  for (const { condition, control, factor } of comparisons) {
    const paired = records.filter((r) => r.conditions[condition] && r.conditions[control]);
    if (paired.length === 0) continue;
    for (const level of levels) {
      const at = (c: Condition) =>
        paired.map((r) => generationsToLevel(r.conditions[c]!.curve, level, cap));
      const x = at(control);
      const y = at(condition);
      const gx = x.map((g) => g.generations);
      const gy = y.map((g) => g.generations);
      out.push({
        condition,
        control,
        factor,
        level,
        n: paired.length,
        ...bootstrapRatio(gx, gy),
        reached: {
          control: x.filter((g) => g.reached).length,
          condition: y.filter((g) => g.reached).length,
        },
        test: pairedTest(gx, gy),
      });
    }
  }
  const holm = holmAdjusted(out.map((s) => s.test));
  return out.map((s, i) => ({ ...s, pHolm: holm[i] ?? null }));
}

/**
 * A p-value as the reports print it: two significant digits, exponent form below 0.001
 * (`0.034`, `4.2e-5`), `n/a` for none.
 */
export const formatP = (p: number | null | undefined): string =>
  p === null || p === undefined ? 'n/a' : p < 0.001 ? p.toExponential(1) : p.toPrecision(2);

/**
 * The speedups as a table that fits 120 columns: comparison (control ÷ condition), level,
 * speedup with interval, seeds that reached the level, raw and Holm p — every comparison at
 * the highest level, and the first comparison (the paper's) at every level; then one line per
 * comparison naming the factor in which its two conditions differ.
 */
export function formatLevelSpeedups(speedups: readonly LevelSpeedup[]): string {
  if (speedups.length === 0) return '';
  // Every comparison at the stopping threshold (the highest level); the lower levels for the
  // first comparison only (the paper's). results.json holds them all.
  const top = Math.max(...speedups.map((s) => s.level));
  const first = speedups[0]!;
  const shown = speedups.filter(
    (s) => s.level === top || (s.condition === first.condition && s.control === first.control),
  );
  const table = new Table({
    head: ['speedup: control ÷ condition', 'level', 'speedup [95% CI]', 'reached', 'p', 'p Holm'],
    style: { head: [], border: [] },
  });
  const factors = new Map<string, string>();
  for (const s of shown) {
    const name = `${s.control} ÷ ${s.condition}`;
    factors.set(name, s.factor);
    const ci = s.ci95 ? ` [${s.ci95[0].toFixed(2)}, ${s.ci95[1].toFixed(2)}]` : '';
    table.push([
      name,
      String(s.level),
      `${s.ratio.toFixed(2)}${ci}`,
      `${s.reached.control}/${s.reached.condition} of ${s.n}`,
      formatP(s.test?.pValue),
      formatP(s.pHolm),
    ]);
  }
  return [
    table.toString(),
    ...[...factors].map(([name, factor]) => `  ${name}: differs in ${factor}`),
    '> 1: the condition reached the level in fewer generations than its control. reached: seeds (control/condition)',
    'that reached the level within the cap (the others count as the cap). p: two-sided Wilcoxon signed-rank over',
    'paired seeds; Holm: corrected over every comparison and level (results.json holds every level of each).',
  ].join('\n');
}
