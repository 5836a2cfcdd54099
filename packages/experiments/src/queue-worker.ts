import { type Job as BullJob, Queue, WaitingError, Worker } from 'bullmq';
import { decodeJson, encodeJson, jobKinds } from './jobs.js';
import { JobPool } from './pool.js';
import { JobKindUnavailableError } from './queue-errors.js';
import {
  checkConnectTimeout,
  DEFAULT_CONNECT_TIMEOUT_SECONDS,
  DEFAULT_QUEUE_NAME,
  type QueuedJobData,
  readyWithin,
  redisConnection,
} from './queue-executor.js';
import { serializeError } from './worker-errors.js';

/** Job states whose jobs a worker may take: those of the start-up check. */
const TO_RUN = ['waiting', 'prioritized', 'delayed', 'active'] as const;

/** Jobs looked at by the start-up check, at most. */
const CHECKED_JOBS = 1000;

/** How {@link serveQueue} takes and runs jobs. */
export interface ServeOptions {
  /** The Redis server, e.g. `redis://127.0.0.1:6379`. */
  url: string;
  /** BullMQ queue name (default {@link DEFAULT_QUEUE_NAME}); the experiment's. */
  queueName?: string;
  /** Jobs at once, each in its own worker thread (default 1). */
  threads?: number;
  /** Tensor backend of the threads; default the best available. */
  backend?: string;
  /** Modules each thread imports first: the registrations of the job kinds, tasks and operators the jobs use. */
  plugins?: readonly string[];
  /**
   * Seconds a job's lock lasts without renewal (default 30): how long a
   * crashed worker's job waits before another worker takes it over.
   */
  lockSeconds?: number;
  /** Seconds between checks for stalled jobs, those of crashed workers (default 30). */
  stalledSeconds?: number;
  /** Times a job may stall (its worker crash) before it fails (default 5). */
  maxStalled?: number;
  /**
   * Seconds to wait for Redis to answer at the start (default
   * {@link DEFAULT_CONNECT_TIMEOUT_SECONDS}); then `serveQueue` fails with a
   * `QueueUnreachableError`. Once connected, a lost connection is waited for.
   */
  connectTimeoutSeconds?: number;
  /** Where lines about jobs starting, finishing and failing go (default: none). */
  log?: (line: string) => void;
}

/** A running {@link serveQueue}. */
export interface QueueServer {
  /** Stops taking jobs; with `force`, without waiting for running ones (they are retried elsewhere). */
  close(force?: boolean): Promise<void>;
  /**
   * Settles once the server has stopped: resolves after {@link QueueServer.close}; rejects
   * with a {@link JobKindUnavailableError} once it took a job of a kind it cannot run (that
   * job went back to the queue without spending an attempt, the server took no more jobs,
   * finished its running ones and closed).
   */
  readonly stopped: Promise<void>;
}

/** The kind of the first of `jobs` that this process has not registered, with the job's plugin hint. */
function firstUnknown(
  jobs: ReadonlyArray<Pick<BullJob<QueuedJobData>, 'data'> | undefined>,
): JobKindUnavailableError | undefined {
  const known = jobKinds();
  for (const job of jobs) {
    const kind = job?.data?.kind;
    if (typeof kind === 'string' && !known.includes(kind)) {
      return new JobKindUnavailableError(kind, job?.data.plugins ?? [], known);
    }
  }
  return undefined;
}

/**
 * Takes jobs from the BullMQ queue on Redis and runs them in worker threads
 * of this process, returning each record to the queue (what the
 * `pathnet-worker` command runs; any number of them, on any machines, may
 * serve one queue). Jobs run off the main thread, so BullMQ keeps renewing
 * their locks however long they compute. A job's thread that throws fails
 * that attempt (BullMQ retries it); the error goes with the job, class name and
 * fields included (`serializeError`), so that the app that queued it throws it
 * with its class. The job kinds come from the built-ins and `plugins`, which
 * this thread imports too, to know them.
 *
 * A job of a kind that none of them registers is refused, not failed: at the start,
 * when the queue already holds one (the server does not start); later, when it
 * takes one (the job goes back to the queue without spending an attempt and the
 * server stops: see {@link QueueServer.stopped}). Serve sweeps of different kinds
 * under different `queueName`s to give them different workers.
 *
 * @throws {QueueUrlError} for a malformed URL; `QueueUnreachableError` (a
 *   `QueueUrlError`) if Redis does not answer within `connectTimeoutSeconds`;
 *   {@link JobKindUnavailableError} naming a kind of a job already queued that no plugin
 *   registers (and the `--plugin` that does, where the job says); {@link TypeError} for
 *   a bad thread count or timeout; a plugin's error while importing it.
 */
