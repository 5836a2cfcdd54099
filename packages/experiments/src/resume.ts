/**
 * The settings of a resumed run, the same in every app: the results file's, with
 * `--seeds` able to change the count (never dropping a seed already recorded), the
 * recorded plugins loaded again, and a notice naming the flags a resumed run ignores.
 */
import type { Command } from 'commander';
import { loadPlugins } from './plugins.js';
import {
  loadResults,
  newResults,
  type ResultsFile,
  type ResultsSchemas,
  ResumeError,
  resultsPath,
} from './results.js';
import { checkResultsFolder } from './results-folder.js';

/** What every resumable app's settings hold. */
export interface ResumableConfig {
  /** Seeds of the run (seed … seed + seeds − 1). */
  seeds: number;
  seed: number;
  /** The results folder. */
  out: string;
  /** `file:` URLs of the `--plugin` modules the run was started with. */
  plugins?: string[];
}

/** Flags that act on a resumed run in every app; any other flag given is ignored, with a notice. */
const RESUME_FLAGS = [
  '--resume',
  '--seeds',
  '--threads',
  '--workers',
  '--backend',
  '--queue',
  '--no-progress',
];

/** How {@link resumedSettings} reads a results folder. */
export interface ResumeSpec<C> {
  /** The results folder (`--resume`). */
  dir: string;
  /** The app's results format id. */
  format: string;
  /** The app's command line, to see which flags were given. */
  program: Command;
  /** `--seeds` as parsed (used only when given on the command line). */
  seeds?: number;
  /** Schemas and record key of the app's results file (see `loadResults`). */
  schemas?: ResultsSchemas;
  /** The app's own flags that act on a resumed run (e.g. `--dashboard`). */
  kept?: readonly string[];
  /** Where notices go; default standard error. */
  log?: (line: string) => void;
  /** The app's checks of its settings (run after the recorded plugins are loaded). */
  validate: (options: C) => C;
}

/**
 * Loads a resumed run: its results file, its settings with `out` set to the folder, and
 * `--seeds` if the command line gave it (raised, with a notice, to keep every seed already
 * recorded); imports the recorded plugins, then checks the settings.
 * @returns the settings and the results file (records kept as they are).
 * @throws {ResultsFolderError} if `dir` is not a folder holding results; {@link ResumeError}
 *   for a missing or malformed results file, or for recorded settings that do not pass
 *   `validate` (naming the file); `validate`'s own error when `--seeds` was given;
 *   `PluginError` for a recorded plugin that no longer loads.
 */
export async function resumedSettings<
  C extends ResumableConfig,
  S = unknown,
  R extends { seed: number } = { seed: number },
>(spec: ResumeSpec<C>): Promise<{ options: C; results: ResultsFile<C, S, R> }> {
  const { dir, program } = spec;
  const log = spec.log ?? ((line: string) => console.error(line));
  await checkResultsFolder(dir, 'resume');
  const results = await loadResults<C, S, R>(dir, spec.format, '--resume', spec.schemas);
  const options: C = { ...results.config, out: dir };
  const seedsGiven = program.getOptionValueSource('seeds') === 'cli';
  if (seedsGiven && spec.seeds !== undefined) options.seeds = spec.seeds;
  const kept = [...RESUME_FLAGS, ...(spec.kept ?? [])];
  const ignored = program.options
    .filter((opt) => program.getOptionValueSource(opt.attributeName()) === 'cli')
    .map((opt) => opt.long ?? '')
    .filter((long) => !kept.includes(long));
  if (ignored.length > 0) {
    log(`--resume keeps the settings of ${resultsPath(dir)}; ignoring ${ignored.join(', ')}`);
  }
  // A lower --seeds keeps the recorded seeds (records outside the settings are refused
  // later, by the runner's check of the records against the jobs).
  const recorded = results.seeds.map((r) => r.seed - options.seed + 1);
  const needed = Math.max(0, ...recorded);
  if (seedsGiven && options.seeds < needed) {
    log(`--seeds ${options.seeds} would drop seeds already done; keeping ${needed}`);
    options.seeds = needed;
  }
  await loadPlugins(options.plugins ?? []);
  try {
    return { options: spec.validate(options), results };
  } catch (e) {
    if (seedsGiven || !(e instanceof Error)) throw e;
    throw new ResumeError(
      `--resume ${dir}: the settings stored in ${resultsPath(dir)} do not fit together: ${e.message}`,
    );
  }
}

/**
 * A run's settings and results file: a fresh run's (`fresh()`, and an empty results
 * file) when `resume` is undefined, else a resumed run's ({@link resumedSettings}).
 * @throws what `fresh` or {@link resumedSettings} throws.
 */
export async function runSettings<
  C extends ResumableConfig,
  S = unknown,
  R extends { seed: number } = { seed: number },
>(
  spec: Omit<ResumeSpec<C>, 'dir'> & {
    /** `--resume`'s folder; undefined for a fresh run. */
    resume: string | undefined;
    /** The settings of a fresh run (from the flags), checked. */
    fresh: () => C | Promise<C>;
  },
): Promise<{ options: C; results: ResultsFile<C, S, R> }> {
  if (spec.resume === undefined) {
    const options = await spec.fresh();
    return { options, results: newResults<C, S, R>(spec.format, options) };
  }
  return resumedSettings<C, S, R>({ ...spec, dir: spec.resume });
}
