/**
 * The continual app's tables and pictures: a Markdown table of ACC, BWT and FWT with 95%
 * intervals per method, the mean accuracy matrix R per method as heatmaps, ACC/BWT/FWT bars,
 * and PathNet's frozen modules per layer after each task.
 */
import path from 'node:path';
import type { ContinualRecord, ContinualSummaryRow, MeanCI } from '@pathnet/experiments';
import { continualLabel } from '@pathnet/experiments';
import { renderBarChart, renderHeatmaps, writePicture } from '@pathnet/viz';

/** `mean [lo, hi]` in percent (points for BWT/FWT), `–` when absent. */
export function formatCI(m: MeanCI | null, digits = 1): string {
  if (m === null) return '–';
  const pct = (v: number) => (100 * v).toFixed(digits);
  return m.ci95 === null ? pct(m.mean) : `${pct(m.mean)} [${pct(m.ci95[0])}, ${pct(m.ci95[1])}]`;
}

/** Mean over tasks of R[j][j], the accuracy right after learning each task; null without a diagonal. */
export function justLearned(row: ContinualSummaryRow): number | null {
  const d = row.meanAccuracy.slice(1).map((r, j) => r[j] ?? null);
  return d.some((v) => v === null) ? null : (d as number[]).reduce((a, b) => a + b, 0) / d.length;
}

/**
 * One Markdown table: method, seeds, ACC, BWT, FWT (in %, 95% t-intervals over seeds), the mean
 * of R[j][j] (each task right after it was learned) and the mean wall seconds per seed.
 */
export function summaryTable(rows: readonly ContinualSummaryRow[]): string {
  const lines = [
    '| method | seeds | ACC % | BWT (points) | FWT (points) | R[j][j] % | s / seed |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const jl = justLearned(r);
      return `| ${r.label} | ${r.seeds} | ${formatCI(r.acc)} | ${formatCI(r.bwt)} | ${formatCI(r.fwt)} | ${jl === null ? '–' : (100 * jl).toFixed(1)} | ${r.meanWallSeconds.toFixed(1)} |`;
    }),
  ];
  return lines.join('\n');
}

/** PathNet's capacity: mean frozen modules per layer after each task, e.g. `after 3: 7, 6, 5 of 10`. */
export function capacityLines(row: ContinualSummaryRow, modules: number): string[] {
  return (row.meanFrozenPerLayer ?? []).map(
    (layers, k) =>
      `after task ${k + 1}: ${layers.map((v) => Number(v.toFixed(1))).join(', ')} of ${modules} modules frozen (layer 1…L)`,
  );
}

/**
 * Writes `accuracy-matrix` (the mean R of every method, rows: before training and after each
 * task; columns: tasks; empty cells where the method has no such moment), `metrics` (ACC, BWT
 * and FWT bars with 95% intervals and one dot per seed) as SVG and PNG.
 * @returns the written files.
 */
export async function writePictures(
  out: string,
  title: string,
  names: readonly string[],
  rows: readonly ContinualSummaryRow[],
  records: readonly ContinualRecord[],
): Promise<string[]> {
  const written: string[] = [];
  const add = async (name: string, svg: string) => {
    const { svgPath, pngPath } = await writePicture(path.join(out, name), svg);
    written.push(svgPath, pngPath);
  };
  await add(
    'accuracy-matrix',
    renderHeatmaps({
      title: `${title}: test accuracy R[i][j] (mean over seeds)`,
      rowName: 'after learning task',
      columnName: 'task measured',
      // From chance on two-class tasks (or the lowest cell, when lower) to 1.
      domain: [
        Math.min(0.5, ...rows.flatMap((r) => r.meanAccuracy.flat().filter((v) => v !== null))),
        1,
      ],
      cellSize: names.length > 6 ? 36 : 40,
      panels: rows.map((r) => ({
        title: r.label,
        values: r.meanAccuracy.map((row) => row.map((v) => (v === null ? Number.NaN : v))),
        rowLabels: ['none', ...names.map((_, i) => String(i + 1))],
        columnLabels: names.map((_, j) => String(j + 1)),
      })),
    }),
  );
  for (const metric of ['acc', 'bwt', 'fwt'] as const) {
    const bars = rows.flatMap((r) => {
      const m = r[metric];
      if (m === null) return [];
      const values = records
        .filter((rec) => continualLabel(rec) === r.label)
        .map((rec) => rec.metrics[metric])
        .filter((v): v is number => v !== null);
      return [
        {
          label: r.label,
          mean: m.mean,
          ciLow: m.ci95?.[0] ?? m.mean,
          ciHigh: m.ci95?.[1] ?? m.mean,
          values,
        },
      ];
    });
    if (bars.length === 0) continue;
    await add(
      metric,
      renderBarChart({
        title: `${title}: ${metric.toUpperCase()} per method`,
        yLabel: metric === 'acc' ? 'ACC (fraction)' : `${metric.toUpperCase()} (fraction)`,
        bars,
      }),
    );
  }
  return written;
}
