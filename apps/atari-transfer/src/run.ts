/**
 * The run of atari-transfer: its tasks (MinAtar, or real Atari with `--ale`; a
 * plugin's named in `--pairs`), conv grid and `--quick` budget on the RL transfer layer of `@pathnet/experiments`
 * (`transferRun`: the common flags, every check, the run).
 */
import { parsePairs, RLOptionError, transferRun } from '@pathnet/experiments';
import type { Command } from 'commander';
import type { Flags } from './cli.js';
import { ALE_GAMES, aleGrid, aleTask, minatarSetup } from './options.js';

/** Checks everything, then runs the experiment. */
export function run(program: Command, flags: Flags): Promise<void> {
  return transferRun(program, flags, {
    // One pair, 1 seed, 2000 frames, 4 workers.
    quick: { frames: 2000, window: 10 },
    settings: (f) => {
      if (f.ale && program.getOptionValueSource('layout') === 'cli') {
        throw new RLOptionError('--layout applies to MinAtar; --ale plays real Atari frames');
      }
      const minatar = minatarSetup(f.layout);
      const tasks = f.ale ? ALE_GAMES.map(aleTask) : [...minatar.tasks];
      const explicitPairs = program.getOptionValueSource('pairs') === 'cli';
      return {
        tasks,
        pairs: parsePairs(f.ale && !explicitPairs ? 'Pong:Breakout' : f.pairs, tasks),
        grid: f.ale ? aleGrid() : minatar.grid,
        setting: null,
        out: f.out ?? `results/atari-transfer${f.ale ? '-ale' : ''}${f.quick ? '-quick' : ''}`,
      };
    },
    what: (o) =>
      o.tasks.every((t) => t.id.startsWith('ale/'))
        ? 'on Atari (ALE, 84×84, 4 stacked frames)'
        : o.tasks.every((t) => t.id.startsWith('minatar/'))
          ? `on MinAtar (10×10, ${o.grid.inputShape[2] === 10 ? 'channels padded to 10' : `${o.grid.inputShape[2]} semantic channels`}, 6 actions)`
          : `on ${o.tasks.map((t) => t.id).join(', ')}`,
  });
}
