/**
 * The run of atari-transfer: its tasks (MinAtar, or real Atari with `--ale`),
 * grid, `--quick` values and description, on the RL transfer layer of
 * `@pathnet/experiments` (`transferRun`).
 */
import {
  commonOptions,
  describeRun,
  parsePairs,
  type TransferOptions,
  transferRun,
} from '@pathnet/experiments';
import { TRANSFER_QUICK } from '@pathnet/experiments/cli';
import type { Command } from 'commander';
import type { Flags } from './cli.js';
import { ALE_GAMES, aleGrid, aleTask, MINATAR_TASKS, minatarGrid } from './options.js';

/** `--quick`: one pair, 1 seed, 2000 frames, 4 workers. */
const QUICK = { ...TRANSFER_QUICK, frames: 2000, window: 10 };

/** The settings of a fresh run. */
function optionsFrom(program: Command, flags: Flags): TransferOptions {
  const tasks = flags.ale ? ALE_GAMES.map(aleTask) : [...MINATAR_TASKS];
  const explicitPairs = program.getOptionValueSource('pairs') === 'cli';
  const pairs = parsePairs(flags.ale && !explicitPairs ? 'Pong:Breakout' : flags.pairs, tasks);
  return commonOptions(program, flags, QUICK, tasks, pairs, flags.ale ? aleGrid() : minatarGrid(), {
    setting: null,
    out:
      flags.out ?? `results/atari-transfer${flags.ale ? '-ale' : ''}${flags.quick ? '-quick' : ''}`,
  });
}

/** Checks everything, then runs the experiment (see `transferRun`). */
export function run(program: Command, flags: Flags): Promise<void> {
  return transferRun(program, flags, {
    name: 'atari-transfer',
    format: 'pathnet-ts/atari-transfer-results@2',
    optionsFrom: (f) => optionsFrom(program, f),
    validate: (o) => o,
    describe: (o) =>
      describeRun(
        o.tasks[0]?.id.startsWith('ale/')
          ? 'on Atari (ALE, 84×84, 4 stacked frames)'
          : 'on MinAtar (10×10, channels padded to 10, 6 actions)',
        o,
      ),
  });
}
