import path from 'node:path';
import { resultsFolderHint } from './folder-flags.js';
import { type Job, type JobKind, jobKind } from './jobs.js';
import { type Executor, localExecutor } from './local-executor.js';
import { loadedFrom, type ResultsFile, ResumeError, resultsPath, saveResults } from './results.js';
import { claimResultsFolder, type FolderMode } from './results-folder.js';
import type { PhaseDoneEvent, ProgressEvent, SeedRecord, TransferJob } from './schedule.js';
import { TRANSFER_JOB_KIND } from './transfer-job.js';

/** Callbacks of {@link runExperiment}; all optional. */
export interface ExperimentEvents<R, E> {
  /** A job's progress (the kind's events; local executors pass them on, a queue does not). */
  progress?: (event: E) => void;
  /** A phase of a job finished (kinds with phases, run locally: the transfer protocol). */
  phaseDone?: (event: PhaseDoneEvent) => void;
  /** Each job's record as it finishes, after `results.json` holds it; awaited. */
  record?: (record: R) => void | Promise<void>;
}

/**
 * What {@link runExperiment} runs and where it writes.
 * @typeParam P - the job kind's parameters; R - its records; E - its progress events
 *   (by default those of the built-in `pathnet/transfer` kind).
 */
export interface ExperimentRun<C, S, P = TransferJob, R = SeedRecord, E = ProgressEvent> {
  /** Results folder; `results.json` is written there after every finished job. */
  out: string;
  /**
   * How the run takes `out` (see `claimResultsFolder`): `new` (absent or empty), `resume`
   * or `force` (a non-empty folder is moved aside first). Default: `resume` when
   * `results` holds records or was read from `out` by `loadResults`, else `new`.
   */
  mode?: FolderMode;
  /**
   * What the user can do instead when `out` holds earlier results, for the message;
   * default the apps' `--resume`/`--force` hint (`resultsFolderHint`).
   */
  folderHint?: string;
  /** A fresh record (`newResults`) or one read back to resume (`loadResults`); updated in place. */
  results: ResultsFile<C, S, R>;
  /** The registered job kind of every job (default `pathnet/transfer`). */
  kind?: string;
  /** Every job's parameters; those whose key is already in `results.seeds` are skipped. */
  jobs: readonly P[];
  /** The summary of the records so far, called with at least one record (e.g. `summarise`, per setting). */
  summarise: (records: readonly R[]) => S;
  events?: ExperimentEvents<R, E>;
  /** Where the jobs run: worker threads here (default: `localExecutor` with `schedule`) or a job queue (`queueExecutor`). */
  executor?: Executor;
  /** Threads of the default local executor. */
  schedule?: { workers?: number; backend?: string; plugins?: readonly string[] };
  /** Where lines about the results folder go, e.g. a stale lock cleared (default: standard error). */
  log?: (line: string) => void;
}

/**
 * Runs an experiment, a set of independent jobs of one registered kind: the
 * jobs not yet in `results` (so an interrupted run resumes where it stopped,
 * told apart by the kind's keys), merging each finished record into
 * `results` and writing `results.json` atomically after each, with the
 * summary, the compute and wall times, and `complete` once every job has a
 * record. Records are kept in the order of `jobs`, whatever order they finish
 * in and wherever they ran, so the same jobs give the same `results.json`
 * locally and through a queue (compute and wall times aside). A record is
 * final when written: killing the process loses only the jobs still running.
 *
 * The folder is owned by this run while it runs (`claimResultsFolder`: lock file
 * `run.lock` with the pid and start time, a killed run's lock taken over; a folder that a
 * run killed before its first record left is reused, with a line to `log`, as is where
 * mode `force` moved earlier results); its scratch folder `.tmp` (for jobs' temporary
 * files, see `TransferJob.scratchDir`) is emptied at the start and removed at the end.
 *
 * @returns `results`, complete.
 * @throws {ResultsFolderError} / `FolderLockedError` if `out` cannot be taken (nothing
 *   is written then).
 * @throws what the executor's `check` throws (e.g. `QueueUnreachableError`), before `out`
 *   is touched, where jobs are left to run.
 * @throws {ResumeError} if a record of `results` is not one of the jobs', repeats one, or
 *   does not fit its job (`JobKind.recordFits`), before anything is written.
 * @throws {TypeError} if two jobs have the same key; the first job's error
 *   (the records finished before it stay written).
 */
