/**
 * The command line both RL transfer apps share (`atari-transfer`,
 * `labyrinth-transfer`): the flag groups (seeds, A3C, grid, plugins, results folder,
 * runtime) plus the transfer protocol's own flags (pairs, curves, score level,
 * random-agent baseline, null seeds). Declared without loading the run, so
 * that `--help` is immediate; the run is `transferRun` of `@pathnet/experiments`.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import type { FlagGroup } from './flag.js';
import {
  a3cFlags,
  BOUNDS,
  folderFlags,
  gridFlags,
  pluginFlags,
  runtimeFlags,
  seedFlags,
} from './groups.js';
import { choiceFlag, nameFlag, numberFlag } from './kinds.js';
import { composeProgram } from './main.js';

/** The values of the common flags that an app chooses (defaults, or its `--quick` ones). */
export interface CommonValues {
  seeds: number;
  frames: number;
  workers: number;
  evaluationEpisodes: number;
  tournamentSize: number;
  window: number;
  points: number;
}

/** The common flags as commander gives them. */
export interface CommonFlags extends CommonValues {
  pairs: string;
  seed: number;
  learningRate: number;
  entropyCost: number;
  fraction: number;
  /** Absent: `defaultRandomEpisodes` of the tasks. */
  randomEpisodes?: number;
  nullSeeds: number;
  engine: 'auto' | 'fused' | 'tfjs';
  /** Where B's population starts in pathnet and fine-tune (`--b-start`). */
  bStart: 'random' | 'a-path';
  /** `--plugin` modules (repeatable), as given. */
  plugin: string[];
  /** Which grid the run uses (`--grid`): chosen from the observations, the app's conv grid, or dense. */
  grid: GridChoice;
  /** The dense grid's sizes (`--layers`, `--modules`, `--active`, `--units`). */
  layers: number;
  modules: number;
  active: number;
  units: number;
  out?: string;
  quick?: boolean;
  resume?: string;
  force?: boolean;
  threads?: number;
  backend?: string;
  queue?: string;
  progress: boolean;
}

/**
 * The grids of `--grid`: `auto` (the app's conv grid for image observations `[H, W, C]` of its
 * input shape, the dense grid for vectors `[D]`), `conv` (the app's conv grid) or `dense`
 * (dense modules over the observations, flattened).
 */
export const GRID_CHOICES = ['auto', 'conv', 'dense'] as const;
/** One of {@link GRID_CHOICES}. */
export type GridChoice = (typeof GRID_CHOICES)[number];

/**
 * The sizes of the RL apps' dense grid (`--layers`, `--modules`, `--active`, `--units`):
 * binary MNIST's grid (Fernando et al. 2017, Sec. 3.1: L=3 layers of M=10 modules of 20
 * ReLU units) with the paper's RL grids' N=4 active modules per layer (Sec. 3.3–3.4).
 */
export const DENSE_GRID_DEFAULTS = { layers: 3, modules: 10, active: 4, units: 20 } as const;

/**
 * The values both RL transfer apps start from: a budget of 100,000 frames, 16 workers
 * (the population), tournaments against 5 others, 20 points per curve (Sec. 3.3–3.4).
 */
export const TRANSFER_DEFAULTS = { frames: 100_000, workers: 16, tournamentSize: 5, points: 20 };

/** `--quick`'s values both apps share (a smoke run in seconds); each adds its frames and window. */
export const TRANSFER_QUICK = {
  seeds: 1,
  workers: 4,
  evaluationEpisodes: 1,
  tournamentSize: 2,
  points: 5,
};

/**
 * What an RL transfer app declares: its defaults (those of {@link TRANSFER_DEFAULTS}
 * where it gives none) and the help texts that name its tasks.
 */
export interface TransferDefaults
  extends Omit<CommonValues, keyof typeof TRANSFER_DEFAULTS>,
    Partial<Pick<CommonValues, keyof typeof TRANSFER_DEFAULTS>> {
  pairs: string;
  pairsHelp: string;
  quickHelp: string;
  outHelp: string;
}

