/**
 * The README's results part of a3c-robustness, from the committed results
 * (`docs/results/<name>/results.json`): per folder the sweep's settings, its wall
 * time, the fraction table the run prints (recomputed by {@link summariseSweep}) and
 * the pictures of {@link writePictures}, through `runResultsReadme` of
 * `@pathnet/experiments` (`npm run readme -w @pathnet/a3c-robustness`).
 */
import { describeGrid, type ResultsFile, type ResultsReadme } from '@pathnet/experiments';
import { type CellRecord, gridConfig, METHODS } from './cell.js';
import type { SweepOptions } from './defaults.js';
import { gameName, writePictures } from './pictures.js';
import {
  formatSweepMarkdown,
  type RobustnessSummary,
  summariseSweep,
  sweepGrid,
} from './summary.js';

/** This app's results file. */
export type SweepResults = ResultsFile<SweepOptions, RobustnessSummary, CellRecord>;

/** A list flag's values, comma-separated. */
const list = (xs: readonly number[]) => xs.join(', ');

/**
 * The settings line of a sweep: games, learning rates × entropy costs, seeds, frames,
 * workers, the dense grid, the final-score window and the engine. Pure.
 */
export function sweepSettings(o: SweepOptions): string {
  const seeds = o.seeds === 1 ? `seed ${o.seed}` : `seeds ${o.seed}–${o.seed + o.seeds - 1}`;
  return [
    `games ${o.games.map(gameName).join(', ')}`,
    `${o.learningRates.length} learning rates (${list(o.learningRates)}) × ${o.entropyCosts.length} entropy costs (${list(o.entropyCosts)})`,
    seeds,
    `${o.frames} frames per run`,
    `${o.workers} workers`,
    `grid ${describeGrid(gridConfig(o, [1]))} over the flattened observation`,
    `final score: mean of the last ${o.finalEpisodes} episodes`,
    `engine ${o.engine ?? 'fused'}`,
  ].join('; ');
}

/**
 * The {@link ResultsReadme} of a3c-robustness: summary `summariseSweep(records, grid,
 * config.fraction)`, written by {@link formatSweepMarkdown}; pictures
 * {@link writePictures} (`heatmap-<game>`, `sorted`); jobs: games × methods × learning
 * rates × entropy costs × seeds.
 * @param dir - the app's folder (`README.md`, `docs/results/`).
 */
export function a3cRobustnessReadme(dir: string): ResultsReadme<SweepResults, RobustnessSummary> {
  return {
    app: 'a3c-robustness',
    dir,
    summarise: (r) => summariseSweep(r.seeds, sweepGrid(r.config), r.config.fraction),
    settings: (r) => sweepSettings(r.config),
    markdown: (r, s) => formatSweepMarkdown(s, sweepGrid(r.config)),
    pictures: (r, s, out) => writePictures(out, s, sweepGrid(r.config)),
    jobs: (r) =>
      r.config.games.length *
      METHODS.length *
      r.config.learningRates.length *
      r.config.entropyCosts.length *
      r.config.seeds,
  };
}
