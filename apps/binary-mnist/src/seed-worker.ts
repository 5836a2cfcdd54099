/**
 * Worker thread of the parallel schedule: initialises the backend once, then
 * runs the phases (task A of a repetition, or one task-B condition) sent by
 * the main thread, posting progress and results back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '@pathnet/backend';
import { type PhaseJob, runPhase, type WorkerMessage } from './schedule.js';

const port = parentPort;
if (port === null) throw new Error('seed-worker.js runs only as a worker thread');
const { backend } = workerData as { backend?: string };
await initBackend(backend ? { backend } : {});
port.on('message', async (phase: PhaseJob) => {
  const post = (m: WorkerMessage) => port.postMessage(m);
  const seed = phase.job.plan.seed;
  try {
    const result = await runPhase(phase, (name, generation, best) =>
      post({ type: 'progress', seed, phase: name, generation, best }),
    );
    post({ type: 'result', result });
  } catch (error) {
    post({ type: 'error', seed, message: error instanceof Error ? error.message : String(error) });
  }
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
