/**
 * Worker thread of the parallel schedule: initialises the backend and imports
 * the plugin modules once, then runs the phases (task A of a job, or one
 * task-B condition) sent by the main thread, posting progress and results back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '@pathnet/backend';
import { type PhaseJob, runPhase, type WorkerMessage } from './schedule.js';
import { serializeError } from './worker-errors.js';

const port = parentPort;
if (port === null) throw new Error('phase-worker runs only as a worker thread');
const { backend, plugins } = workerData as { backend?: string; plugins: string[] };
const post = (m: WorkerMessage) => port.postMessage(m);

port.on('message', async (phase: PhaseJob) => {
  const { seed } = phase.job.plan;
  const setting = phase.job.setting;
  const where = setting === undefined ? { seed } : { seed, setting };
  try {
    const result = await runPhase(phase, (name, generation, bestFitness, population) =>
      post({
        type: 'progress',
        ...where,
        phase: name,
        generation,
        bestFitness,
        ...(population && { population }),
      }),
    );
    post({ type: 'result', result });
  } catch (error) {
    post({ type: 'error', ...where, error: serializeError(error) });
  }
});

// A failure here is an unhandled rejection: the Worker emits 'error' and the schedule fails with it.
void (async () => {
  await initBackend(backend ? { backend } : {});
  for (const plugin of plugins) await import(plugin);
  post({ type: 'ready' });
})();