export async function runExperiment<C, S, P = TransferJob, R = SeedRecord, E = ProgressEvent>(
  run: ExperimentRun<C, S, P, R, E>,
): Promise<ResultsFile<C, S, R>> {
  const { out, results } = run;
  const kindId = run.kind ?? TRANSFER_JOB_KIND;
  const kind = jobKind(kindId);
  const keys = run.jobs.map((params) => kind.key(params));
  if (new Set(keys).size !== keys.length) {
    throw new TypeError(`runExperiment: two ${kindId} jobs have the same key`);
  }
  const order = new Map(keys.map((key, i) => [key, i]));
  const rank = (record: R) => order.get(kind.recordKey(record)) ?? Number.POSITIVE_INFINITY;
  const recorded = () => new Set(results.seeds.map((r) => kind.recordKey(r)));
  const done = recorded();
  const pending: Job[] = run.jobs
    .filter((_, i) => !done.has(keys[i]!))
    .map((params) => ({ kind: kindId, params }));
  const isComplete = () => {
    const now = recorded();
    return keys.every((key) => now.has(key));
  };
  checkRecords(results.seeds, (i) => run.jobs[i]!, order, kind, out);
  results.complete = isComplete();
  // Before the folder is taken: an executor that cannot run (a queue whose Redis does not answer) changes nothing.
  if (pending.length > 0) await run.executor?.check?.();
  const folder = await claimResultsFolder(
    out,
    run.mode ??
      (results.seeds.length > 0 || loadedFrom.get(results) === path.resolve(out)
        ? 'resume'
        : 'new'),
    run.folderHint ?? resultsFolderHint(out),
  );
  if (folder.movedAside !== undefined) {
    (run.log ?? console.error)(`${out}: the earlier results were moved to ${folder.movedAside}`);
  }
  const killed = folder.clearedStaleLock;
  if (killed !== undefined) {
    (run.log ?? console.error)(
      `${out}: cleared the stale lock of a run killed before its first record (pid ${killed.pid}, started ${killed.startedAt}); the folder is reused`,
    );
  }
  try {
    await saveResults(out, results);
    await runPending(run, pending, rank, isComplete);
  } finally {
    await folder.release();
  }
  return results;
}

/**
 * Checks the records of a resumed `results.json` against the jobs of the settings, as
 * {@link runExperiment} does first: for an app that wants the refusal before it prints or
 * loads anything else.
 * @throws {ResumeError} naming the file, the record (1-based) and what is wrong.
 */
export function checkResumedRecords<C, S, P, R>(
  run: Pick<ExperimentRun<C, S, P, R, unknown>, 'out' | 'results' | 'jobs' | 'kind'>,
): void {
  const kind = jobKind(run.kind ?? TRANSFER_JOB_KIND);
  const order = new Map(run.jobs.map((params, i) => [kind.key(params), i]));
  checkRecords(run.results.seeds, (i) => run.jobs[i], order, kind, run.out);
}

/**
 * Checks the records of a resumed `results.json` against the jobs of the settings: each
 * record the key of one job (a seed outside the settings' range is not), no key twice,
 * and each fitting its job (`JobKind.recordFits`: e.g. every condition present).
 * @throws {ResumeError} naming the file, the record (1-based) and what is wrong.
 */
function checkRecords(
  records: readonly unknown[],
  job: (index: number) => unknown,
  order: ReadonlyMap<string, number>,
  kind: JobKind,
  out: string,
): void {
  const seen = new Map<string, number>();
  records.forEach((record, i) => {
    const key = kind.recordKey(record);
    const where = `${resultsPath(out)}: record ${i + 1} (${key})`;
    const index = order.get(key);
    if (index === undefined) {
      const keys = [...order.keys()];
      throw new ResumeError(
        `${where} is not one of the ${keys.length} jobs of the settings (${keys[0]} … ${keys.at(-1)}); remove it, or resume with the settings it was made with`,
      );
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new ResumeError(`${where} repeats record ${earlier + 1}; keep one of them`);
    }
    seen.set(key, i);
    const problem = kind.recordFits?.(job(index), record);
    if (problem !== undefined) {
      throw new ResumeError(
        `${where} does not fit the settings: ${problem}; remove it to run it again`,
      );
    }
  });
}

/** Runs the pending jobs, merging each record into `results` and `results.json`. */
async function runPending<C, S, P, R, E>(
  run: ExperimentRun<C, S, P, R, E>,
  pending: readonly Job[],
  rank: (record: R) => number,
  isComplete: () => boolean,
): Promise<void> {
  const { out, results } = run;
  const started = performance.now();
  const elapsedBefore = results.elapsedSeconds ?? 0;
  const executor = run.executor ?? localExecutor(run.schedule);
  await executor.run(pending, {
    progress: (_job, event) => run.events?.progress?.(event as E),
    ...(run.events?.phaseDone && { phaseDone: run.events.phaseDone }),
    record: async (_job, value) => {
      const record = value as R;
      const seconds = (record as { wallSeconds?: unknown }).wallSeconds;
      results.seeds = [...results.seeds, record].sort((a, b) => rank(a) - rank(b));
      if (typeof seconds === 'number') results.wallSeconds += seconds;
      results.elapsedSeconds = elapsedBefore + (performance.now() - started) / 1000;
      results.summary = run.summarise(results.seeds);
      results.complete = isComplete();
      await saveResults(out, results);
      await run.events?.record?.(record);
    },
  });
  results.elapsedSeconds = elapsedBefore + (performance.now() - started) / 1000;
  if (results.seeds.length > 0) results.summary = run.summarise(results.seeds);
}
