// Threads load the built package (dist/thread.js), so these tests import it by name.
import { PathNet } from '@pathnet/core';
import { unregisterEnv } from '@pathnet/envs';
import { NonFiniteTrainingError, trainA3C, trainA3CThreads } from '@pathnet/rl';
import { describe, expect, it } from 'vitest';
import { denseConfig } from './helpers.js';

const fused = (seed = 1) => PathNet.create(denseConfig(4), { seed, engine: 'fused' });

describe('trainA3CThreads', () => {
  it('with 1 thread gives exactly the single-thread run of the same seed', {
    timeout: 60_000,
  }, async () => {
    const args = {
      workers: 3,
      tournamentSize: 2,
      evaluationEpisodes: 1,
      totalFrames: 1500,
      seed: 5,
    };
    const viaThread = fused();
    const a = await trainA3CThreads({ env: 'CartPole-v1', net: viaThread, args, threads: 1 });
    const here = fused();
    const b = trainA3C({ env: 'CartPole-v1', net: here, args });
    expect(a.tournaments).toBeGreaterThan(0);
    expect(a.episodes).toEqual(b.episodes);
    expect(a.pathways).toEqual(b.pathways);
    expect(viaThread.toValues().modules).toEqual(here.toValues().modules);
  });

  it('runs 64 workers on 2 threads to the end of the frame budget', {
    timeout: 60_000,
  }, async () => {
    const episodes: number[] = [];
    const r = await trainA3CThreads({
      env: 'CartPole-v1',
      net: fused(2),
      args: { workers: 64, totalFrames: 10_000, tMax: 5, evaluationEpisodes: 1, seed: 2 },
      threads: 2,
      onEpisode: (e) => episodes.push(e.worker),
    });
    expect(r.frames).toBeGreaterThanOrEqual(10_000);
    expect(r.pathways).toHaveLength(64);
    expect(r.pathways.every((p) => Array.isArray(p) && p.length === 2)).toBe(true);
    // Worker i runs on thread i mod 2: both threads' workers finished episodes.
    expect(episodes.some((w) => w % 2 === 0)).toBe(true);
    expect(episodes.some((w) => w % 2 === 1)).toBe(true);
    expect(r.episodes).toHaveLength(episodes.length);
  });

  it('stops every thread with NonFiniteTrainingError when a thread’s updates keep failing', {
    timeout: 60_000,
  }, async () => {
    const preload = new URL('./fixtures/nan-env.mjs', import.meta.url).href;
    await import(preload); // the id must exist here too (the main thread probes the env)
    try {
      const net = fused(3);
      const before = net.toValues().modules;
      await expect(
        trainA3CThreads({
          env: 'test/NaN-v0',
          net,
          args: { workers: 2, evolve: false, totalFrames: 100_000, maxConsecutiveSkips: 3 },
          threads: 2,
          preload: [preload],
        }),
      ).rejects.toThrow(NonFiniteTrainingError);
      expect(net.toValues().modules).toEqual(before);
    } finally {
      unregisterEnv('test/NaN-v0');
    }
  });

  it("refuses a grid that is not on engine 'fused'", async () => {
    await expect(
      trainA3CThreads({
        env: 'CartPole-v1',
        net: PathNet.create(denseConfig(4)),
        args: { workers: 2, tournamentSize: 1 },
      }),
    ).rejects.toThrow(/engine 'fused'/);
  });
});
