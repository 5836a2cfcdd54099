#!/usr/bin/env node
/**
 * atari-transfer: the Atari transfer experiment of PathNet (Fernando et al.
 * 2017, Sec. 3.3) with PathNet-A3C. Task A, its best pathway frozen, then task
 * B under pathnet, fine-tune and fine-tune-fixed, beside the controls
 * independent and plain-a3c, for the same frame budget; the speedups over both
 * controls per ordered pair with their nulls, their means, a source × target
 * heatmap, learning curves and pathways. MinAtar by default; `--ale` plays real
 * Atari through ale-py; `--plugin` adds registered environments to `--pairs`.
 */
import {
  type CommonFlags,
  commonOptions,
  describeRun,
  parsePairs,
  type TransferOptions,
  transferMain,
  transferProgram,
} from '@pathnet/experiments';
import { ALE_GAMES, aleGrid, aleTask, MINATAR_TASKS, minatarGrid } from './options.js';

const program = transferProgram(
  'atari-transfer',
  'PathNet transfer between Atari games (Fernando et al. 2017, Sec. 3.3) with PathNet-A3C: ' +
    'A learned, its best pathway frozen, then B under pathnet / fine-tune / fine-tune-fixed beside the controls independent / plain-a3c.',
  {
    pairs: 'SpaceInvaders:Breakout',
    pairsHelp:
      'SOURCE:TARGET pairs, comma-separated (A:A: the positive control), or all (20 ordered MinAtar pairs)',
    seeds: 2,
    frames: 100_000,
    workers: 16,
    evaluationEpisodes: 5,
    tournamentSize: 5,
    window: 50,
    points: 20,
    quickHelp: 'a smoke run in seconds: one pair, 1 seed, 2000 frames, 4 workers',
    outHelp: 'results folder (default results/atari-transfer[-ale][-quick])',
  },
).option('--ale', `real Atari through ale-py (${ALE_GAMES.join(', ')}) on the paper's 84×84 grid`);

type Flags = CommonFlags & { ale?: boolean };

function optionsFrom(flags: Flags): TransferOptions {
  const tasks = flags.ale ? ALE_GAMES.map(aleTask) : [...MINATAR_TASKS];
  const explicitPairs = program.getOptionValueSource('pairs') === 'cli';
  const pairs = parsePairs(flags.ale && !explicitPairs ? 'Pong:Breakout' : flags.pairs, tasks);
  const quick = { seeds: 1, frames: 2000, workers: 4, evaluationEpisodes: 1, tournamentSize: 2 };
  return commonOptions(
    program,
    flags,
    { ...quick, window: 10, points: 5 },
    tasks,
    pairs,
    flags.ale ? aleGrid() : minatarGrid(),
    {
      setting: null,
      out:
        flags.out ??
        `results/atari-transfer${flags.ale ? '-ale' : ''}${flags.quick ? '-quick' : ''}`,
    },
  );
}

transferMain<Flags>(
  program,
  { name: 'atari-transfer', format: 'pathnet-ts/atari-transfer-results@2' },
  optionsFrom,
  (o) => o,
  (o) =>
    describeRun(
      o.tasks[0]?.id.startsWith('ale/')
        ? 'on Atari (ALE, 84×84, 4 stacked frames)'
        : 'on MinAtar (10×10, channels padded to 10, 6 actions)',
      o,
    ),
);
