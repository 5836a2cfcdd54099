import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { decodeJson, encodeJson, jobId } from './jobs.js';
import type { Executor } from './local-executor.js';
import { checkQueueUrl, QueueUnreachableError } from './queue-errors.js';
import { reviveError, type SerializedError } from './worker-errors.js';

export { QueueUrlError } from './queue-errors.js';

/** The default BullMQ queue name of experiment jobs. */
export const DEFAULT_QUEUE_NAME = 'pathnet-jobs';

/** How long {@link queueExecutor} and `serveQueue` wait for Redis to answer at the start, seconds. */
export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

/** What a queued job carries: its kind and its parameters as {@link encodeJson} text. */
export interface QueuedJobData {
  kind: string;
  params: string;
  /**
   * Modules that register `kind`, as the app that queued the job gave them
   * ({@link QueueOptions.plugins}); a worker that lacks the kind names them.
   */
  plugins?: string[];
  /** The error of the job's last failed attempt, with its class name and fields (set by the worker). */
  error?: SerializedError;
}

/**
 * Checks a connection timeout in seconds (a positive finite number).
 * @throws {TypeError} naming the value otherwise.
 */
export function checkConnectTimeout(seconds: number): number {
  if (!(seconds > 0) || !Number.isFinite(seconds)) {
    throw new TypeError(
      `connectTimeoutSeconds must be a positive number of seconds, got ${seconds}`,
    );
  }
  return seconds;
}

/**
 * Waits until a BullMQ client (a `Queue` or `Worker`) is connected to Redis,
 * at most `seconds`; the client keeps its own reconnection afterwards.
 *
 * @param url - the Redis URL, for the message.
 * @param lastError - the client's last connection error so far (`''` for none), for the message.
 * @throws {QueueUnreachableError} if it is not connected within `seconds` (the
 *   caller closes the client).
 */
export async function readyWithin(
  client: { waitUntilReady(): Promise<unknown> },
  url: string,
  seconds: number,
  lastError: () => string,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), seconds * 1000);
  });
  try {
    const outcome = await Promise.race([
      client.waitUntilReady().then(() => 'ready' as const),
      timeout,
    ]);
    if (outcome === 'timeout') throw new QueueUnreachableError(url, seconds, lastError());
  } finally {
    clearTimeout(timer);
  }
}

/**
 * BullMQ connection options for a Redis URL (`redis://[user:password@]host:port[/db]`,
 * `rediss://` for TLS). Commands wait for a lost connection to come back
 * instead of failing (`maxRetriesPerRequest: null`), so a Redis restart pauses
 * a sweep rather than ending it.
 * @throws {QueueUrlError} naming the URL and what was expected.
 */
export function redisConnection(url: string) {
  checkQueueUrl(url);
  return { url, maxRetriesPerRequest: null };
}

/** Where a {@link queueExecutor} sends jobs. */
export interface QueueOptions {
  /** The Redis server, e.g. `redis://127.0.0.1:6379`. */
  url: string;
  /** BullMQ queue name shared with the workers (default {@link DEFAULT_QUEUE_NAME}). */
  queueName?: string;
  /** Attempts per job before it fails for good: a job that throws is retried this often (default 3). */
  attempts?: number;
  /** How often finished jobs are collected, milliseconds (default 250). */
  pollMs?: number;
  /**
   * Seconds to wait for Redis to answer at the start (default
   * {@link DEFAULT_CONNECT_TIMEOUT_SECONDS}); then the run fails with a
   * {@link QueueUnreachableError}. Once connected, a lost connection is waited for.
   */
  connectTimeoutSeconds?: number;
  /**
   * Modules that register the jobs' kind (paths or `file:` URLs, e.g. the app's
   * `job.js`), sent with each job: a `pathnet-worker` that lacks the kind names
   * them as the `--plugin` to start it with. Default none (the built-in kinds need none).
   */
  plugins?: readonly string[];
  /**
   * Where connection trouble after the first connection is told (e.g. Redis gone; the
   * run waits for it to come back); default standard error. A repeated message is told
   * once. Trouble before the first connection is not told here: it ends in the refusal
   * ({@link QueueUnreachableError}), whose message names it.
   */
  log?: (line: string) => void;
}

