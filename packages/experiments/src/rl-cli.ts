/**
 * The run behind the RL transfer apps' command line (its flags are
 * `transferProgram` of `@pathnet/experiments/cli`): the settings of the common
 * flags with their `--quick` values, every check (plugins, settings, tensor
 * backend, job queue, results folder) before anything is written, then
 * `runTransfer`.
 *
 * @packageDocumentation
 */
import { initBackend } from '@pathnet/backend';
import type { PathNetConfig } from '@pathnet/core';
import type { A3CArgs } from '@pathnet/rl';
import type { Command } from 'commander';
import { quickValues } from './cli/main.js';
import type { CommonFlags, CommonValues } from './cli/rl-flags.js';
import { folderModeOf, resultsFolderHint } from './folder-flags.js';
import { loadPlugins } from './plugins.js';
import { queueExecutor } from './queue-executor.js';
import { checkResultsFolder } from './results-folder.js';
import { resumeOptions, runTransfer } from './rl-app.js';
import type { EnvSpec } from './rl-env.js';
import { checkRLMemory } from './rl-memory.js';
import {
  defaultRandomEpisodes,
  type TransferOptions,
  taskName,
  validateTransfer,
} from './rl-options.js';

/**
 * The settings of the common flags, `--quick` values replacing those not given on the command line.
 */
export function commonOptions(
  program: Command,
  flags: CommonFlags,
  quick: CommonValues,
  tasks: EnvSpec[],
  pairs: Array<[string, string]>,
  grid: PathNetConfig,
  extra: { a3c?: Partial<A3CArgs>; setting: string | null; out: string },
): TransferOptions {
  const quicker = quickValues(program, { ...quick, nullSeeds: 1 });
  const pick = <K extends keyof CommonValues>(k: K) => quicker[k] ?? flags[k];
  return {
    tasks: tasks.filter((t) => pairs.some(([a, b]) => a === t.id || b === t.id)),
    pairs,
    seeds: pick('seeds'),
    seed: flags.seed,
    frames: pick('frames'),
    grid,
    a3c: {
      workers: pick('workers'),
      learningRate: flags.learningRate,
      entropyCoef: flags.entropyCost,
      evaluationEpisodes: pick('evaluationEpisodes'),
      tournamentSize: pick('tournamentSize'),
      ...extra.a3c,
    },
    window: pick('window'),
    points: pick('points'),
    fraction: flags.fraction,
    randomEpisodes: flags.randomEpisodes ?? defaultRandomEpisodes(tasks),
    nullSeeds: quicker.nullSeeds ?? flags.nullSeeds,
    engine: flags.engine,
    setting: extra.setting,
    out: extra.out,
  };
}

/** The one-line description of a run printed above its table. */
export const describeRun = (what: string, o: TransferOptions) =>
  `PathNet transfer ${what} — ${o.pairs.map(([a, b]) => `${taskName(a)}→${taskName(b)}`).join(', ')}; ` +
  `${o.seeds} seed(s), ${o.frames} frames per run, ${o.a3c.workers} workers, T=${o.a3c.evaluationEpisodes}, ` +
  `B=${o.a3c.tournamentSize}, lr ${o.a3c.learningRate}, β ${o.a3c.entropyCoef}; ` +
  `grid L=${o.grid.layers.length} M=${o.grid.modulesPerLayer} N=${o.grid.maxActivePerLayer}`;

/** How an RL transfer app builds, checks and describes its settings. */
export interface TransferApp<F extends CommonFlags> {
  name: string;
  /** Identifies the format of the app's `results.json`. */
  format: string;
  /** The settings of a fresh run from the flags. */
  optionsFrom: (flags: F) => TransferOptions;
  /** The app's own checks (beyond `validateTransfer`); throws naming the flag. */
  validate: (o: TransferOptions) => TransferOptions;
  /** One line describing the experiment, printed above the table. */
  describe: (o: TransferOptions) => string;
}

/**
 * Builds (or resumes) the settings, checks everything — plugins, settings, memory,
 * the tensor backend, the job queue, the results folder — then runs the experiment.
 * Nothing is written before the last check.
 * @throws the check's error naming the flag or file (bad input: `runCli` exits with 2).
 */
export async function transferRun<F extends CommonFlags>(
  program: Command,
  flags: F,
  app: TransferApp<F>,
): Promise<void> {
  const mode = folderModeOf(flags);
  const given = (k: 'seeds' | 'nullSeeds') =>
    program.getOptionValueSource(k) === 'cli' ? flags[k] : undefined;
  // Plugins come first: their environment ids are names in --pairs (a resumed run's, as recorded).
  const plugins = mode === 'resume' ? [] : await loadPlugins(flags.plugin);
  const { options, results } =
    mode === 'resume'
      ? await resumeOptions(
          flags.resume as string,
          app.format,
          given('seeds'),
          flags.randomEpisodes,
          given('nullSeeds'),
        )
      : {
          options: { ...app.optionsFrom(flags), ...(plugins.length > 0 && { plugins }) },
          results: undefined,
        };
  if (mode === 'resume') await loadPlugins(options.plugins ?? []);
  app.validate(validateTransfer(options));
  const threads = checkRLMemory(options, flags.threads);
  await initBackend(flags.backend !== undefined ? { backend: flags.backend } : {});
  const queue =
    flags.queue === undefined
      ? undefined
      : queueExecutor({ url: flags.queue, plugins: options.plugins ?? [] });
  await queue?.check?.();
  // A resumed folder was checked as it was loaded.
  if (mode !== 'resume')
    await checkResultsFolder(options.out, mode, resultsFolderHint(options.out));
  await runTransfer(
    {
      app: app.name,
      format: app.format,
      mode,
      progress: flags.progress,
      threads,
      ...(flags.backend !== undefined && { backend: flags.backend }),
      ...(queue !== undefined && { executor: queue }),
      describe: app.describe,
    },
    options,
    results,
  );
}
