import path from 'node:path';
import { type LineSeries, renderHeatmaps, renderLearningCurves, writePicture } from '@pathnet/viz';
import { METHODS, type Method } from './cell.js';
import type { RobustnessSummary, SweepGrid } from './summary.js';

/** How the pictures name a method. */
export const METHOD_NAMES: Record<Method, string> = { a3c: 'A3C', pathnet: 'PathNet-A3C' };

/** A game's short name: `minatar/SpaceInvaders-v1` → `SpaceInvaders`. */
export const gameName = (id: string) => id.replace(/^.*\//, '').replace(/-v\d+$/, '');

const label = (x: number) => Number(x.toPrecision(2)).toExponential().replace('e-', 'e−');

/**
 * Writes the pictures of a sweep into `out` (SVG + PNG each):
 * `heatmap-<game>` — the mean final score per learning rate × entropy cost,
 * A3C and PathNet-A3C side by side on one colour scale; and `sorted` — every
 * cell's mean final score as a fraction of the game's best cell, sorted from
 * best to worst, one line per method and game (how robustness is usually shown).
 * @returns the PNG paths.
 */
export async function writePictures(
  out: string,
  summary: RobustnessSummary,
  grid: SweepGrid,
): Promise<string[]> {
  const written: string[] = [];
  const rows = grid.learningRates.map(label);
  const columns = grid.entropyCosts.map(label);
  for (const game of grid.games) {
    const svg = renderHeatmaps({
      title: `${gameName(game)}: final score (mean return of the last episodes, mean over seeds)`,
      rowName: 'learning rate',
      columnName: 'entropy cost',
      panels: METHODS.map((m) => ({
        title: METHOD_NAMES[m],
        values: summary.finalScore[m][game]!,
        rowLabels: rows,
        columnLabels: columns,
      })),
    });
    written.push((await writePicture(path.join(out, `heatmap-${gameName(game)}`), svg)).pngPath);
  }
  const series: LineSeries[] = [];
  for (const game of grid.games) {
    const all = METHODS.flatMap((m) => summary.finalScore[m][game]!.flat()).filter(
      (v) => !Number.isNaN(v),
    );
    const best = Math.max(...all);
    for (const m of METHODS) {
      const sorted = summary.finalScore[m]
        [game]!.flat()
        .filter((v) => !Number.isNaN(v))
        .sort((a, b) => b - a);
      if (sorted.length === 0 || !(best > 0)) continue;
      series.push({
        label: `${METHOD_NAMES[m]}, ${gameName(game)}`,
        points: sorted.map((v, i) => [i + 1, v / best]),
      });
    }
  }
  if (series.length > 0) {
    const svg = renderLearningCurves({
      series,
      title: 'Cells ranked by final score (fraction of the game’s best cell)',
      xLabel: 'cell rank (learning rate × entropy cost)',
      yLabel: 'final score ÷ best cell’s',
      yDomain: [0, 1],
      threshold: { value: summary.fraction, label: `${summary.fraction} of best` },
    });
    written.push((await writePicture(path.join(out, 'sorted'), svg)).pngPath);
  }
  return written;
}
