/**
 * Flags the benchmarks share: `--write <file>` (every A3C benchmark), and the run settings
 * of the benchmarks that train PathNet-A3C for a frame budget on a list of thread counts
 * (`a3c-breakout`, `a3c-pong`).
 */
import { Command } from 'commander';

/** `--write <file>`: also write the results as JSON (`writeJsonAtomic`). */
export interface WriteFlag {
  write?: string;
}

/**
 * Adds `--write <file>`, parses `process.argv` and returns the options, typed `T` (what the
 * other flags give) and {@link WriteFlag}.
 */
export function parseWithWrite<T extends object>(program: Command): T & WriteFlag {
  program.option('--write <file>', 'also write the results as JSON');
  program.parse();
  return program.opts<T & WriteFlag>();
}

/** The settings of one A3C run: frame budget, thread counts, logical workers, rate, seed. */
export interface A3CRunFlags extends WriteFlag {
  /** Frame budget of each run (agent steps). */
  frames: number;
  /** Comma-separated thread counts, e.g. `1,2`. */
  threads: string;
  /** Logical A3C workers. */
  workers: number;
  /** Initial learning rate (annealed to 0 over the budget). */
  lr: number;
  seed: number;
}

/**
 * A command with the flags of {@link A3CRunFlags} (learning rate 7e-4, seed 1 by default);
 * add the benchmark's own, then {@link parseWithWrite}.
 * @param defaults - the budget and worker count, and the help of `--threads` and `--workers`.
 */
export function a3cRunCommand(
  name: string,
  description: string,
  defaults: { frames: number; workers: number; threadsHelp: string; workersHelp: string },
): Command {
  return new Command(name)
    .description(description)
    .option('--frames <n>', 'frame budget of each run', (v) => Number(v), defaults.frames)
    .option('--threads <list>', defaults.threadsHelp, '1,2')
    .option('--workers <n>', defaults.workersHelp, (v) => Number(v), defaults.workers)
    .option('--lr <x>', 'initial learning rate', (v) => Number(v), 7e-4)
    .option('--seed <n>', 'seed', (v) => Number(v), 1);
}
