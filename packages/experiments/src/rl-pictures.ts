/**
 * The pictures of the RL transfer apps: the speedup heatmap, learning curves
 * and pathways (Fernando et al. 2017, Sec. 3.3–3.4).
 *
 * @packageDocumentation
 */
import path from 'node:path';
import {
  type RunsSeries,
  renderHeatmaps,
  renderLearningCurves,
  renderPathwayGrid,
  writePicture,
} from '@pathnet/viz';
import { type TransferOptions, taskName } from './rl-options.js';
import {
  learnedInEverySeed,
  type RLTransferSummary,
  SAME_ALGORITHM,
  TRANSFER_CONDITIONS,
  type TransferCondition,
} from './rl-summary.js';
import { plural } from './rl-summary-format.js';
import { RL_CONDITIONS, type RLTransferRecord } from './rl-transfer.js';

/** The transfers drawn in the heatmap, each against the control of its own algorithm. */
const TRANSFERS = TRANSFER_CONDITIONS.filter((c) => c !== 'plain-a3c');

/**
 * Writes the pictures of a transfer experiment into `options.out` (SVG + PNG each):
 * - `speedup-heatmap`: source × target speedups of `pathnet`, `fine-tune`
 *   (both over `independent`) and `fine-tune-fixed` (over `plain-a3c`): the
 *   paper's transfer matrix, on a log scale centred on 1 (red: slower, blue:
 *   faster); grey: no pair, or an independent control that did
 *   not learn in every seed, as the means over pairs leave out;
 * - `curves-<A>-<B>`: per pair, the learning curves on B of every condition
 *   (each seed thin, the mean thick; points before any episode ended are left out);
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
  const values = (c: TransferCondition) =>
    ids.map((a) =>
      ids.map((b) => {
        const p = summary.pairs.find((x) => x.source === a && x.target === b);
        return p && learnedInEverySeed(p)
          ? (p.conditions[c].comparisons[SAME_ALGORITHM[c] ?? 'independent']?.measures.speedup ??
              Number.NaN)
          : Number.NaN;
      }),
    );
  await save(
    'speedup-heatmap',
    renderHeatmaps({
      title: `Speedup on B over the control of the same algorithm — ${plural(options.seeds, 'seed')}, ${options.frames.toLocaleString('en-US')} frames per run; grey: no pair, or a control that did not learn`,
      rowName: 'source A',
      columnName: 'target B',
      // A log scale centred on 1 (no speedup): 2 and 1/2 equally dark; [1/2, 2] at least.
      scale: 'ratio',
      domain: [0.5, 2],
      // Wide enough for the longest game name under its column.
      cellSize: 84,
      panels: TRANSFERS.map((c) => ({
        title: `${c} vs ${SAME_ALGORITHM[c]}`,
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
      (c === 'independent' || c === 'plain-a3c' ? controls : seeds)
        .flatMap((r) => r.runs.filter((x) => x.task === p.target && x.condition === c))
        .map((x) => x.curve.filter((q): q is [number, number] => q[1] !== null))
        // A run with no finished episode has no point to draw.
        .filter((points) => points.length > 0);
    const series: RunsSeries[] = RL_CONDITIONS.map((c) => ({ label: c, runs: curves(c) }));
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
