#!/usr/bin/env node
/**
 * atari-transfer: the Atari transfer experiment of PathNet (Fernando et al.
 * 2017, Sec. 3.3) with PathNet-A3C. Task A, its best pathway frozen, then task
 * B under pathnet, fine-tune and fine-tune-fixed, beside the controls
 * independent and plain-a3c, for the same frame budget; the speedups over both
 * controls per ordered pair with their nulls, their means, a source × target
 * heatmap, learning curves and pathways. MinAtar by default; `--ale` plays real
 * Atari through ale-py; `--plugin` adds registered environments to `--pairs`.
 *
 * This file declares the command line only; the run (./run.ts) loads when the flags parse.
 */
import type { TransferLayout } from '@pathnet/experiments';
import { type CommonFlags, choiceFlag, runCli, transferProgram } from '@pathnet/experiments/cli';
import { ALE_FLAGS } from './games.js';

const program = transferProgram(
  'atari-transfer',
  'PathNet transfer between Atari games (Fernando et al. 2017, Sec. 3.3) with PathNet-A3C: ' +
    'A learned, its best pathway frozen, then B under pathnet / fine-tune / fine-tune-fixed beside the controls independent / plain-a3c.',
  {
    pairs: 'SpaceInvaders:Breakout',
    pairsHelp:
      'SOURCE:TARGET pairs, comma-separated (A:A: the positive control), or all (20 ordered MinAtar pairs)',
    seeds: 2,
    evaluationEpisodes: 5,
    window: 50,
    quickHelp: 'a smoke run in seconds: one pair, 1 seed, 2000 frames, 4 workers',
    outHelp: 'results folder (default results/atari-transfer[-ale][-quick])',
  },
  ALE_FLAGS,
  [
    choiceFlag(
      '--layout <layout>',
      'MinAtar observation layout of every game: padded (channels zero-padded to 10) or semantic (15 channels, each one kind of object in every game)',
      ['padded', 'semantic'] as const satisfies readonly TransferLayout[],
      { default: 'semantic' as const },
    ),
  ],
);

/** The app's flags as commander gives them. */
export type Flags = CommonFlags & { ale?: boolean; layout: TransferLayout };

runCli<Flags>(program, async (flags) => (await import('./run.js')).run(program, flags));
