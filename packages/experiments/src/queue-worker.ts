import { Worker } from 'bullmq';
import { decodeJson, encodeJson } from './jobs.js';
import { JobPool } from './pool.js';
import { DEFAULT_QUEUE_NAME, type QueuedJobData, redisConnection } from './queue-executor.js';

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
  /** Where lines about jobs starting, finishing and failing go (default: none). */
  log?: (line: string) => void;
}

/** A running {@link serveQueue}. */
export interface QueueServer {
  /** Stops taking jobs; with `force`, without waiting for running ones (they are retried elsewhere). */
  close(force?: boolean): Promise<void>;
}

/**
 * Takes jobs from the BullMQ queue on Redis and runs them in worker threads
 * of this process, returning each record to the queue (what the
 * `pathnet-worker` command runs; any number of them, on any machines, may
 * serve one queue). Jobs run off the main thread, so BullMQ keeps renewing
 * their locks however long they compute. A job's thread that throws fails
 * that attempt (BullMQ retries it); the job kinds come from the built-ins
 * and `plugins`.
 *
 * @throws {QueueUrlError} for a malformed URL; {@link TypeError} for a bad thread count.
 */
export async function serveQueue(options: ServeOptions): Promise<QueueServer> {
  const connection = redisConnection(options.url);
  const threads = options.threads ?? 1;
  const log = options.log ?? (() => {});
  const pool = new JobPool({
    threads,
    ...(options.backend !== undefined && { backend: options.backend }),
    ...(options.plugins !== undefined && { plugins: options.plugins }),
  });
  const worker = new Worker<QueuedJobData, string>(
    options.queueName ?? DEFAULT_QUEUE_NAME,
    async (job) => {
      const started = performance.now();
      const stalled =
        job.stalledCounter > 0 ? `, taken over after ${job.stalledCounter} stall(s)` : '';
      log(`start ${job.id} (${job.data.kind}, attempt ${job.attemptsMade + 1}${stalled})`);
      const record = await pool.run({ kind: job.data.kind, params: decodeJson(job.data.params) });
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
  worker.on('error', (error) => log(`queue: ${error.message}`));
  await worker.waitUntilReady();
  return {
    async close(force = false) {
      await worker.close(force);
      await pool.close();
    },
  };
}
