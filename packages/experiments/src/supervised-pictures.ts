/**
 * The pictures of the supervised transfer apps (Fernando et al. 2017, Sec. 3.1–3.2): A's and
 * B's best pathways on the grid, B's fitness curves per condition, and a bar chart per
 * condition (generations to solve B, or B's test accuracy after a fixed budget).
 *
 * @packageDocumentation
 */
import path from 'node:path';
import { activeModules } from '@pathnet/core';
import {
  okabeIto,
  renderBarChart,
  renderLearningCurves,
  renderPathwayGrid,
  writePicture,
} from '@pathnet/viz';
import type { Condition } from './plan.js';
import type { SeedRecord } from './schedule.js';
import { meanCI } from './summary-stats.js';

/** What {@link writeSupervisedPictures} draws. */
export interface SupervisedPictureOptions {
  /** L and M of the grid. */
  readonly layers: number;
  readonly modules: number;
  /** The conditions, in the order to draw them. */
  readonly conditions: readonly Condition[];
  /** The stopping threshold drawn on the curves; `Infinity` (a fixed budget) draws none. */
  readonly threshold: number;
  /** The generation cap (unsolved runs count as it). */
  readonly maxGenerations: number;
  /** The bars: generations to solve B (a stopping threshold) or B's test accuracy (a fixed budget). */
  readonly bars: 'generations' | 'testAccuracy';
  /** How a task is named in titles, e.g. `5 vs 6`. */
  readonly taskName: (record: SeedRecord, task: 'taskA' | 'taskB') => string;
  /** Prefix of the file names (e.g. `fashion→mnist-`); default none. */
  readonly prefix?: string;
}

const conditionColor: Record<Condition, string> = {
  pathnet: okabeIto.blue,
  independent: okabeIto.orange,
  'fine-tune': okabeIto.bluishGreen,
  'fine-tune-converged': okabeIto.skyBlue,
  'independent-converged': okabeIto.reddishPurple,
};

/**
 * Writes the pictures of one setting's records into `out` (each as SVG and PNG):
 * `pathways` (the last seed's grid with A's frozen pathway and B's best `pathnet` pathway,
 * re-used modules inside the outline, like the paper's Fig. 2), `curves` (best fitness per
 * generation of task B, per condition, every seed thin and the mean thick), and
 * `generations` (generations to solve B) or `accuracy` (B's test accuracy), mean and 95% CI
 * per condition with one dot per seed.
 * @returns the written file paths (SVG and PNG).
 * @throws whatever `@pathnet/viz` throws for malformed values (e.g. a non-finite accuracy).
 */
export async function writeSupervisedPictures(
  out: string,
  records: readonly SeedRecord[],
  o: SupervisedPictureOptions,
): Promise<string[]> {
  const written: string[] = [];
  const prefix = o.prefix ?? '';
  const add = async (name: string, svg: string) => {
    const { svgPath, pngPath } = await writePicture(path.join(out, `${prefix}${name}`), svg);
    written.push(svgPath, pngPath);
  };
  const shown = records.at(-1);
  const bestB = shown?.conditions.pathnet?.bestPathway;
  if (shown && bestB) {
    const [taskA, taskB] = [o.taskName(shown, 'taskA'), o.taskName(shown, 'taskB')];
    await add(
      'pathways',
      renderPathwayGrid({
        layers: o.layers,
        modules: o.modules,
        frozen: activeModules(shown.a.bestPathway).map((active) =>
          Array.from({ length: o.modules }, (_, m) => active.includes(m)),
        ),
        title: `Task A (${taskA}) frozen, task B (${taskB}) evolved`,
        pathways: [
          { genotype: shown.a.bestPathway, label: `A: ${taskA}`, color: okabeIto.blue },
          { genotype: bestB, label: `B: ${taskB}`, color: okabeIto.vermillion },
        ],
      }),
    );
  }
  const series = o.conditions
    .map((c) => ({
      label: c,
      color: conditionColor[c],
      runs: records.map((r) => r.conditions[c]?.curve ?? []).filter((run) => run.length > 0),
    }))
    .filter((s) => s.runs.length > 0);
  if (series.length > 0) {
    await add(
      'curves',
      renderLearningCurves({
        series,
        title: `Task B: best fitness per generation (${records.length} seed(s))`,
        xLabel: 'generation',
        yLabel: 'fitness (training accuracy)',
        ...(Number.isFinite(o.threshold) && {
          threshold: { value: o.threshold, label: `stop at ${o.threshold}` },
        }),
      }),
    );
  }
  const bars = o.conditions.flatMap((c) => {
    const values = records
      .map((r) => r.conditions[c]?.[o.bars === 'generations' ? 'generations' : 'testAccuracy'])
      .filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (values.length === 0) return [];
    const m = meanCI(values, o.bars === 'generations' ? [1, o.maxGenerations] : [0, 1]);
    return [
      {
        label: c,
        mean: m.mean,
        ciLow: m.ci95?.[0] ?? m.mean,
        ciHigh: m.ci95?.[1] ?? m.mean,
        values,
        color: conditionColor[c],
      },
    ];
  });
  if (bars.length > 0) {
    const generations = o.bars === 'generations';
    await add(
      generations ? 'generations' : 'accuracy',
      renderBarChart({
        bars,
        title: generations
          ? `Generations to solve task B (cap ${o.maxGenerations})`
          : `Task B's test accuracy after ${o.maxGenerations} generations`,
        yLabel: generations ? 'generations' : 'test accuracy',
        intervalLabel: records.length > 1 ? '95% CI' : 'single seed',
      }),
    );
  }
  return written;
}
