import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { decodeJson, encodeJson, jobId } from './jobs.js';
import type { Executor } from './local-executor.js';

/** The default BullMQ queue name of experiment jobs. */
export const DEFAULT_QUEUE_NAME = 'pathnet-jobs';

/** Thrown for a `--queue` address that is not a `redis://` or `rediss://` URL. */
export class QueueUrlError extends Error {
  override readonly name = 'QueueUrlError';
}

/** What a queued job carries: its kind and its parameters as {@link encodeJson} text. */
export interface QueuedJobData {
  kind: string;
  params: string;
}

/**
 * BullMQ connection options for a Redis URL (`redis://[user:password@]host:port[/db]`,
 * `rediss://` for TLS). Commands wait for a lost connection to come back
 * instead of failing (`maxRetriesPerRequest: null`), so a Redis restart pauses
 * a sweep rather than ending it.
 * @throws {QueueUrlError} naming the URL and what was expected.
 */
export function redisConnection(url: string) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueUrlError(`--queue expects a URL like redis://127.0.0.1:6379, got "${url}"`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new QueueUrlError(
      `--queue expects a redis:// or rediss:// URL, got "${url}" (protocol ${parsed.protocol})`,
    );
  }
  if (parsed.hostname === '') {
    throw new QueueUrlError(`--queue ${url}: the URL names no host`);
  }
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
   * Where connection trouble is told (e.g. Redis unreachable; the run waits
   * for it to come back); default standard error. A repeated message is told once.
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
 * fails with its reason (a later run retries it again). Progress events stay on the workers.
 *
 * @throws {QueueUrlError} for a malformed URL (before connecting).
 */
export function queueExecutor(options: QueueOptions): Executor {
  const connection = redisConnection(options.url);
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const attempts = options.attempts ?? 3;
  const pollMs = options.pollMs ?? 250;
  const log = options.log ?? ((line: string) => console.error(line));
  return {
    description: `queue "${queueName}" on ${options.url}`,
    async run(jobs, events) {
      const queue = new Queue<QueuedJobData, string>(queueName, { connection });
      let lastError = '';
      queue.on('error', (error) => {
        if (error.message !== lastError) log(`queue ${options.url}: ${error.message} (waiting)`);
        lastError = error.message;
      });
      try {
        await queue.waitUntilReady();
        const pending = new Map(jobs.map((job) => [jobId(job), job]));
        const enqueue = (ids: readonly string[]) =>
          queue.addBulk(
            ids.map((id) => {
              const job = pending.get(id)!;
              return {
                name: job.kind,
                data: { kind: job.kind, params: encodeJson(job.params) },
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
              throw new Error(
                `job ${id} (${job.kind}) failed after ${queued.attemptsMade} attempt(s): ${queued.failedReason}`,
              );
            }
            if (typeof queued.returnvalue !== 'string') continue;
            lastError = '';
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
