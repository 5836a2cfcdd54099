#!/usr/bin/env node
/**
 * labyrinth-transfer: the Labyrinth transfer experiment of PathNet (Fernando
 * et al. 2017, Sec. 3.4) on the three first-person maze tasks of
 * `@pathnet/envs` (after `seekavoid_arena_01`, `lt_chasm`,
 * `stairway_to_melon`), with module duplication in the PathNet-A3C
 * tournament (`--no-duplication`: the ablation). The same protocol, speedup,
 * matrix and pictures as atari-transfer (the RL transfer layer of `@pathnet/experiments`).
 *
 * This file declares the command line only; the run (./run.ts) loads when the flags parse.
 */
import { type CommonFlags, runCli, transferProgram } from '@pathnet/experiments/cli';
import { LABYRINTH_FLAGS, MAZES } from './mazes.js';

const program = transferProgram(
  'labyrinth-transfer',
  'PathNet transfer between first-person maze tasks (Fernando et al. 2017, Sec. 3.4) with PathNet-A3C and ' +
    'module duplication: A learned, its best pathway frozen, then B under pathnet / fine-tune / fine-tune-fixed beside the controls independent / plain-a3c.',
  {
    pairs: 'all',
    pairsHelp: `SOURCE:TARGET pairs of ${MAZES.map((id) => id.replace(/^lab\/|-v\d+$/g, '')).join(', ')}, or all (6)`,
    seeds: 3,
    evaluationEpisodes: 3,
    window: 20,
    quickHelp:
      'a smoke run in seconds: every pair, 1 seed, 42×42 frames, 3000 frames (every worker ends an episode: they last at most 600 steps), 4 workers',
    outHelp: 'results folder (default results/labyrinth-transfer[-no-duplication][-quick])',
  },
  LABYRINTH_FLAGS,
);

/** The app's flags as commander gives them. */
export type Flags = CommonFlags & {
  size: number;
  frameSkip: number;
  duplicationRate: number;
  duplication: boolean;
};

runCli<Flags>(program, async (flags) => (await import('./run.js')).run(program, flags));
