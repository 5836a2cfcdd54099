#!/usr/bin/env node
/**
 * a3c-robustness: the A3C hyperparameter-robustness study of PathNet
 * (Fernando et al. 2017, Sec. 3.5) on MinAtar. Plain A3C (one fixed pathway)
 * and PathNet-A3C (evolving pathways) over a grid of learning rates × entropy
 * costs, games and seeds, each run a job of the experiment runner (worker
 * threads here, or `--queue` across machines); prints the robustness summary
 * and writes results.json, heatmaps and the sorted-score curve.
 *
 * This file declares the command line only; the run (./run.ts) loads when the flags parse.
 */
import {
  a3cFlags,
  BOUNDS,
  boundedNumber,
  composeProgram,
  folderFlags,
  gridFlags,
  listFlag,
  numberFlag,
  pluginFlags,
  runCli,
  runtimeFlags,
  seedFlags,
} from '@pathnet/experiments/cli';
import { defaults, ENTROPY_COST_BOUND, type SweepOptions } from './defaults.js';

const d = defaults();
const program = composeProgram(
  'a3c-robustness',
  'A3C hyperparameter robustness (Fernando et al. 2017, Sec. 3.5): plain A3C on one fixed pathway vs ' +
    'PathNet-A3C over learning rates × entropy costs on MinAtar games; final score and area under ' +
    'the curve per cell, heatmaps, and the fraction of cells reaching a fraction of the best score.',
  [
    listFlag(
      '--games <ids>',
      "games, comma-separated: MinAtar ids or any registered environment (a plugin's with --plugin)",
      (s) => s,
      { default: d.games },
    ),
    listFlag(
      '--learning-rates <list>',
      'initial RMSProp learning rates',
      boundedNumber(BOUNDS.learningRate),
      { default: d.learningRates },
    ),
    listFlag('--entropy-costs <list>', 'entropy costs β', boundedNumber(ENTROPY_COST_BOUND), {
      default: d.entropyCosts,
    }),
  ],
  seedFlags({ seeds: d.seeds, seedsHelp: 'seeds per cell', seed: d.seed }),
  a3cFlags({
    frames: d.frames,
    framesHelp: 'frame budget of each run (all A3C workers together)',
    workers: d.workers,
    workersHelp: 'A3C workers per run (the population of PathNet-A3C)',
  }),
  gridFlags({ modules: d.modules, active: d.active, units: d.units }),
  [
    numberFlag('--final-episodes <E>', 'episodes the final score averages', BOUNDS.episodes, {
      default: d.finalEpisodes,
    }),
    numberFlag(
      '--fraction <f>',
      "a cell counts when its final score reaches f × the best cell's",
      BOUNDS.fraction,
      { default: d.fraction },
    ),
  ],
  folderFlags({
    out: d.out,
    quickHelp: 'a 2×2 grid on Breakout, 1 seed, 3000 frames (--out results/a3c-robustness-quick)',
    resumeHelp:
      'continue an interrupted sweep from its results folder (its settings are kept; --seeds may raise the count)',
  }),
  pluginFlags({
    pluginHelp:
      'a module registering environments (registerEnv), imported first and by every job thread; repeatable; its ids go in --games',
  }),
  runtimeFlags({
    engine: 'fused',
    threadsHelp: 'runs at once in worker threads (default: the cores)',
    queueHelp:
      'run the cells as jobs of a BullMQ queue on this Redis server (redis://host:port); start ' +
      '`pathnet-worker --queue <url> --plugin apps/a3c-robustness/dist/job.js` on any machines',
    progressHelp: 'no line per finished run',
  }),
);

/** The app's flags as commander gives them. */
export type Flags = Omit<SweepOptions, 'plugins'> & {
  plugin: string[];
  engine: 'auto' | 'fused' | 'tfjs';
  quick?: boolean;
  resume?: string;
  force?: boolean;
  threads?: number;
  queue?: string;
  backend?: string;
  progress: boolean;
};

runCli<Flags>(program, async (flags) => (await import('./run.js')).run(program, flags));
