/**
 * The run of labyrinth-transfer: the maze tasks at the chosen frame size, the
 * Labyrinth grid, module duplication (or its ablation) and `--quick`'s budget
 * on the RL transfer layer of `@pathnet/experiments` (`transferRun`: the common
 * flags, every check, the run).
 */
import { presets } from '@pathnet/core';
import { type EnvSpec, parsePairs, transferRun } from '@pathnet/experiments';
import { checkFlag } from '@pathnet/experiments/cli';
import type { Command } from 'commander';
import type { Flags } from './cli.js';
import { FRAME_SKIP_BOUND, MAZES, mazeSpec, SIZE_BOUND } from './mazes.js';

/** The frame skip of a maze spec (1 without a FrameSkip wrapper). */
function frameSkipOf(spec: EnvSpec): number {
  return spec.wrappers?.frameSkip ?? 1;
}

/** Checks everything, then runs the experiment. */
export function run(program: Command, flags: Flags): Promise<void> {
  return transferRun(program, flags, {
    // Every pair, 1 seed, 42×42 frames (below), 3000 frames, 4 workers.
    quick: { frames: 3000, window: 5 },
    settings: (f) => {
      const quick = f.quick === true;
      const size = quick && program.getOptionValueSource('size') !== 'cli' ? 42 : f.size;
      const tasks: EnvSpec[] = MAZES.map((id) => mazeSpec(id, size, f.frameSkip));
      return {
        tasks,
        pairs: parsePairs(f.pairs, tasks),
        grid: presets.labyrinth({ inputShape: [size, size, 3] }),
        a3c: { duplicationRate: f.duplication ? f.duplicationRate : 0 },
        setting: f.duplication ? 'duplication' : 'no-duplication',
        out:
          f.out ??
          `results/labyrinth-transfer${f.duplication ? '' : '-no-duplication'}${quick ? '-quick' : ''}`,
      };
    },
    // A resumed run's frame size is checked as a flag's (a run of plugin tasks alone has none).
    validate: (o) => {
      const maze = o.tasks.find((t) => MAZES.includes(t.id));
      if (maze === undefined) return;
      checkFlag('--size', maze.options?.size as number, SIZE_BOUND);
      checkFlag('--frame-skip', frameSkipOf(maze), FRAME_SKIP_BOUND);
    },
    what: (o) => {
      const duplication = `module duplication ${o.a3c.duplicationRate ? `rate ${o.a3c.duplicationRate}` : 'off'}`;
      const skip = o.tasks[0] === undefined ? 1 : frameSkipOf(o.tasks[0]);
      const repeat = skip === 1 ? '' : `, each action repeated ${skip} frames`;
      return o.tasks.every((t) => MAZES.includes(t.id))
        ? `between first-person mazes (${o.grid.inputShape[0]}×${o.grid.inputShape[1]} RGB${repeat}), ${duplication}`
        : `between ${o.tasks.map((t) => t.id).join(', ')}, ${duplication}`;
    },
  });
}
