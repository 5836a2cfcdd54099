/**
 * Worker thread of the seed-parallel schedule: initialises the backend once,
 * then runs whole repetitions (`runSeed`) sent by the main thread, posting
 * progress and results back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '@pathnet/backend';
import { runSeed } from './experiment.js';
import type { SeedJob, WorkerMessage } from './schedule.js';

const port = parentPort;
if (port === null) throw new Error('seed-worker.js runs only as a worker thread');
const { backend } = workerData as { backend?: string };
await initBackend(backend ? { backend } : {});
port.on('message', async (job: SeedJob) => {
  const post = (m: WorkerMessage) => port.postMessage(m);
  try {
    const result = await runSeed(
      job.plan,
      job.options,
      (phase, generation, best) =>
        post({ type: 'progress', seed: job.plan.seed, phase, generation, best }),
      job.checkpointDir ? async (net) => net.save(job.checkpointDir!) : undefined,
    );
    post({ type: 'result', result });
  } catch (error) {
    post({
      type: 'error',
      seed: job.plan.seed,
      message: error instanceof Error ? error.message : String(error),
    });
  }
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
