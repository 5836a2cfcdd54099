/**
 * Summaries over seeds of continual-learning runs: per method, ACC, BWT and FWT
 * (Lopez-Paz & Ranzato 2017) with 95% t-intervals, the mean accuracy matrix, and PathNet's
 * capacity.
 *
 * @packageDocumentation
 */
import type { ContinualMethod, ContinualRecord } from './continual.js';
import { type MeanCI, meanCI } from './summary-stats.js';

/** One method's row of the summary (an `ewc` row per λ). */
export interface ContinualSummaryRow {
  /** Row label: the method, `ewc λ=…` for EWC. */
  readonly label: string;
  readonly method: ContinualMethod;
  readonly lambda?: number;
  /** Seeds in the row. */
  readonly seeds: number;
  /** ACC in [0, 1]; null when no seed has it. */
  readonly acc: MeanCI | null;
  /** BWT in [−1, 1]. */
  readonly bwt: MeanCI | null;
  /** FWT in [−1, 1]. */
  readonly fwt: MeanCI | null;
  /** Cell-wise mean of the seeds' R `[K + 1][K]`; null where the method has no such cell. */
  readonly meanAccuracy: (number | null)[][];
  /** `pathnet`: mean frozen modules per layer after each task, `[K][L]`. */
  readonly meanFrozenPerLayer?: number[][];
  /** Mean wall seconds per seed. */
  readonly meanWallSeconds: number;
}

/** The label of a record's row: the method, with λ for `ewc`. */
export function continualLabel(r: Pick<ContinualRecord, 'method' | 'lambda'>): string {
  return r.method === 'ewc' && r.lambda !== undefined ? `ewc λ=${r.lambda}` : r.method;
}

function ci(values: readonly (number | null)[], range: [number, number]): MeanCI | null {
  const v = values.filter((x): x is number => x !== null);
  return v.length === 0 ? null : meanCI(v, range);
}

/** Cell-wise mean of equally shaped matrices; null where any is null. */
function cellMean(ms: readonly (readonly (number | null)[])[][]): (number | null)[][] {
  const first = ms[0]!;
  return first.map((row, i) =>
    row.map((_, j) => {
      const v = ms.map((m) => m[i]![j]!);
      return v.some((x) => x === null)
        ? null
        : (v as number[]).reduce((a, b) => a + b, 0) / v.length;
    }),
  );
}

/**
 * One row per method (and λ), in the order of first appearance in `records`.
 * @throws RangeError if the records of one row have accuracy matrices of different shapes.
 */
export function summariseContinual(records: readonly ContinualRecord[]): ContinualSummaryRow[] {
  const groups = new Map<string, ContinualRecord[]>();
  for (const r of records) {
    const key = continualLabel(r);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()].map(([label, rs]) => {
    const shape = (r: ContinualRecord) => r.accuracy.map((row) => row.length).join(',');
    if (rs.some((r) => shape(r) !== shape(rs[0]!))) {
      throw new RangeError(`${label}: the seeds' accuracy matrices differ in shape`);
    }
    const first = rs[0]!;
    const frozen = rs.map((r) => r.capacity?.frozenPerLayer).filter((f) => f !== undefined);
    return {
      label,
      method: first.method,
      ...(first.lambda !== undefined && { lambda: first.lambda }),
      seeds: rs.length,
      acc: ci(
        rs.map((r) => r.metrics.acc),
        [0, 1],
      ),
      bwt: ci(
        rs.map((r) => r.metrics.bwt),
        [-1, 1],
      ),
      fwt: ci(
        rs.map((r) => r.metrics.fwt),
        [-1, 1],
      ),
      meanAccuracy: cellMean(rs.map((r) => r.accuracy)),
      ...(frozen.length > 0 && {
        meanFrozenPerLayer: cellMean(frozen) as number[][],
      }),
      meanWallSeconds: rs.reduce((a, r) => a + r.wallSeconds, 0) / rs.length,
    };
  });
}
