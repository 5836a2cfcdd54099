import { Worker } from 'node:worker_threads';
import { runSeed, type SeedResult } from './experiment.js';
import type { ExperimentOptions } from './options.js';
import type { SeedPlan } from './seeds.js';

/** One repetition to run. */
export interface SeedJob {
  plan: SeedPlan;
  options: ExperimentOptions;
  /** Where to save the pathnet condition's grid, if anywhere. */
  checkpointDir?: string;
}

/** What a seed worker posts back. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; seed: number; phase: string; generation: number; best: number }
  | { type: 'result'; result: SeedResult }
  | { type: 'error'; seed: number; message: string };

/** Listeners of {@link runSeeds}. */
export interface ScheduleListeners {
  progress: (seed: number, phase: string, generation: number, bestFitness: number) => void;
  /** Called as each repetition finishes (in finishing order). */
  result: (result: SeedResult) => Promise<void>;
}

/**
 * Runs repetitions of the experiment, `workers` at a time.
 *
 * Semantics: repetitions are independent (each has its own grid, population,
 * data streams and seeds, all derived from its seed), so running them in
 * parallel worker threads gives exactly the results of running them one
 * after another; only the order in which they finish changes. With
 * `workers = 1` everything runs in this thread.
 *
 * @throws the first repetition's error, after the workers are stopped.
 */
export async function runSeeds(
  jobs: readonly SeedJob[],
  workers: number,
  backend: string | undefined,
  on: ScheduleListeners,
): Promise<void> {
  if (workers <= 1 || jobs.length <= 1) {
    for (const job of jobs) {
      const result = await runSeed(
        job.plan,
        job.options,
        (phase, g, best) => on.progress(job.plan.seed, phase, g, best),
        job.checkpointDir ? async (net) => net.save(job.checkpointDir!) : undefined,
      );
      await on.result(result);
    }
    return;
  }
  const queue = [...jobs];
  const pool = Array.from(
    { length: Math.min(workers, jobs.length) },
    () => new Worker(new URL('./seed-worker.js', import.meta.url), { workerData: { backend } }),
  );
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const job = queue.shift();
              if (job === undefined) resolve();
              else worker.postMessage(job);
            };
            worker.on('error', reject);
            worker.on('message', (m: WorkerMessage) => {
              if (m.type === 'ready') next();
              else if (m.type === 'progress') on.progress(m.seed, m.phase, m.generation, m.best);
              else if (m.type === 'error') reject(new Error(`seed ${m.seed}: ${m.message}`));
              else on.result(m.result).then(next, reject);
            });
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
