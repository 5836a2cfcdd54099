import { type Job, jobKind } from './jobs.js';
import { JobPool } from './pool.js';

/** Callbacks of an {@link Executor} run. */
export interface ExecutorEvents {
  /** A job's progress event (kind-specific), where the executor passes them on. */
  progress?: (job: Job, event: unknown) => void;
  /** A phase of a job finished (from kinds with a local schedule of their own, e.g. the transfer protocol's). */
  phaseDone?: (event: { seed: number; setting?: string; phase: string }) => void;
  /** A job's record, once per job, in finishing order; awaited, one at a time. */
  record: (job: Job, record: unknown) => Promise<void>;
}

/** Runs a set of independent jobs somewhere: worker threads here ({@link localExecutor}) or a job queue (`queueExecutor`). */
export interface Executor {
  /** What the executor is, for messages (e.g. `"2 worker threads"`). */
  readonly description: string;
  /**
   * Runs every job of `jobs` once and reports its record.
   * @throws the first job's error (records reported before it stay reported).
   */
  run(jobs: readonly Job[], events: ExecutorEvents): Promise<void>;
  /**
   * Optional: checks that the jobs can run there, before `runExperiment` takes the
   * results folder, so that a run that cannot start leaves the folder as it was
   * (a queue: its Redis answers within the connection timeout).
   * @throws the reason they cannot (e.g. `QueueUnreachableError`).
   */
  check?(): Promise<void>;
}

/** Where and how a {@link localExecutor} runs jobs. */
export interface LocalOptions {
  /** Jobs at once, each in its own worker thread; 1 (default) runs them one by one in this thread. */
  workers?: number;
  /** Tensor backend each worker thread initialises; default the best available. */
  backend?: string;
  /** Modules each worker thread imports first: registrations of job kinds, tasks, operators. */
  plugins?: readonly string[];
}

/**
 * The default executor: jobs in `workers` worker threads of this process
 * (or one after another in this thread for one worker). A job kind with a
 * local schedule of its own (`JobKind.schedule`) runs its jobs through it;
 * every other kind runs one job per thread. Jobs are independent, so any
 * number of workers gives the same records; only their finishing order changes.
 */
export function localExecutor(options: LocalOptions = {}): Executor {
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new TypeError(`localExecutor: workers must be an integer ≥ 1, got ${workers}`);
  }
  return {
    description: workers === 1 ? 'this thread' : `${workers} worker threads`,
    async run(jobs, events) {
      const byKind = new Map<string, Job[]>();
      for (const job of jobs) byKind.set(job.kind, [...(byKind.get(job.kind) ?? []), job]);
      for (const [id, ofKind] of byKind) {
        const kind = jobKind(id);
        if (kind.schedule) {
          const byKey = new Map(ofKind.map((job) => [kind.key(job.params), job]));
          await kind.schedule(
            ofKind.map((job) => job.params),
            {
              progress: (key, event) => {
                const job = byKey.get(key);
                if (job) events.progress?.(job, event);
              },
              ...(events.phaseDone && { phaseDone: events.phaseDone }),
              record: (record) => events.record(byKey.get(kind.recordKey(record))!, record),
            },
            { ...options, workers },
          );
        } else if (workers === 1) {
          for (const job of ofKind) {
            const record = await kind.run(job.params, {
              progress: (event) => events.progress?.(job, event),
            });
            await events.record(job, record);
          }
        } else {
          await runInPool(ofKind, events, { ...options, threads: workers });
        }
      }
    },
  };
}

/** Runs `jobs` on a {@link JobPool}, reporting records one at a time; stops at the first error. */
async function runInPool(
  jobs: readonly Job[],
  events: ExecutorEvents,
  options: LocalOptions & { threads: number },
): Promise<void> {
  const pool = new JobPool(options);
  let reported = Promise.resolve();
  try {
    await Promise.all(
      jobs.map(async (job) => {
        const record = await pool.run(job, (event) => events.progress?.(job, event));
        reported = reported.then(() => events.record(job, record));
        await reported;
      }),
    );
  } finally {
    await pool.close();
  }
}

/**
 * Where an app's jobs run: `queue` when the command line gave one (`--queue`, see
 * `checkedQueue`), else {@link localExecutor} with `local`.
 */
export function executorOf(queue: Executor | undefined, local: LocalOptions): Executor {
  return queue ?? localExecutor(local);
}
