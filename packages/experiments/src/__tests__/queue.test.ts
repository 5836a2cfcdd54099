import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
// The built package, as `pathnet-worker` runs it.
import {
  type Executor,
  loadResults,
  localExecutor,
  newResults,
  planTransfer,
  queueExecutor,
  type ResultsFile,
  runExperiment,
  type SeedRecord,
} from '@pathnet/experiments';
import { redisUnavailable, startRedis } from '@pathnet/experiments/testing';
import { enableRelaxedSimd } from '@pathnet/kernels';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedRedis } from './shared-redis.js';
import { tinySettings, tinyTaskA, tinyTaskB } from './tiny-protocol.js';
import { SYNTHETIC_PLUGIN, type Synthetic, startWorker, syntheticRun } from './workers.js';

const unavailable = redisUnavailable();
const seeds = [1, 2, 3, 4, 5, 6];

// The local runs the results are compared with run the synthetic kind in this thread.
beforeAll(async () => {
  await import(pathToFileURL(SYNTHETIC_PLUGIN).href);
});

const skipped = (name: string) =>
  unavailable === null ? name : `${name} (skipped: ${unavailable})`;

describe.skipIf(unavailable !== null)(skipped('the BullMQ queue on a real redis-server'), () => {
  const redis = sharedRedis();
  const { workers } = redis;

  it('two pathnet-worker processes give the results of a local run', async () => {
    workers.push(startWorker(redis.url), startWorker(redis.url));
    // Both take jobs from the start (each fetches one as soon as it serves).
    await Promise.all(workers.map((w) => w.waitFor(/serving queue/)));
    const local = await syntheticRun(seeds, undefined, 50);
    const queued = await syntheticRun(seeds, queueExecutor({ url: redis.url }), 50);
    expect(queued.complete).toBe(true);
    expect(queued.seeds).toEqual(local.seeds);
    expect(queued.summary).toEqual(local.summary);
    // Both workers took jobs.
    for (const w of workers) expect(w.output()).toMatch(/start test-synthetic-/);
    // Finished jobs leave the queue: running the same jobs again runs them again.
    const again = await syntheticRun(seeds.slice(0, 2), queueExecutor({ url: redis.url }), 50);
    expect(again.seeds).toEqual(local.seeds.slice(0, 2));
  }, 60_000);

  it('pathnet/transfer repetitions through the queue give the records of the local phase schedule', async () => {
    // The workers run the relaxed-SIMD kernels; so does this process's local run.
    enableRelaxedSimd();
    const jobs = [1, 2].map((seed) => ({
      plan: planTransfer(seed, tinyTaskA, tinyTaskB),
      settings: tinySettings,
    }));
    const run = (executor: Executor) =>
      runExperiment({
        out: mkdtempSync(path.join(tmpdir(), 'queue-transfer-')),
        results: newResults('test/transfer@1', {}),
        jobs,
        summarise: (records) => records.length,
        executor,
      });
    const strip = (records: readonly SeedRecord[]) =>
      records.map(({ wallSeconds: _, ...rest }) => rest);
    const local = await run(localExecutor({ workers: 2 }));
    const queued = await run(queueExecutor({ url: redis.url }));
    expect(strip(queued.seeds)).toEqual(strip(local.seeds));
    expect(queued.seeds.map((r) => r.seed)).toEqual([1, 2]);
  }, 90_000);

  it('a resumed run queues only the jobs missing from results.json', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'queue-resume-'));
    const run = (seedList: number[], results: ResultsFile<unknown, number, Synthetic>) =>
      runExperiment<unknown, number, { seed: number; ms: number }, Synthetic, unknown>({
        out,
        results,
        kind: 'test/synthetic',
        jobs: seedList.map((seed) => ({ seed, ms: 10 })),
        summarise: (records) => records.length,
        executor: queueExecutor({ url: redis.url }),
      });
    const starts = () => workers.map((w) => w.output().match(/start /g)?.length ?? 0);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    await run([11, 12], newResults('test/synthetic@1', {}));
    const before = sum(starts());
    const resumed = await run([11, 12, 13], await loadResults(out, 'test/synthetic@1'));
    expect(resumed.seeds.map((r) => r.seed)).toEqual([11, 12, 13]);
    expect(sum(starts()) - before).toBe(1);
  }, 60_000);

  it('a failing job fails the run with its reason after its attempts', async () => {
    await expect(
      runExperiment({
        out: mkdtempSync(path.join(tmpdir(), 'queue-fail-')),
        results: newResults('x', {}),
        kind: 'test/synthetic',
        jobs: [{ seed: 9, ms: 1, fail: true }],
        summarise: () => 0,
        executor: queueExecutor({ url: redis.url, attempts: 2 }),
      }),
    ).rejects.toThrow(/failed after 2 attempt\(s\): synthetic failure for seed 9/);
  }, 60_000);
});

describe.skipIf(unavailable !== null)(skipped('fault tolerance on a real redis-server'), () => {
  it('a worker killed with SIGKILL mid-job: its job is retried on the other, results equal a local run', async () => {
    const redis = await startRedis();
    const a = startWorker(redis.url);
    const b = startWorker(redis.url);
    try {
      await Promise.all([a, b].map((w) => w.waitFor(/serving queue/)));
      const local = await syntheticRun(seeds, undefined, 1000);
      const run = syntheticRun(seeds, queueExecutor({ url: redis.url }), 1000);
      const [, killedJob] = (await a.waitFor(/start (\S+)/)) as RegExpMatchArray;
      a.process.kill('SIGKILL');
      const queued = await run;
      expect(queued.complete).toBe(true);
      expect(queued.seeds).toEqual(local.seeds);
      // The job the killed worker had started ran again on the other worker.
      expect(b.output()).toContain(`start ${killedJob}`);
      console.log(
        `killed worker's job ${killedJob}; surviving worker's log:\n${b.output().trim()}`,
      );
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await redis.stop();
    }
  }, 90_000);

  it('redis-server restarted mid-sweep (append-only file on): the sweep completes with the same results', async () => {
    const redis = await startRedis(true);
    const worker = startWorker(redis.url);
    try {
      const local = await syntheticRun(seeds, undefined, 300);
      const run = syntheticRun(seeds, queueExecutor({ url: redis.url }), 300);
      await worker.waitFor(/done [\s\S]*done /);
      await redis.stop();
      await redis.start();
      const queued = await run;
      expect(queued.complete).toBe(true);
      expect(queued.seeds).toEqual(local.seeds);
    } finally {
      await worker.stop();
      await redis.stop();
    }
  }, 90_000);
});
