import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type BackendDescription, describeBackend } from '@pathnet/backend';
import { formatIssues } from '@pathnet/core';
import type { Command } from 'commander';
import writeFileAtomic from 'write-file-atomic';
import type { ZodType } from 'zod';
import { loadPlugins } from './plugins.js';
import { checkResultsFolder } from './results-folder.js';
import { resultsFileSchema } from './results-schema.js';
import type { SeedRecord } from './schedule.js';

/**
 * Everything a `results.json` holds.
 * @typeParam C - the experiment's settings as the app states them (its flags).
 * @typeParam S - the summary the app computes from the records.
 * @typeParam R - a job's record (by default a transfer repetition's).
 */
export interface ResultsFile<C = unknown, S = unknown, R = SeedRecord> {
  /** Identifies the file format, e.g. `"pathnet-ts/binary-mnist-results@2"`. */
  format: string;
  /** `false` while seeds are still to run (an interrupted run can be resumed). */
  complete: boolean;
  config: C;
  versions: { runtime: string; packages: Record<string, string> };
  backend: BackendDescription;
  /** Every finished job's record (a repetition's, for the transfer protocol), in the order of the experiment's jobs. */
  seeds: R[];
  summary: S | null;
  /** Sum of the records' compute times (their `wallSeconds`), seconds. */
  wallSeconds: number;
  /** Wall time of the whole run (all invocations, seeds in parallel counted once), seconds. */
  elapsedSeconds?: number;
}

/** Thrown when a resumed run points at something that is not a results folder of the expected format. */
export class ResumeError extends Error {
  override readonly name = 'ResumeError';
}

const requireHere = createRequire(import.meta.url);

/** The `@pathnet` packages whose versions a results file records. */
const RECORDED_PACKAGES = ['backend', 'core', 'evolution', 'envs', 'experiments'];

/**
 * Versions of the runtime and of the @pathnet packages in use; `"unknown"` for a package whose
 * `package.json` cannot be found (a bundled program, e.g. `bun build`, has none beside it).
 */
export function versions(): ResultsFile['versions'] {
  const packages: Record<string, string> = {};
  for (const name of RECORDED_PACKAGES) {
    const id = `@pathnet/${name}`;
    try {
      packages[id] = (requireHere(`${id}/package.json`) as { version: string }).version;
    } catch {
      packages[id] = 'unknown';
    }
  }
  const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };
  const runtime = g.Bun
    ? `bun ${g.Bun.version}`
    : g.Deno
      ? `deno ${g.Deno.version.deno}`
      : `node ${process.versions.node}`;
  return { runtime, packages };
}

/** A fresh results record (no seed finished) of format `format` for settings `config`. */
export function newResults<C, S = unknown, R = SeedRecord>(
  format: string,
  config: C,
): ResultsFile<C, S, R> {
  return {
    format,
    complete: false,
    config,
    versions: versions(),
    backend: describeBackend(),
    seeds: [],
    summary: null,
    wallSeconds: 0,
    elapsedSeconds: 0,
  };
}

/** `results.json` inside `dir`. */
export const resultsPath = (dir: string) => path.join(dir, 'results.json');

/** Writes `results.json` atomically (temporary file + rename): never half-written. */
export async function saveResults(
  dir: string,
  results: ResultsFile<unknown, unknown, unknown>,
): Promise<void> {
  await writeFileAtomic(resultsPath(dir), `${JSON.stringify(results, null, 2)}\n`);
}

/** The folder each record returned by {@link loadResults} was read from (resolved path). */
export const loadedFrom = new WeakMap<object, string>();

/** Schemas {@link loadResults} checks a file's parts against. */
export interface ResultsSchemas {
  /** The experiment's settings (`config`); default any object. */
  readonly config?: ZodType;
  /** One record (e.g. `seedRecordSchema` for the transfer protocol); default any object. */
  readonly record?: ZodType;
  /** A record's key (e.g. the job kind's `recordKey`): two records of one key are refused. */
  readonly key?: (record: never) => string;
}

/**
 * Reads `results.json` of an earlier run in `dir`, to resume it, and checks it
 * against its schema (see {@link resultsFileSchema}): the file's fields, each record
 * and the config against `schemas`, one record per key when `schemas.key` is given.
 * @param format - the format the file must have.
 * @param flag - how the user named the folder, for messages (default `--resume`).
 * @throws {ResumeError} naming the file, the field and what was expected if the file is
 *   missing, unreadable, not JSON, of another format, or does not fit the schema.
 */
export async function loadResults<C, S = unknown, R = SeedRecord>(
  dir: string,
  format: string,
  flag = '--resume',
  schemas: ResultsSchemas = {},
): Promise<ResultsFile<C, S, R>> {
  const file = resultsPath(dir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ResumeError(
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `${flag} ${dir}: no results file at ${file}; give the --out folder of an earlier run`
        : `${flag} ${dir}: cannot read ${file} (${code ?? (e as Error).message})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ResumeError(`${flag} ${dir}: ${file} is not valid JSON (${(e as Error).message})`);
  }
  const found = (parsed as { format?: unknown } | null)?.format;
  if (found !== format) {
    throw new ResumeError(
      `${flag} ${dir}: ${file} has format ${JSON.stringify(found)}, expected "${format}"`,
    );
  }
  const checked = resultsFileSchema(format, schemas).safeParse(parsed);
  if (!checked.success) {
    throw new ResumeError(`${flag} ${dir}: ${file}: ${formatIssues(checked.error, parsed)}`);
  }
  // The file as written (fields in their order), now known to fit the schema.
  const results = parsed as ResultsFile<C, S, R>;
  loadedFrom.set(results, path.resolve(dir));
  return results;
}

/** Records sorted by setting (unset first), then seed: the order of `results.json`. */
export function sortRecords(records: readonly SeedRecord[]): SeedRecord[] {
  return [...records].sort(
    (a, b) => (a.setting ?? '').localeCompare(b.setting ?? '') || a.seed - b.seed,
  );
}

// Resuming: the settings of a resumed run, the same in every app — the results file's, with
// `--seeds` able to change the count (never dropping a recorded seed), the recorded plugins
// loaded again, and a notice naming the flags a resumed run ignores.

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

/**
 * The notice naming the flags given on the command line that a resumed run ignores (its
 * settings are the results file's), or null when there are none.
 * @param kept - the app's own flags that act on a resumed run, besides every app's
 *   (`--resume`, `--seeds`, `--threads`, `--workers`, `--backend`, `--queue`, `--no-progress`).
 */
export function ignoredOnResume(
  program: Command,
  dir: string,
  kept: readonly string[] = [],
): string | null {
  const acting = [...RESUME_FLAGS, ...kept];
  const ignored = program.options
    .filter((opt) => program.getOptionValueSource(opt.attributeName()) === 'cli')
    .map((opt) => opt.long ?? '')
    .filter((long) => !acting.includes(long));
  return ignored.length === 0
    ? null
    : `--resume keeps the settings of ${resultsPath(dir)}; ignoring ${ignored.join(', ')}`;
}

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
  const notice = ignoredOnResume(program, dir, spec.kept);
  if (notice !== null) log(notice);
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
