/**
 * The run's report: accuracy of task B after the fixed budget per condition,
 * per direction, with 95% intervals, beside the paper's (Sec. 3.2).
 */
import { type Condition, type MeanCI, meanCI, type SeedRecord } from '@pathnet/experiments';
import Table from 'cli-table3';

/** Per direction: B's test accuracy per condition, and PathNet's gain over learning B alone. */
export interface DirectionSummary {
  setting: string;
  seeds: number;
  /** Task A's test accuracy after its budget. */
  taskA: MeanCI;
  /** Task B's test accuracy after the budget, per condition. */
  accuracy: Partial<Record<Condition, MeanCI>>;
  /** Paired per seed: pathnet − independent test accuracy of B (null without both). */
  gain: MeanCI | null;
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
    const pairs = rs
      .map((r) => [r.conditions.pathnet?.testAccuracy, r.conditions.independent?.testAccuracy])
      .filter((p): p is [number, number] => p[0] !== undefined && p[1] !== undefined);
    return {
      setting,
      seeds: rs.length,
      taskA: meanCI(
        rs.map((r) => r.a.testAccuracy),
        [0, 1],
      ),
      accuracy,
      gain:
        pairs.length > 0
          ? meanCI(
              pairs.map(([p, i]) => p - i),
              [-1, 1],
            )
          : null,
    };
  });
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const fmt = (m: MeanCI, f: (x: number) => string = pct) =>
  m.ci95 === null ? f(m.mean) : `${f(m.mean)} [${f(m.ci95[0])}, ${f(m.ci95[1])}]`;

/**
 * The summary as a text table: one row per direction and condition.
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
  const lines: string[] = [];
  for (const s of summaries) {
    const ref = paper[s.setting];
    table.push([s.setting, 'task A (after its budget)', fmt(s.taskA), '']);
    for (const [c, m] of Object.entries(s.accuracy)) {
      const p = ref && (c === 'pathnet' || c === 'independent') ? pct(ref[c]) : '';
      table.push([s.setting, `B: ${c}`, fmt(m), p]);
    }
    if (s.gain) {
      const signed = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} pp`;
      const paperGain = ref ? ` (paper: ${signed(ref.pathnet - ref.independent)})` : '';
      lines.push(
        `${s.setting}: pathnet − independent, paired by seed: ${fmt(s.gain, signed)}${paperGain}`,
      );
    }
  }
  const n = Math.max(0, ...summaries.map((s) => s.seeds));
  lines.push(
    n > 1
      ? `${n} seeds per direction; 95% intervals: Student t (clipped to the possible range).`
      : '1 seed: no intervals (use --seeds K).',
  );
  return [table.toString(), ...lines].join('\n');
}
