import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type BackendDescription, describeBackend } from '@pathnet/backend';
import writeFileAtomic from 'write-file-atomic';
import type { SeedResult } from './experiment.js';
import type { ExperimentOptions } from './options.js';
import type { Summary } from './summary.js';

/** Identifies the file format of `results.json`. */
export const RESULTS_FORMAT = 'pathnet-ts/binary-mnist-results@1';

/** Everything `results.json` holds. */
export interface ResultsFile {
  format: typeof RESULTS_FORMAT;
  /** `false` while seeds are still to run (an interrupted run can be resumed). */
  complete: boolean;
  config: ExperimentOptions;
  versions: { runtime: string; packages: Record<string, string> };
  backend: BackendDescription;
  seeds: SeedResult[];
  summary: Summary | null;
  /** Sum of the seeds' wall times, seconds. */
  wallSeconds: number;
  /** Wall time of the whole run (all invocations, seeds in parallel counted once), seconds. */
  elapsedSeconds?: number;
}

/** Thrown when `--resume` points at something that is not a results folder of this app. */
export class ResumeError extends Error {
  override readonly name = 'ResumeError';
}

const requireHere = createRequire(import.meta.url);

/** Versions of the runtime and of the @pathnet packages in use. */
export function versions(): ResultsFile['versions'] {
  const packages: Record<string, string> = {};
  for (const name of ['backend', 'core', 'evolution', 'envs', 'viz']) {
    const id = `@pathnet/${name}`;
    packages[id] = (requireHere(`${id}/package.json`) as { version: string }).version;
  }
  const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };
  const runtime = g.Bun
    ? `bun ${g.Bun.version}`
    : g.Deno
      ? `deno ${g.Deno.version.deno}`
      : `node ${process.versions.node}`;
  return { runtime, packages };
}

/** A fresh results record for a run that has not finished any seed. */
export function newResults(config: ExperimentOptions): ResultsFile {
  return {
    format: RESULTS_FORMAT,
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
export async function saveResults(dir: string, results: ResultsFile): Promise<void> {
  await writeFileAtomic(resultsPath(dir), `${JSON.stringify(results, null, 2)}\n`);
}

/**
 * Reads `results.json` of an earlier run for `--resume`.
 * @throws {ResumeError} if the file is missing, unreadable or of another format.
 */
export async function loadResults(dir: string): Promise<ResultsFile> {
  const file = resultsPath(dir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ResumeError(
      `--resume ${dir}: no results file at ${file}; give the --out folder of an earlier run`,
    );
  }
  let parsed: Partial<ResultsFile>;
  try {
    parsed = JSON.parse(text) as Partial<ResultsFile>;
  } catch (e) {
    throw new ResumeError(`--resume ${dir}: ${file} is not valid JSON (${(e as Error).message})`);
  }
  if (
    parsed.format !== RESULTS_FORMAT ||
    !Array.isArray(parsed.seeds) ||
    parsed.config === undefined
  ) {
    throw new ResumeError(
      `--resume ${dir}: ${file} has format ${JSON.stringify(parsed.format)}, expected "${RESULTS_FORMAT}"`,
    );
  }
  // Files from before the concurrency option trained one pathway at a time.
  const results = parsed as ResultsFile;
  results.config = { ...results.config, concurrency: results.config.concurrency ?? 1 };
  return results;
}
