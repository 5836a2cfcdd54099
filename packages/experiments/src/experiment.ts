import { mkdir } from 'node:fs/promises';
import { type ResultsFile, saveResults, sortRecords } from './results.js';
import {
  jobKey,
  runJobs,
  type ScheduleEvents,
  type ScheduleOptions,
  type SeedRecord,
  type TransferJob,
} from './schedule.js';

/** What {@link runExperiment} runs and where it writes. */
export interface ExperimentRun<C, S> {
  /** Results folder; `results.json` is written there after every finished repetition. */
  out: string;
  /** A fresh record (`newResults`) or one read back to resume (`loadResults`); updated in place. */
  results: ResultsFile<C, S>;
  /** Every repetition of the experiment; those already in `results.seeds` are skipped. */
  jobs: readonly TransferJob[];
  /** The summary of the records so far, called with at least one record (e.g. `summarise`, per setting). */
  summarise: (records: readonly SeedRecord[]) => S;
  events?: ScheduleEvents;
  schedule?: ScheduleOptions;
}

/**
 * Runs an experiment: the repetitions of `jobs` not yet in `results` (so an
 * interrupted run resumes where it stopped), merging each finished record
 * into `results` and writing `results.json` atomically after each, with the
 * summary, the compute and wall times, and `complete` once every job has a record.
 * A record is final when written, so killing the process loses only the
 * repetitions still running.
 *
 * @returns `results`, complete.
 * @throws the first phase's error (the records finished before it stay written).
 */
export async function runExperiment<C, S>(run: ExperimentRun<C, S>): Promise<ResultsFile<C, S>> {
  const { out, results, jobs } = run;
  const keyOf = (job: TransferJob) => jobKey(job.setting, job.plan.seed);
  const recorded = () => new Set(results.seeds.map((r) => jobKey(r.setting, r.seed)));
  const done = recorded();
  const pending = jobs.filter((job) => !done.has(keyOf(job)));
  const isComplete = () => {
    const now = recorded();
    return jobs.every((job) => now.has(keyOf(job)));
  };
  results.complete = isComplete();
  await mkdir(out, { recursive: true });
  await saveResults(out, results);
  const started = performance.now();
  const elapsedBefore = results.elapsedSeconds ?? 0;
  await runJobs(
    pending,
    {
      ...run.events,
      record: async (record) => {
        results.seeds = sortRecords([...results.seeds, record]);
        results.wallSeconds += record.wallSeconds;
        results.elapsedSeconds = elapsedBefore + (performance.now() - started) / 1000;
        results.summary = run.summarise(results.seeds);
        results.complete = isComplete();
        await saveResults(out, results as ResultsFile);
        await run.events?.record?.(record);
      },
    },
    run.schedule,
  );
  results.elapsedSeconds = elapsedBefore + (performance.now() - started) / 1000;
  if (results.seeds.length > 0) results.summary = run.summarise(results.seeds);
  return results;
}
