import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { queueExecutor } from '@pathnet/experiments';
import {
  redisUnavailable,
  startWorker as startQueueWorker,
  startRedis,
  type TestRedis,
  type TestWorker,
  WORKER_BIN,
} from '@pathnet/experiments/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_PLUGIN, syntheticRun } from './workers.js';

/** Runs `pathnet-worker` with `args` to its exit (no Redis is reached: it stops before connecting). */
const runWorker = (args: readonly string[]) =>
  spawnSync(process.execPath, [WORKER_BIN, '--queue', 'redis://127.0.0.1:1', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('pathnet-worker --plugin', () => {
  it('a plugin path that does not exist exits 2 naming the flag and the path, before serving', () => {
    const missing = path.join(mkdtempSync(path.join(tmpdir(), 'worker-plugin-')), 'absent.mjs');
    const run = runWorker(['--plugin', missing]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`pathnet-worker: --plugin ${missing}: no such file`);
    expect(run.stdout).not.toMatch(/serving queue/);
  });

  it('a plugin that throws while loading exits 2 naming the flag, the path and its error', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'worker-plugin-')), 'broken.mjs');
    writeFileSync(file, "throw new Error('broken plugin');\n");
    const run = runWorker(['--plugin', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`--plugin ${file}: failed while loading: broken plugin`);
    expect(run.stdout).not.toMatch(/serving queue/);
  });
});

const unavailable = redisUnavailable();

describe.skipIf(unavailable !== null)(
  `pathnet-worker --plugin on a real redis-server${unavailable === null ? '' : ` (skipped: ${unavailable})`}`,
  () => {
    let redis: TestRedis;
    let worker: TestWorker | undefined;
    beforeAll(async () => {
      // This process computes the jobs' keys, so it needs the kind too.
      await import(pathToFileURL(SYNTHETIC_PLUGIN).href);
      redis = await startRedis();
    }, 30_000);
    afterAll(async () => {
      await worker?.stop();
      await redis?.stop();
    }, 30_000);

    it('runs the jobs of a kind that a plugin given by a relative path registers', async () => {
      // Relative to the working folder, as a user types it.
      const relative = `.${path.sep}${path.relative(process.cwd(), SYNTHETIC_PLUGIN)}`;
      worker = startQueueWorker(redis.url, [relative]);
      await worker.waitFor(/serving queue/);
      const queued = await syntheticRun([7, 8], queueExecutor({ url: redis.url }));
      expect(queued.complete).toBe(true);
      expect(queued.seeds.map((r) => r.seed)).toEqual([7, 8]);
      expect(worker.output()).toMatch(/done test-synthetic-/);
    }, 60_000);
  },
);