export async function serveQueue(options: ServeOptions): Promise<QueueServer> {
  const connection = redisConnection(options.url);
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const threads = options.threads ?? 1;
  const seconds = checkConnectTimeout(
    options.connectTimeoutSeconds ?? DEFAULT_CONNECT_TIMEOUT_SECONDS,
  );
  const log = options.log ?? (() => {});
  if (!Number.isInteger(threads) || threads < 1) {
    throw new TypeError(`serveQueue: threads must be an integer ≥ 1, got ${threads}`);
  }
  // The threads import the plugins for themselves; this thread imports them to know their kinds.
  for (const plugin of options.plugins ?? []) await import(plugin);
  await refuseQueuedKinds(queueName, connection, options.url, seconds);

  const pool = new JobPool({
    threads,
    ...(options.backend !== undefined && { backend: options.backend }),
    ...(options.plugins !== undefined && { plugins: options.plugins }),
  });
  let refusal: JobKindUnavailableError | undefined;
  let closing: Promise<void> | undefined;
  let settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const stopped = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A caller that never awaits `stopped` gets no unhandled rejection from it.
  stopped.catch(() => {});
  const close = (force = false): Promise<void> => {
    closing ??= (async () => {
      try {
        await worker.close(force);
      } finally {
        await pool.close();
        if (refusal === undefined) settle?.resolve();
        else settle?.reject(refusal);
      }
    })();
    return closing;
  };
  const worker = new Worker<QueuedJobData, string>(
    queueName,
    async (job, token) => {
      const unknown = firstUnknown([job]);
      if (unknown !== undefined) {
        // Closing first, so that this worker fetches no job (this one included) again.
        refusal ??= unknown;
        log(`refused ${job.id}: ${unknown.message}`);
        void close();
        await job.moveToWait(token);
        throw new WaitingError();
      }
      const started = performance.now();
      const stalled =
        job.stalledCounter > 0 ? `, taken over after ${job.stalledCounter} stall(s)` : '';
      log(`start ${job.id} (${job.data.kind}, attempt ${job.attemptsMade + 1}${stalled})`);
      let record: unknown;
      try {
        record = await pool.run({ kind: job.data.kind, params: decodeJson(job.data.params) });
      } catch (error) {
        // The error with its class name and fields, for the app that queued the job.
        await job.updateData({ ...job.data, error: serializeError(error) });
        throw error;
      }
      log(`done ${job.id} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return encodeJson(record);
    },
    {
      connection,
      concurrency: threads,
      lockDuration: (options.lockSeconds ?? 30) * 1000,
      stalledInterval: (options.stalledSeconds ?? 30) * 1000,
      maxStalledCount: options.maxStalled ?? 5,
    },
  );
  worker.on('failed', (job, error) => log(`failed ${job?.id}: ${error.message}`));
  // Connection errors while Redis is away; the client reconnects by itself.
  let lastError = '';
  worker.on('error', (error) => {
    lastError = error.message;
    log(`queue: ${error.message}`);
  });
  try {
    await readyWithin(worker, options.url, seconds, () => lastError);
  } catch (error) {
    await close(true);
    throw error;
  }
  return { close, stopped };
}

/**
 * Refuses to serve a queue that already holds a job of a kind this process
 * has not registered (up to {@link CHECKED_JOBS} jobs of each state looked at).
 * @throws {QueueUnreachableError} if Redis does not answer within `seconds`;
 *   {@link JobKindUnavailableError} for such a job.
 */
async function refuseQueuedKinds(
  queueName: string,
  connection: ReturnType<typeof redisConnection>,
  url: string,
  seconds: number,
): Promise<void> {
  const queue = new Queue<QueuedJobData, string>(queueName, { connection });
  let lastError = '';
  queue.on('error', (error) => {
    lastError = error.message;
  });
  try {
    await readyWithin(queue, url, seconds, () => lastError);
    for (const state of TO_RUN) {
      const unknown = firstUnknown(await queue.getJobs([state], 0, CHECKED_JOBS - 1));
      if (unknown !== undefined) throw unknown;
    }
  } finally {
    await queue.close();
  }
}
