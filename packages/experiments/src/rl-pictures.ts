import path from 'node:path';
import {
  learnedInEverySeed,
  type RLTransferRecord,
  type RLTransferSummary,
  TRANSFER_CONDITIONS,
} from '@pathnet/experiments';
import {
  type RunsSeries,
  renderHeatmaps,
  renderLearningCurves,
  renderPathwayGrid,
  writePicture,
} from '@pathnet/viz';
import { type TransferOptions, taskName } from './transfer-app.js';

/**
 * Writes the pictures of a transfer experiment into `options.out` (SVG + PNG each):
 * - `speedup-heatmap`: source × target speedups of `pathnet` and `fine-tune`
 *   (the paper's transfer matrix; grey: no pair, or a control that did not
 *   learn in every seed, as the means over pairs leave out);
 * - `curves-<A>-<B>`: per pair, the learning curves on B of the three
 *   conditions (each seed thin, the mean thick);
 * - `pathways-<A>-<B>`: per pair (first seed), A's best pathway (frozen
 *   modules outlined) and B's best `pathnet` pathway: B's modules inside the
 *   outline are the re-used ones.
 * @returns the PNG paths.
 */
export async function writeTransferPictures(
  options: TransferOptions,
  summary: RLTransferSummary,
  records: readonly RLTransferRecord[],
): Promise<string[]> {
  const written: string[] = [];
  const save = async (name: string, svg: string) =>
    written.push((await writePicture(path.join(options.out, name), svg)).pngPath);
  if (summary.pairs.length === 0) return written;
  const ids = options.tasks.map((t) => t.id);
  const names = ids.map(taskName);
  const values = (c: (typeof TRANSFER_CONDITIONS)[number]) =>
    ids.map((a) =>
      ids.map((b) => {
        const p = summary.pairs.find((x) => x.source === a && x.target === b);
        return p && learnedInEverySeed(p)
          ? (p.conditions[c].speedup?.ratio ?? Number.NaN)
          : Number.NaN;
      }),
    );
  const finite = TRANSFER_CONDITIONS.flatMap((c) => values(c).flat()).filter(Number.isFinite);
  // Centred on 1 (no speedup) when there are values; [0, 2] when no control learned.
  const spread = Math.max(1, ...finite.map((v) => Math.abs(v - 1)));
  await save(
    'speedup-heatmap',
    renderHeatmaps({
      title: `Speedup on B over the independent control (${options.seeds} seed(s), ${options.frames} frames)`,
      rowName: 'source A',
      columnName: 'target B',
      domain: [Math.max(0, 1 - spread), 1 + spread],
      // Wide enough for the longest game name under its column.
      cellSize: 84,
      panels: TRANSFER_CONDITIONS.map((c) => ({
        title: c,
        rowLabels: names,
        columnLabels: names,
        values: values(c),
      })),
    }),
  );
  for (const p of summary.pairs) {
    const seeds = records.filter((r) => r.source === p.source && r.setting === p.setting);
    const controls = records.filter((r) => r.source === null && r.setting === p.setting);
    const curves = (c: string) =>
      (c === 'independent' ? controls : seeds)
        .flatMap((r) => r.runs.filter((x) => x.task === p.target && x.condition === c))
        .map((x) => x.curve);
    const series: RunsSeries[] = ['pathnet', 'fine-tune', 'independent'].map((c) => ({
      label: c,
      runs: curves(c),
    }));
    const values = series.flatMap((s) => s.runs.flat().map(([, v]) => v));
    const lo = Math.min(0, ...values);
    const hi = Math.max(lo + 1e-6, ...values);
    const stem = `${taskName(p.source)}-${taskName(p.target)}`;
    await save(
      `curves-${stem}`,
      renderLearningCurves({
        title: `${taskName(p.source)} → ${taskName(p.target)}: return on B`,
        xLabel: 'frames',
        yLabel: `mean return of the last ${options.window} episodes`,
        yDomain: [lo, hi],
        series: series.filter((s) => s.runs.length > 0),
      }),
    );
    const first = seeds[0];
    const run = first?.runs.find((x) => x.task === p.target && x.condition === 'pathnet');
    if (first?.a && run) {
      const frozen = options.grid.layers.map((_, l) =>
        Array.from({ length: options.grid.modulesPerLayer }, (_, m) =>
          (first.a!.bestPathway[l] ?? []).includes(m),
        ),
      );
      await save(
        `pathways-${stem}`,
        renderPathwayGrid({
          layers: options.grid.layers.length,
          modules: options.grid.modulesPerLayer,
          frozen,
          title: `${taskName(p.source)} → ${taskName(p.target)} (seed ${first.seed}): A's modules on B's pathway per layer ${run.reusedPerLayer?.join(' ')}`,
          pathways: [
            { genotype: first.a.bestPathway, label: `A: ${taskName(p.source)} (frozen)` },
            { genotype: run.bestPathway, label: `B: ${taskName(p.target)} (best, pathnet)` },
          ],
        }),
      );
    }
  }
  return written;
}
