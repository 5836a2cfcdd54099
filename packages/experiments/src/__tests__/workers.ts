import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Executor, newResults, runExperiment } from '@pathnet/experiments';
import { startWorker as startQueueWorker, type TestWorker } from '@pathnet/experiments/testing';

/** The synthetic job kind plugin. */
export const SYNTHETIC_PLUGIN = fileURLToPath(
  new URL('./fixtures/synthetic-kind.mjs', import.meta.url),
);

/** Starts `pathnet-worker` on `url` with the synthetic plugin. */
export const startWorker = (url: string): TestWorker => startQueueWorker(url, [SYNTHETIC_PLUGIN]);

/** A record of the synthetic job kind. */
export interface Synthetic {
  seed: number;
  values: number[];
  limit: number;
}
const jobs = (seeds: number[], ms = 20) => seeds.map((seed) => ({ seed, ms }));

/** Runs the synthetic kind for `seeds` into a fresh folder with `executor`. */
export async function syntheticRun(seeds: number[], executor: Executor | undefined, ms = 20) {
  const out = mkdtempSync(path.join(tmpdir(), 'runner-'));
  return runExperiment<unknown, number, { seed: number; ms: number }, Synthetic, unknown>({
    out,
    results: newResults('test/synthetic@1', {}),
    kind: 'test/synthetic',
    jobs: jobs(seeds, ms),
    summarise: (records) => records.length,
    ...(executor && { executor }),
  });
}