/**
 * Runs jobs through BullMQ on Redis: enqueues each job under its
 * deterministic id ({@link jobId}), so a job already queued (by an earlier,
 * interrupted run) is not queued twice, and waits while `pathnet-worker`
 * processes on any machines run them. Each finished job's record is reported
 * once, then the job is removed from Redis. A worker that dies mid-job
 * leaves its job stalled; BullMQ hands it to another worker once the lock
 * expires. A job that throws is retried up to `attempts` times, then the run
 * fails with its error, re-created with its class and fields as the worker's
 * thread threw it (`reviveError`; a class no `@pathnet` package exports becomes an
 * `Error` of the same name), its message prefixed with the job and its attempts
 * (a later run retries it again). Progress events stay on the workers.
 *
 * Redis must answer within `connectTimeoutSeconds` (10 s): {@link Executor.check}
 * (which `runExperiment` calls before it takes the results folder) and `run` fail
 * with a {@link QueueUnreachableError} otherwise, a subclass of {@link QueueUrlError}.
 *
 * @throws {QueueUrlError} for a malformed URL (before connecting).
 * @throws {TypeError} for a `connectTimeoutSeconds` that is not a positive number.
 */
export function queueExecutor(options: QueueOptions): Executor {
  const connection = redisConnection(options.url);
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const attempts = options.attempts ?? 3;
  const pollMs = options.pollMs ?? 250;
  const seconds = checkConnectTimeout(
    options.connectTimeoutSeconds ?? DEFAULT_CONNECT_TIMEOUT_SECONDS,
  );
  const plugins = [...(options.plugins ?? [])];
  const log = options.log ?? ((line: string) => console.error(line));
  /** A queue client that tells connection trouble once per message, and whether it is connected yet. */
  const open = () => {
    const queue = new Queue<QueuedJobData, string>(queueName, { connection });
    const state = { ready: false, lastError: '' };
    queue.on('error', (error) => {
      // Before the first connection the refusal names the error; afterwards the run waits.
      if (state.ready && error.message !== state.lastError) {
        log(`queue ${options.url}: ${error.message} (waiting)`);
      }
      state.lastError = error.message;
    });
    const ready = async () => {
      await readyWithin(queue, options.url, seconds, () => state.lastError);
      state.ready = true;
    };
    return { queue, state, ready };
  };
  return {
    description: `queue "${queueName}" on ${options.url}`,
    async check() {
      const { queue, ready } = open();
      try {
        await ready();
      } finally {
        await queue.close();
      }
    },
    async run(jobs, events) {
      const { queue, state, ready } = open();
      try {
        await ready();
        const pending = new Map(jobs.map((job) => [jobId(job), job]));
        const enqueue = (ids: readonly string[]) =>
          queue.addBulk(
            ids.map((id) => {
              const job = pending.get(id)!;
              return {
                name: job.kind,
                data: {
                  kind: job.kind,
                  params: encodeJson(job.params),
                  ...(plugins.length > 0 && { plugins }),
                },
                opts: {
                  jobId: id,
                  attempts,
                  backoff: { type: 'fixed', delay: 1000 },
                  removeOnComplete: false,
                  removeOnFail: false,
                },
              };
            }),
          );
        await enqueue([...pending.keys()]);
        // Jobs that failed for good in an earlier run get their attempts again.
        for (const failed of await queue.getJobs(['failed'])) {
          if (failed.id !== undefined && pending.has(failed.id)) await failed.retry('failed');
        }
        while (pending.size > 0) {
          for (const [id, job] of pending) {
            const queued = await queue.getJob(id);
            if (queued === undefined) {
              // Gone (e.g. a Redis restarted without persistence): queue it again.
              await enqueue([id]);
              continue;
            }
            if (queued.finishedOn === undefined) continue;
            if (queued.failedReason !== undefined && (await queued.getState()) === 'failed') {
              const message = `job ${id} (${job.kind}) failed after ${queued.attemptsMade} attempt(s): ${queued.failedReason}`;
              const thrown = queued.data.error;
              // The worker's error with its class and fields, as a local run would throw it.
              throw thrown === undefined ? new Error(message) : reviveError({ ...thrown, message });
            }
            if (typeof queued.returnvalue !== 'string') continue;
            state.lastError = '';
            await events.record(job, decodeJson(queued.returnvalue));
            pending.delete(id);
            await queued.remove();
          }
          if (pending.size > 0) await sleep(pollMs);
        }
      } finally {
        await queue.close();
      }
    },
  };
}

/**
 * The executor of an app's `--queue`, its Redis checked before anything is written
 * ({@link Executor.check}); undefined when the command line gave no queue.
 * @param url - `--queue`'s value, or undefined.
 * @param plugins - modules that register the jobs' kind, sent with each job.
 * @throws {QueueUrlError} for a malformed URL; {@link QueueUnreachableError} when no
 *   Redis answers within the connection timeout.
 */
export async function checkedQueue(
  url: string | undefined,
  plugins: readonly string[] = [],
): Promise<Executor | undefined> {
  if (url === undefined) return undefined;
  const queue = queueExecutor({ url, plugins });
  await queue.check?.();
  return queue;
}
