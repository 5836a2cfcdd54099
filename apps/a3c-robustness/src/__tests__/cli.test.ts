import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  appCli,
  helpTest,
  redisUnavailable,
  refusalTests,
  startRedis,
  startWorker,
} from '@pathnet/experiments/testing';
import { describe, expect, it } from 'vitest';

const { cli, run } = appCli(import.meta.url);
const jobModule = fileURLToPath(new URL('../../dist/job.js', import.meta.url));
/** A 2×1 grid on Breakout, 1 seed, 600 frames: seconds. */
const tiny = ['--quick', '--entropy-costs', '0.01', '--frames', '600'];

describe('a3c-robustness CLI on bad input', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--learning-rates', '0.001,-1'], /--learning-rates must be > 0, got -1/],
    [['--entropy-costs', '0.5,0.5'], /--entropy-costs names "0.5" twice/],
    [['--entropy-costs', '0.5,1'], /--entropy-costs must be in \(0, 1\), got 1/],
    [['--games', 'minatar/Nope-v1'], /--games: unknown environment "minatar\/Nope-v1"/],
    [['--engine', 'cuda'], /--engine must be auto, fused or tfjs, got "cuda"/],
    [['--plugin', './no-such-plugin.mjs'], /--plugin \.\/no-such-plugin\.mjs: no such file/],
    [['--workers', '1'], /--workers must be an integer ≥ 2/],
    [['--fraction', '1.5'], /--fraction must be in \(0, 1\]/],
    [['--seeds', 'two'], /--seeds expects a number, got "two"/],
    [['--resume', '/nonexistent/sweep'], /no results file at/],
    [['--queue', 'localhost:6379'], /--queue expects a redis:\/\/ or rediss:\/\/ URL/],
    // Checked before start-up, not after the backend or the threads started.
    [['--backend', 'foo'], /unknown backend "foo"/],
    [['--backend', ''], /--backend expects a backend name, got ""/],
    [['--workers', '1e9'], /--workers must be an integer in \[2, \d+\] \(each A3C worker needs/],
    [['--threads', '1e9'], /--threads must be an integer in \[1, \d+\] \(each worker thread needs/],
    [
      ['--units', '1e9'],
      /--units must be an integer in \[1, \d+\] \(a module of U units holds U² weights/,
    ],
    [['--modules', '1e12'], /--modules must be an integer in \[1, \d+\] \(each module needs/],
    [
      ['--workers', '20000', '--threads', '64'],
      /--workers 20000: the run would need about .* lower --workers/,
    ],
  ];
  refusalTests(it, cli, cases, { queue: ['--quick'] });

  helpTest(it, cli, ['--learning-rates', '--entropy-costs', '--queue', '--plugin', '--engine']);

  it('sweeps a plugin environment with vector observations (--plugin, its id in --games) and keeps the plugin for --resume', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'a3c-robustness-plugin-')), 'run');
    const plugin = fileURLToPath(
      new URL('../../../binary-mnist/examples/corridor-plugin.mjs', import.meta.url),
    );
    const args = ['--plugin', plugin, '--games', 'plugin/Corridor-v0', '--seeds', '1'];
    const r = run(...tiny, ...args, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/robustness on plugin\/Corridor-v0/);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.config.plugins).toHaveLength(1);
    expect(results.seeds.map((s: { game: string }) => s.game)).toEqual(
      Array(results.seeds.length).fill('plugin/Corridor-v0'),
    );
    // --resume imports the recorded plugin (no --plugin given) and adds the seed asked for.
    const resumed = run('--resume', out, '--seeds', '2');
    expect(resumed.status, resumed.stderr).toBe(0);
    const after = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(after.seeds).toHaveLength(2 * results.seeds.length);
  }, 120_000);
});

describe('a3c-robustness CLI end to end (tiny budget)', () => {
  it('writes results.json with every cell, heatmaps and the sorted curve; --resume adds only the new seed', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'a3c-robustness-'));
    const first = run(...tiny, '--threads', '2', '--out', out);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/fraction of the 2×1 cells whose final score reaches 0.75/);
    // One seed gives no interval, and the heading does not promise one.
    expect(first.stdout).toMatch(/\(per game and seed; one seed: no interval\):/);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.complete).toBe(true);
    expect(results.seeds).toHaveLength(4); // 2 learning rates × 1 entropy cost × 2 methods
    for (const r of results.seeds) {
      expect(r.frames).toBeGreaterThanOrEqual(600);
      expect(Number.isFinite(r.finalScore) && Number.isFinite(r.auc)).toBe(true);
      expect(r.curve).toHaveLength(20);
    }
    for (const f of ['heatmap-Breakout.png', 'heatmap-Breakout.svg', 'sorted.png']) {
      expect(existsSync(path.join(out, f))).toBe(true);
    }

    const resumed = run('--resume', out, '--seeds', '2', '--threads', '1');
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/4 of 8 runs to do/);
    expect(resumed.stdout).toMatch(/\(per game and seed; mean over seeds, 95% CI\):/);
    const after = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(after.seeds).toHaveLength(8);
    // The first seed's records are kept as they were.
    expect(after.seeds.filter((r: { seed: number }) => r.seed === 1)).toEqual(results.seeds);
  }, 180_000);

  it('gives the same records in 1 and 2 worker threads (each run depends only on its seed)', () => {
    const a = mkdtempSync(path.join(tmpdir(), 'a3c-robustness-1-'));
    const b = mkdtempSync(path.join(tmpdir(), 'a3c-robustness-2-'));
    expect(run(...tiny, '--threads', '1', '--out', a).status).toBe(0);
    expect(run(...tiny, '--threads', '2', '--out', b).status).toBe(0);
    const seeds = (dir: string) =>
      JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')).seeds;
    expect(seeds(b)).toEqual(seeds(a));
  }, 180_000);
});

const unavailable = redisUnavailable();
describe.skipIf(unavailable !== null)(
  `a3c-robustness through BullMQ on a real redis-server${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    it('--queue with a pathnet-worker gives the records of a local run', async () => {
      const redis = await startRedis();
      const worker = startWorker(redis.url, [jobModule]);
      try {
        await worker.waitFor(/serving queue/);
        const local = mkdtempSync(path.join(tmpdir(), 'a3c-robustness-local-'));
        const queued = mkdtempSync(path.join(tmpdir(), 'a3c-robustness-queued-'));
        expect(run(...tiny, '--threads', '1', '--out', local).status).toBe(0);
        const r = run(...tiny, '--queue', redis.url, '--out', queued);
        expect(r.status, r.stderr).toBe(0);
        const seeds = (dir: string) =>
          JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')).seeds;
        expect(seeds(queued)).toEqual(seeds(local));
        // The worker ran them (its output arrives once this thread is free again).
        await worker.waitFor(/done a3c-robustness-cell-/);
      } finally {
        await worker.stop();
        await redis.stop();
      }
    }, 180_000);
  },
);
