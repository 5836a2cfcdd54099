/**
 * Worker thread of a {@link JobPool}: initialises the backend and imports the
 * plugin modules once, then runs the jobs sent to it by their registered
 * kind, posting progress and records back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '@pathnet/backend';
import { jobKind } from './jobs.js';
import type { PoolRequest, PoolThreadMessage } from './pool.js';
import { serializeError } from './worker-errors.js';

const port = parentPort;
if (port === null) throw new Error('job-thread runs only as a worker thread');
const { backend, plugins } = workerData as { backend?: string; plugins: string[] };
const post = (m: PoolThreadMessage) => port.postMessage(m);

port.on('message', async ({ id, job }: PoolRequest) => {
  try {
    const record = await jobKind(job.kind).run(job.params, {
      progress: (event) => post({ type: 'progress', id, event }),
    });
    post({ type: 'record', id, record });
  } catch (error) {
    post({ type: 'error', id, error: serializeError(error) });
  }
});

// A failure here is an unhandled rejection: the Worker emits 'error' and the pool fails with it.
void (async () => {
  await initBackend(backend ? { backend } : {});
  for (const plugin of plugins) await import(plugin);
  post({ type: 'ready' });
})();
