#!/usr/bin/env node
/**
 * labyrinth-transfer: the Labyrinth transfer experiment of PathNet (Fernando
 * et al. 2017, Sec. 3.4) on the three first-person maze tasks of
 * `@pathnet/envs` (after `seekavoid_arena_01`, `lt_chasm`,
 * `stairway_to_melon`), with module duplication in the PathNet-A3C
 * tournament (`--no-duplication`: the ablation). The same protocol, speedup,
 * matrix and pictures as atari-transfer (the RL transfer layer of `@pathnet/experiments`).
 */
import { presets } from '@pathnet/core';
import { DEFAULT_DUPLICATION_RATE } from '@pathnet/evolution';
import {
  type CommonFlags,
  checkInteger,
  commonOptions,
  describeRun,
  type EnvSpec,
  numberArg,
  parsePairs,
  type TransferOptions,
  taskName,
  transferMain,
  transferProgram,
} from '@pathnet/experiments';

/** The three maze tasks, in matrix order. */
const MAZES = ['lab/SeekavoidArena01-v0', 'lab/LtChasm-v0', 'lab/StairwayToMelon-v0'];

const program = transferProgram(
  'labyrinth-transfer',
  'PathNet transfer between first-person maze tasks (Fernando et al. 2017, Sec. 3.4) with PathNet-A3C and ' +
    'module duplication: A learned, its best pathway frozen, then B under pathnet / fine-tune / fine-tune-fixed beside the controls independent / plain-a3c.',
  {
    pairs: 'all',
    pairsHelp: `SOURCE:TARGET pairs of ${MAZES.map(taskName).join(', ')}, or all (6)`,
    seeds: 3,
    frames: 100_000,
    workers: 16,
    evaluationEpisodes: 3,
    tournamentSize: 5,
    window: 20,
    points: 20,
    quickHelp:
      'a smoke run in seconds: every pair, 1 seed, 42×42 frames, 3000 frames (every worker ends an episode: they last at most 600 steps), 4 workers',
    outHelp: 'results folder (default results/labyrinth-transfer[-no-duplication][-quick])',
  },
)
  .option(
    '--size <px>',
    'frame side: 84 (the paper) or smaller, e.g. 42, for cheap runs',
    numberArg('--size'),
    84,
  )
  .option(
    '--duplication-rate <p>',
    'probability per pathway evaluation of a module duplication',
    numberArg('--duplication-rate'),
    DEFAULT_DUPLICATION_RATE,
  )
  .option('--no-duplication', 'the ablation: no module duplication');

type Flags = CommonFlags & { size: number; duplicationRate: number; duplication: boolean };

/** A frame the Labyrinth grid's convolutions fit (8/4 → 4/2 → 3/1 need ≥ 36 pixels). */
function validate(o: TransferOptions): TransferOptions {
  checkInteger('--size', o.grid.inputShape[0] as number, 36, 1024);
  return o;
}

function optionsFrom(flags: Flags): TransferOptions {
  const quick = flags.quick === true;
  const size = quick && program.getOptionValueSource('size') !== 'cli' ? 42 : flags.size;
  checkInteger('--size', size, 36, 1024);
  const tasks: EnvSpec[] = MAZES.map((id) => ({ id, options: { size } }));
  const q = { seeds: 1, frames: 3000, workers: 4, evaluationEpisodes: 1, tournamentSize: 2 };
  return commonOptions(
    program,
    flags,
    { ...q, window: 5, points: 5 },
    tasks,
    parsePairs(flags.pairs, tasks),
    presets.labyrinth({ inputShape: [size, size, 3] }),
    {
      a3c: { duplicationRate: flags.duplication ? flags.duplicationRate : 0 },
      setting: flags.duplication ? 'duplication' : 'no-duplication',
      out:
        flags.out ??
        `results/labyrinth-transfer${flags.duplication ? '' : '-no-duplication'}${quick ? '-quick' : ''}`,
    },
  );
}

transferMain<Flags>(
  program,
  { name: 'labyrinth-transfer', format: 'pathnet-ts/labyrinth-transfer-results@2' },
  optionsFrom,
  validate,
  (o) =>
    describeRun(
      `between first-person mazes (${o.grid.inputShape[0]}×${o.grid.inputShape[1]} RGB), module duplication ${o.a3c.duplicationRate ? `rate ${o.a3c.duplicationRate}` : 'off'}`,
      o,
    ),
);
