/**
 * The run of labyrinth-transfer: the maze tasks at the chosen frame size, the
 * Labyrinth grid, module duplication (or its ablation) and `--quick`, on the RL
 * transfer layer of `@pathnet/experiments` (`transferRun`).
 */
import { presets } from '@pathnet/core';
import {
  commonOptions,
  describeRun,
  type EnvSpec,
  parsePairs,
  type TransferOptions,
  transferRun,
} from '@pathnet/experiments';
import { checkFlag, TRANSFER_QUICK } from '@pathnet/experiments/cli';
import type { Command } from 'commander';
import type { Flags } from './cli.js';
import { MAZES, SIZE_BOUND } from './mazes.js';

/** `--quick`: every pair, 1 seed, 42×42 frames, 3000 frames, 4 workers. */
const QUICK = { ...TRANSFER_QUICK, frames: 3000, window: 5 };

/** The settings of a fresh run. */
function optionsFrom(program: Command, flags: Flags): TransferOptions {
  const quick = flags.quick === true;
  const size = quick && program.getOptionValueSource('size') !== 'cli' ? 42 : flags.size;
  const tasks: EnvSpec[] = MAZES.map((id) => ({ id, options: { size } }));
  return commonOptions(
    program,
    flags,
    QUICK,
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

/** Checks everything, then runs the experiment (see `transferRun`). */
export function run(program: Command, flags: Flags): Promise<void> {
  return transferRun(program, flags, {
    name: 'labyrinth-transfer',
    format: 'pathnet-ts/labyrinth-transfer-results@2',
    optionsFrom: (f) => optionsFrom(program, f),
    // A resumed run's frame size is checked as a flag's.
    validate: (o) => {
      checkFlag('--size', o.grid.inputShape[0] as number, SIZE_BOUND);
      return o;
    },
    describe: (o) =>
      describeRun(
        `between first-person mazes (${o.grid.inputShape[0]}×${o.grid.inputShape[1]} RGB), module duplication ${o.a3c.duplicationRate ? `rate ${o.a3c.duplicationRate}` : 'off'}`,
        o,
      ),
  });
}
