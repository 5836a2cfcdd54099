import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DataFormatError } from '@pathnet/envs';
// The built package, as `pathnet-worker` runs it.
import {
  JobKindUnavailableError,
  jobId,
  newResults,
  QueueUnreachableError,
  QueueUrlError,
  queueExecutor,
  redisStartCommand,
  runExperiment,
} from '@pathnet/experiments';
import {
  redisUnavailable,
  startWorker,
  type TestWorker,
  WORKER_BIN,
} from '@pathnet/experiments/testing';
import { Queue } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedRedis } from './shared-redis.js';
import { SYNTHETIC_PLUGIN, syntheticRun } from './workers.js';

const DATA_ERROR_PLUGIN = fileURLToPath(new URL('./fixtures/data-error-kind.mjs', import.meta.url));

/** A port where nothing listens: connections are refused at once. */
const NO_REDIS = 'redis://127.0.0.1:1';

describe('a --queue where no Redis answers', () => {
  it('the command that starts Redis names the port, and the host where it is not this machine', () => {
    expect(redisStartCommand('redis://127.0.0.1:6390')).toBe('redis-server --port 6390');
    expect(redisStartCommand('redis://localhost')).toBe('redis-server --port 6379');
    expect(redisStartCommand('redis://:pw@10.0.0.5:7000/2')).toBe(
      'redis-server --port 7000 --bind 10.0.0.5',
    );
  });

  it('runExperiment fails after the 10 s connection timeout with a QueueUnreachableError saying how to start Redis, and leaves --out as it was', async () => {
    await import(pathToFileURL(SYNTHETIC_PLUGIN).href);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'queue-unreachable-')), 'run');
    const lines: string[] = [];
    const started = performance.now();
    const error = await runExperiment({
      out,
      results: newResults('test/synthetic@1', {}),
      kind: 'test/synthetic',
      jobs: [{ seed: 1, ms: 1 }],
      summarise: () => 0,
      executor: queueExecutor({ url: NO_REDIS, log: (line) => lines.push(line) }),
    }).catch((e: unknown) => e);
    const seconds = (performance.now() - started) / 1000;
    expect(error).toBeInstanceOf(QueueUnreachableError);
    // Code that maps QueueUrlError to exit 2 (every app's) covers it.
    expect(error).toBeInstanceOf(QueueUrlError);
    expect((error as Error).message).toBe(
      `--queue ${NO_REDIS}: no Redis server answered within 10 s (connect ECONNREFUSED 127.0.0.1:1); ` +
        'start one with: redis-server --port 1, or give the --queue of a running one',
    );
    // It waited the timeout out (no upper bound: a loaded machine only makes it later).
    expect(seconds).toBeGreaterThanOrEqual(9.5);
    expect(existsSync(out)).toBe(false);
    // Nothing else was told: the refusal alone names the cause, so an app prints one line.
    expect(lines).toEqual([]);
  }, 30_000);

  it('a shorter connectTimeoutSeconds is kept; a timeout that is not a positive number is refused', async () => {
    const executor = queueExecutor({ url: NO_REDIS, connectTimeoutSeconds: 1, log: () => {} });
    await expect(executor.check?.()).rejects.toThrow(/no Redis server answered within 1 s/);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => queueExecutor({ url: NO_REDIS, connectTimeoutSeconds: bad })).toThrow(TypeError);
    }
  }, 30_000);

  it('pathnet-worker gives up after its connection timeout, exits 2 saying how to start Redis, without serving', () => {
    // No wall-clock bound here (timings live in benchmarks/): the message names the 10 s
    // timeout the worker waited for, and the process ends on its own with exit code 2.
    const run = spawnSync(process.execPath, [WORKER_BIN, '--queue', NO_REDIS], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(
      `pathnet-worker: --queue ${NO_REDIS}: no Redis server answered within 10 s (connect ECONNREFUSED 127.0.0.1:1); ` +
        'start one with: redis-server --port 1, or give the --queue of a running one',
    );
    expect(run.stdout).not.toMatch(/serving queue/);
  }, 150_000);
});

const unavailable = redisUnavailable();