/** The transfer protocol's own flags: the pairs, the curves, the score level, the baselines. */
function protocolFlags(d: TransferDefaults & typeof TRANSFER_DEFAULTS): FlagGroup {
  return [
    nameFlag('--pairs <list>', d.pairsHelp, 'SOURCE:TARGET pairs or all', { default: d.pairs }),
    numberFlag('--window <E>', 'episodes each learning-curve point averages', BOUNDS.episodes, {
      default: d.window,
    }),
    numberFlag(
      '--points <P>',
      'points per learning curve',
      { integer: true, min: 2 },
      {
        default: d.points,
      },
    ),
    numberFlag(
      '--fraction <f>',
      "the score level: this fraction of the pooled curves' rise (control and condition)",
      BOUNDS.fraction,
      { default: 0.75 },
    ),
    numberFlag(
      '--random-episodes <N>',
      "episodes of the uniform-random agent per target; a control learned only above its return's 95% interval (default 100, 10 with --ale; 0: no baseline, the rise alone counts)",
      { integer: true, min: 0 },
    ),
    numberFlag(
      '--null-seeds <K>',
      "extra seeds running only the controls: with the paired seeds' controls they give each speedup's null (controls split against each other)",
      { integer: true, min: 0 },
      { default: 2 },
    ),
    choiceFlag(
      '--b-start <start>',
      "where B's population starts in pathnet and fine-tune: random (the paper's) or a-path (every worker on A's best pathway; not the paper's)",
      ['random', 'a-path'] as const,
      { default: 'random' as const },
    ),
  ];
}

/**
 * A program with the common flags of the RL transfer apps and the app's own (`own`),
 * which the app hands to `runCli` with a run that calls `transferRun`.
 */
export function transferProgram(
  name: string,
  description: string,
  given: TransferDefaults,
  ...own: readonly FlagGroup[]
): Command {
  const d = { ...TRANSFER_DEFAULTS, ...given };
  return composeProgram(
    name,
    `${description} Speedup = frames the control's mean curve needs ÷ frames the condition's needs to reach 0.75 of the pooled curves' rise (both censored at the budget), beside its null (control seeds split against each other) and a permutation test over seeds.`,
    protocolFlags(d),
    seedFlags({ seeds: d.seeds, seedsHelp: 'seeds per pair' }),
    a3cFlags({
      frames: d.frames,
      framesHelp: 'frame budget of every run (all workers)',
      workers: d.workers,
      workersHelp: 'A3C workers per run (the population)',
      learningRate: 7e-4,
      entropyCost: 0.01,
      evaluationEpisodes: d.evaluationEpisodes,
      tournamentSize: d.tournamentSize,
    }),
    [
      choiceFlag(
        '--grid <kind>',
        "the grid: auto (the app's conv grid for image observations it reads, dense for vector observations [D]), conv (the app's) or dense (dense modules over the observations, flattened; sized by --layers, --modules, --active, --units)",
        GRID_CHOICES,
        { default: 'auto' as const },
      ),
    ],
    gridFlags({ ...DENSE_GRID_DEFAULTS, note: 'the dense grid' }),
    pluginFlags({
      pluginHelp:
        'a module registering environments (registerEnv), imported first and by every job thread; repeatable; its ids go in --pairs',
    }),
    folderFlags({
      outHelp: d.outHelp,
      quickHelp: d.quickHelp,
      resumeHelp:
        'continue an interrupted run (its settings are kept; --seeds and --null-seeds may raise the counts, --random-episodes sets the baseline anew)',
    }),
    runtimeFlags({
      engine: 'fused',
      queueHelp:
        'run the jobs through a BullMQ queue on this Redis server (redis://host:port); start `pathnet-worker --queue <url>` (with the same --plugin) on any machines',
    }),
    ...own,
  );
}
