import path from 'node:path';
import type { Pathway } from '@pathnet/core';
import type { SeedRecord, Summary } from '@pathnet/experiments';
import {
  okabeIto,
  renderBarChart,
  renderLearningCurves,
  renderPathwayGrid,
  writePicture,
} from '@pathnet/viz';
import type { Condition, ExperimentOptions } from './options.js';

/** The grid of the last seed's pathnet condition: A's frozen pathway and B's best pathway. */
export interface GridPicture {
  frozen: boolean[][];
  bestA: Pathway;
  bestB: Pathway;
  /** How the tasks are named, e.g. `5 vs 6`. */
  taskA: string;
  taskB: string;
}

const conditionColor: Record<Condition, string> = {
  pathnet: okabeIto.blue,
  independent: okabeIto.orange,
  'fine-tune': okabeIto.bluishGreen,
  'fine-tune-converged': okabeIto.skyBlue,
  'independent-converged': okabeIto.reddishPurple,
};

/**
 * Writes the experiment's pictures into `out` (each as SVG and PNG):
 * `pathways` (the grid with A's and B's best pathways, re-used modules marked,
 * like the paper's Fig. 2), `curves` (best fitness per generation of task B,
 * per condition, every seed thin and the mean thick), `generations`
 * (generations to solve B, mean and 95% CI per condition).
 * @returns the written file paths.
 */
export async function writePictures(
  out: string,
  o: ExperimentOptions,
  results: readonly SeedRecord[],
  summary: Summary,
  grid: GridPicture | undefined,
): Promise<string[]> {
  const written: string[] = [];
  const add = async (name: string, svg: string) => {
    const { svgPath, pngPath } = await writePicture(path.join(out, name), svg);
    written.push(svgPath, pngPath);
  };
  if (grid) {
    await add(
      'pathways',
      renderPathwayGrid({
        layers: o.layers,
        modules: o.modules,
        frozen: grid.frozen,
        title: `Task A (${grid.taskA}) frozen, task B (${grid.taskB}) evolved`,
        pathways: [
          { genotype: grid.bestA, label: `A: ${grid.taskA}`, color: okabeIto.blue },
          {
            genotype: grid.bestB,
            label: `B: ${grid.taskB}`,
            color: okabeIto.vermillion,
          },
        ],
      }),
    );
  }
  const series = o.conditions
    .map((c) => ({
      label: c,
      color: conditionColor[c],
      runs: results.map((r) => r.conditions[c]?.curve ?? []).filter((run) => run.length > 0),
    }))
    .filter((s) => s.runs.length > 0);
  if (series.length > 0) {
    await add(
      'curves',
      renderLearningCurves({
        series,
        title: `Task B: best fitness per generation (${results.length} seed(s))`,
        xLabel: 'generation',
        yLabel: 'fitness (training accuracy)',
        threshold: { value: o.threshold, label: `stop at ${o.threshold}` },
      }),
    );
  }
  const bars = Object.entries(summary.conditions).map(([c, cs]) => ({
    label: c,
    mean: cs.generations.mean,
    ciLow: cs.generations.ci95?.[0] ?? cs.generations.mean,
    ciHigh: cs.generations.ci95?.[1] ?? cs.generations.mean,
    values: results
      .map((r) => r.conditions[c as Condition]?.generations ?? Number.NaN)
      .filter(Number.isFinite),
    color: conditionColor[c as Condition],
  }));
  if (bars.length > 0) {
    await add(
      'generations',
      renderBarChart({
        bars,
        title: `Generations to solve task B (unsolved runs count as the cap, ${o.maxGenerations})`,
        yLabel: 'generations',
        intervalLabel: summary.seeds > 1 ? '95% CI' : 'single seed',
      }),
    );
  }
  return written;
}