describe.skipIf(unavailable !== null)(
  `pathnet-worker and job kinds on a real redis-server${unavailable === null ? '' : ` (skipped: ${unavailable})`}`,
  () => {
    beforeAll(async () => {
      // This process computes the jobs' keys, so it needs the kinds too.
      await import(pathToFileURL(SYNTHETIC_PLUGIN).href);
      await import(pathToFileURL(DATA_ERROR_PLUGIN).href);
    }, 30_000);
    const redis = sharedRedis();
    const { workers } = redis;
    /** A worker on its own queue, importing `plugins`. */
    const worker = (queueName: string, plugins: readonly string[] = []) => {
      const w = startWorker(redis.url, plugins, ['--queue-name', queueName]);
      workers.push(w);
      return w;
    };
    const exitOf = (w: TestWorker) =>
      new Promise<number | null>((resolve) => {
        if (w.process.exitCode !== null) resolve(w.process.exitCode);
        else w.process.once('exit', (code) => resolve(code));
      });
    const synthetic = { kind: 'test/synthetic', params: { seed: 5, ms: 10 } };
    const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    /** The refusal's line; the built-in kinds the worker has are listed between the parentheses. */
    const refusal = new RegExp(
      `^${literal('pathnet-worker: the queue holds jobs of kind "test/synthetic", which this worker cannot run: no --plugin it was given registers it (it has ')}` +
        `[^)]*pathnet/transfer[^)]*` +
        literal(
          `); start pathnet-worker with --plugin ${SYNTHETIC_PLUGIN} (the module the app that queued it registers it with; the path is on that machine)`,
        ) +
        '$',
      'm',
    );

    /** The synthetic job queued under `queueName` (with its plugin named), not yet run. */
    const queueSynthetic = (queueName: string) =>
      syntheticRun(
        [synthetic.params.seed],
        queueExecutor({ url: redis.url, queueName, plugins: [SYNTHETIC_PLUGIN] }),
        synthetic.params.ms,
      );
    const queuedJob = async (queueName: string) => {
      const queue = new Queue(queueName, { connection: { url: redis.url } });
      try {
        for (;;) {
          const job = await queue.getJob(jobId(synthetic));
          if (job !== undefined) return { state: await job.getState(), attempts: job.attemptsMade };
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        await queue.close();
      }
    };

    it('a worker without the kind refuses at start-up a queue that holds its jobs, naming the --plugin', async () => {
      const queueName = 'refuse-at-start';
      const run = queueSynthetic(queueName);
      expect(await queuedJob(queueName)).toEqual({ state: 'waiting', attempts: 0 });
      const lacking = worker(queueName);
      expect(await exitOf(lacking)).toBe(2);
      expect(lacking.output().trim()).toMatch(refusal);
      expect(lacking.output().trim().split('\n')).toHaveLength(1);
      // The job is untouched; a worker with the plugin runs it.
      expect(await queuedJob(queueName)).toEqual({ state: 'waiting', attempts: 0 });
      worker(queueName, [SYNTHETIC_PLUGIN]);
      const done = await run;
      expect(done.complete).toBe(true);
      expect(done.seeds.map((r) => r.seed)).toEqual([5]);
    }, 60_000);

    it('a serving worker given a job of a kind it lacks puts it back unattempted and exits 2', async () => {
      const queueName = 'refuse-when-taken';
      const lacking = worker(queueName);
      await lacking.waitFor(/serving queue/);
      const run = queueSynthetic(queueName);
      expect(await exitOf(lacking)).toBe(2);
      expect(lacking.output()).toMatch(refusal);
      expect(lacking.output()).not.toMatch(/failed |start test-synthetic/);
      expect(await queuedJob(queueName)).toEqual({ state: 'waiting', attempts: 0 });
      const able = worker(queueName, [SYNTHETIC_PLUGIN]);
      const done = await run;
      expect(done.seeds.map((r) => r.seed)).toEqual([5]);
      expect(able.output()).toMatch(/start test-synthetic-\S+ \(test\/synthetic, attempt 1\)/);
    }, 60_000);

    it('without the plugin named by the app, the refusal says what --plugin must name', async () => {
      const queueName = 'refuse-no-hint';
      const run = syntheticRun([6], queueExecutor({ url: redis.url, queueName }), 10);
      const lacking = worker(queueName);
      expect(await exitOf(lacking)).toBe(2);
      expect(lacking.output()).toContain(
        'start pathnet-worker with --plugin naming the module that registers it',
      );
      worker(queueName, [SYNTHETIC_PLUGIN]);
      expect((await run).complete).toBe(true);
    }, 60_000);

    /** What a run of `job` of `kind` on `queueName`, with `attempts` for it, fails with. */
    const failureOf = (queueName: string, kind: string, job: object, attempts: number) =>
      runExperiment({
        out: mkdtempSync(path.join(tmpdir(), `queue-${queueName}-`)),
        results: newResults('x', {}),
        kind,
        jobs: [job],
        summarise: () => 0,
        executor: queueExecutor({ url: redis.url, queueName, attempts }),
      }).catch((e: unknown) => e);

    it("a job's error reaches the app with its class and fields", async () => {
      const queueName = 'error-class';
      worker(queueName, [DATA_ERROR_PLUGIN]);
      const error = await failureOf(queueName, 'test/data-error', { file: '/d/train-images' }, 2);
      expect(error).toBeInstanceOf(DataFormatError);
      expect(error).toMatchObject({ name: 'DataFormatError', file: '/d/train-images' });
      expect((error as Error).message).toMatch(
        /^job test-data-error-\S+ \(test\/data-error\) failed after 2 attempt\(s\): \/d\/train-images: truncated: 3 bytes$/,
      );
    }, 60_000);

    it('an error of a class no package exports keeps its name and message', async () => {
      const queueName = 'error-plain';
      worker(queueName, [SYNTHETIC_PLUGIN]);
      const error = await failureOf(queueName, 'test/synthetic', { seed: 9, ms: 1, fail: true }, 1);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe('Error');
      expect((error as Error).message).toMatch(
        /failed after 1 attempt\(s\): synthetic failure for seed 9$/,
      );
    }, 60_000);
  },
);

describe('JobKindUnavailableError', () => {
  it('is exported for apps and names the kind, what the worker has and the fix', () => {
    const e = new JobKindUnavailableError('a/b', ['file:///x/job.js'], ['pathnet/transfer']);
    expect(e.name).toBe('JobKindUnavailableError');
    expect(e.kind).toBe('a/b');
    expect(e.message).toContain('--plugin /x/job.js');
    expect(e.message).toContain('(it has pathnet/transfer)');
  });
});
