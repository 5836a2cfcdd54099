import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type BackendDescription, describeBackend } from '@pathnet/backend';
import { formatIssues } from '@pathnet/core';
import writeFileAtomic from 'write-file-atomic';
import type { ZodType } from 'zod';
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
