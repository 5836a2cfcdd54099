/**
 * The entry of a worker thread of {@link trainA3CThreads} (loaded by URL from
 * `dist/`): runs its share of the logical workers and reports to the main thread.
 *
 * @packageDocumentation
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PathNet } from '@pathnet/core';
import { NonFiniteTrainingError } from './errors.js';
import { runThread, type ThreadData, type ThreadMessage } from './threads.js';

const post = (m: ThreadMessage) => parentPort?.postMessage(m);

runThread(workerData as ThreadData, (handle) => PathNet.attach(handle), post).catch(
  (e: unknown) => {
    const error = e instanceof Error ? e : new Error(String(e));
    post({
      type: 'error',
      name: error.name,
      message: error.message,
      ...(error instanceof NonFiniteTrainingError
        ? { count: error.count, total: error.total }
        : {}),
    });
  },
);
