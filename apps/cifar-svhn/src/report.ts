/**
 * The run's report: accuracy of task B after the fixed budget per condition, per direction,
 * with 95% intervals, beside the paper's (Sec. 3.2); and every one-factor comparison of the
 * conditions (`COMPARISONS` of `@pathnet/experiments`) as a paired accuracy difference with
 * a Wilcoxon test, Holm-corrected over the direction's comparisons.
 */
import {
  COMPARISONS,
  type Condition,
  formatP,
  holmAdjusted,
  type MeanCI,
  meanCI,
  type PairedTest,
  pairedTest,
  type SeedRecord,
} from '@pathnet/experiments';
import Table from 'cli-table3';

/** A condition's test accuracy on B minus its control's, paired by seed. */
export interface AccuracyDifference {
  condition: Condition;
  control: Condition;
  /** The one factor in which they differ. */
  factor: string;
  /** Mean difference (condition − control), in [−1, 1], with its t-interval. */
  difference: MeanCI;
  /** Wilcoxon signed-rank test of the paired accuracies; null below two seeds. */
  test: PairedTest | null;
  /** Its p-value after Holm's correction over the direction's comparisons. */
  pHolm: number | null;
}

/** Per direction: B's test accuracy per condition, and each one-factor comparison. */
export interface DirectionSummary {
  setting: string;
  seeds: number;
  /** Task A's test accuracy after its budget. */
  taskA: MeanCI;
  /** Task B's test accuracy after the budget, per condition. */
  accuracy: Partial<Record<Condition, MeanCI>>;
  /** Every comparison whose two conditions ran (the first: pathnet − independent, the paper's). */
  differences: AccuracyDifference[];
}

/** The comparisons of one direction's records, Holm-corrected together. */
function differencesOf(rs: readonly SeedRecord[]): AccuracyDifference[] {
  const out: AccuracyDifference[] = [];
  for (const { condition, control, factor } of COMPARISONS) {
    const pairs = rs
      .map((r) => [r.conditions[condition]?.testAccuracy, r.conditions[control]?.testAccuracy])
      .filter((p): p is [number, number] => p[0] !== undefined && p[1] !== undefined);
    if (pairs.length === 0) continue;
    const x = pairs.map((p) => p[0]);
    const y = pairs.map((p) => p[1]);
    out.push({
      condition,
      control,
      factor,
      difference: meanCI(
        pairs.map(([c, k]) => c - k),
        [-1, 1],
      ),
      test: pairedTest(x, y),
      pHolm: null,
    });
  }
  const holm = holmAdjusted(out.map((d) => d.test));
  out.forEach((d, i) => {
    d.pHolm = holm[i] ?? null;
  });
  return out;
}

/** Accuracy statistics of every direction (setting) in `records`. */
export function summariseDirections(
  records: readonly SeedRecord[],
  conditions: readonly Condition[],
): DirectionSummary[] {
  const settings = [...new Set(records.map((r) => r.setting ?? ''))];
  return settings.map((setting) => {
    const rs = records.filter((r) => (r.setting ?? '') === setting);
    const accuracy: DirectionSummary['accuracy'] = {};
    for (const c of conditions) {
      const values = rs.map((r) => r.conditions[c]?.testAccuracy).filter((v) => v !== undefined);
      if (values.length > 0) accuracy[c] = meanCI(values, [0, 1]);
    }
    return {
      setting,
      seeds: rs.length,
      taskA: meanCI(
        rs.map((r) => r.a.testAccuracy),
        [0, 1],
      ),
      accuracy,
      differences: differencesOf(rs),
    };
  });
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} pp`;
const fmt = (m: MeanCI, f: (x: number) => string = pct) =>
  m.ci95 === null ? f(m.mean) : `${f(m.mean)} [${f(m.ci95[0])}, ${f(m.ci95[1])}]`;

/**
 * The summary as two text tables (each within 120 columns): B's accuracy per direction and
 * condition beside the paper's; the one-factor comparisons as paired differences.
 * @param paper - the paper's accuracies per direction (independent, pathnet), if any.
 */
export function formatDirections(
  summaries: readonly DirectionSummary[],
  paper: Record<string, { independent: number; pathnet: number }> = {},
): string {
  const table = new Table({
    head: ['A → B', 'condition', 'B test accuracy (95% CI)', 'paper (Sec. 3.2)'],
    style: { head: [], border: [] },
  });
  const diffs = new Table({
    head: ['A → B', 'condition − control', 'difference (95% CI)', 'p', 'p Holm'],
    style: { head: [], border: [] },
  });
  const factors = new Map<string, string>();
  for (const s of summaries) {
    const ref = paper[s.setting];
    table.push([s.setting, 'task A (after its budget)', fmt(s.taskA), '']);
    for (const [c, m] of Object.entries(s.accuracy)) {
      const p = ref && (c === 'pathnet' || c === 'independent') ? pct(ref[c]) : '';
      table.push([s.setting, `B: ${c}`, fmt(m), p]);
    }
    for (const d of s.differences) {
      const name = `${d.condition} − ${d.control}`;
      factors.set(name, d.factor);
      diffs.push([
        s.setting,
        name,
        fmt(d.difference, signed),
        formatP(d.test?.pValue),
        formatP(d.pHolm),
      ]);
    }
  }
  const lines = [table.toString()];
  if (factors.size > 0) {
    lines.push(diffs.toString());
    for (const [name, factor] of factors) lines.push(`  ${name}: differs in ${factor}`);
    const first = summaries.map((s) => paper[s.setting]).find((r) => r !== undefined);
    if (first) {
      lines.push(
        `the paper's pathnet − independent: ${summaries
          .filter((s) => paper[s.setting])
          .map(
            (s) =>
              `${s.setting} ${signed(paper[s.setting]!.pathnet - paper[s.setting]!.independent)}`,
          )
          .join(', ')}`,
      );
    }
  }
  const n = Math.max(0, ...summaries.map((s) => s.seeds));
  lines.push(
    n > 1
      ? `${n} seeds per direction; 95% intervals: Student t (clipped to the possible range); p: two-sided Wilcoxon\n` +
          "signed-rank over paired seeds, Holm-corrected over each direction's comparisons."
      : '1 seed: no intervals (use --seeds K).',
  );
  return lines.join('\n');
}
