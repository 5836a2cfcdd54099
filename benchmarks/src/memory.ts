import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tf } from '@pathnet/backend';
import type { Engine } from '@pathnet/core';
import { evolveBinaryMnist } from './evolve-binary.js';

/**
 * A full garbage collection, so that RSS counts what is retained rather than
 * garbage a lazy collector has not reclaimed yet: under Bun (JavaScriptCore, no V8 `gc`)
 * `Bun.gc(true)`, a synchronous full collection; under Node and Deno V8's `gc`, exposed on
 * demand.
 */
function collectGarbage(): void {
  if (typeof Bun !== 'undefined') {
    Bun.gc(true);
    return;
  }
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Resident memory during a long evolution run. */
export interface MemoryProfile {
  engine: Engine;
  backend: string;
  /** T used (minibatches per pathway per tournament). */
  steps: number;
  rssAt50MiB: number;
  rssAt500MiB: number;
  /** (rss500 − rss50) / rss50. */
  growth: number;
  /** tfjs tensors alive at generations 50 and 500. */
  tensorsAt50: number;
  tensorsAt500: number;
}

/**
 * In this process: evolves 500 generations of binary-MNIST pathways (P = 64; the threshold is
 * out of reach, so every generation runs) and records RSS at generations 50
 * and 500, each after a full garbage collection: a grid that rebuilt models
 * per pathway, or kept tensors alive, would grow here.
 */
export async function profileMemoryHere(
  engine: Engine,
  backend: string,
  steps: number,
): Promise<MemoryProfile> {
  const at: Record<number, { rss: number; tensors: number }> = {};
  await evolveBinaryMnist({
    engine,
    backend,
    learningRate: 0.1,
    noise: 0.5,
    digits: [5, 6],
    seed: 3,
    steps,
    threshold: 2,
    maxGenerations: 500,
    onGeneration: (generation) => {
      if (generation !== 50 && generation !== 500) return;
      collectGarbage();
      at[generation] = { rss: process.memoryUsage().rss, tensors: tf.memory().numTensors };
    },
  });
  const mib = (b: number) => b / 2 ** 20;
  return {
    engine,
    backend,
    steps,
    rssAt50MiB: mib(at[50]!.rss),
    rssAt500MiB: mib(at[500]!.rss),
    growth: (at[500]!.rss - at[50]!.rss) / at[50]!.rss,
    tensorsAt50: at[50]!.tensors,
    tensorsAt500: at[500]!.tensors,
  };
}

/**
 * {@link profileMemoryHere} in a fresh Node process (`memory-child.js` next to
 * this bundle), so that nothing measured earlier in the run (worker threads
 * being torn down, other grids, JIT code) is counted; in this process where
 * that file does not exist (Bun or Deno running the sources).
 * @throws Error when the child process fails.
 */
export async function profileMemory(
  engine: Engine,
  backend: string,
  steps: number,
): Promise<MemoryProfile> {
  const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'memory-child.js');
  if (!existsSync(child) || 'bun' in process.versions || 'deno' in process.versions) {
    return profileMemoryHere(engine, backend, steps);
  }
  const r = spawnSync(process.execPath, [child, engine, backend, String(steps)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    throw new Error(
      `memory profile ${engine}/${backend} failed: ${r.stderr.trim().split('\n').at(-1)}`,
    );
  }
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as MemoryProfile;
}
