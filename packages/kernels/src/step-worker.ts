/**
 * Entry of a step worker (see step-workers.ts): trains pathways of a grid
 * that another thread owns, on the parameters in their shared memory.
 * Messages: `{ type: 'attach', region, layout }` (re)builds this thread's
 * view of the grid; `{ type: 'step', seq, … }` runs one training step and
 * reports through the control block (results, status, done number). The
 * thread sleeps on its control block, not on the event loop, so a posted
 * job starts within microseconds.
 */
import {
  type MessagePort,
  parentPort,
  receiveMessageOnPort,
  workerData,
} from 'node:worker_threads';
import { attachDensePathway } from './dense-pathway.js';
import type { KernelsRegion } from './kernels.js';
import type {
  DenseOptimizerSpec,
  DensePathwayKernel,
  GridLayout,
  TrainStepOptions,
} from './pathway-types.js';
import {
  awaitChange,
  controlBlock,
  DONE,
  READY,
  reportFailure,
  SEQ,
  STATUS,
  STOP,
} from './threads.js';

/** What the owner posts to a step worker. */
export type StepWorkerMessage =
  | { type: 'attach'; region: KernelsRegion; layout: GridLayout }
  | {
      type: 'step';
      seq: number;
      active: number[][];
      x: Float32Array;
      y: Int32Array;
      optimizer: DenseOptimizerSpec;
      options: TrainStepOptions;
    };

if (parentPort !== null) {
  const { control, index, jobs } = workerData as {
    control: SharedArrayBuffer;
    index: number;
    jobs: MessagePort;
  };
  const block = controlBlock(control, index);
  const { ctl, numbers } = block;
  const fail = (error: unknown) => reportFailure(block, error);
  let grid: DensePathwayKernel | undefined;
  let attachError: unknown;
  const handle = (m: StepWorkerMessage) => {
    if (m.type === 'attach') {
      try {
        grid = attachDensePathway(m.region, m.layout);
        attachError = undefined;
      } catch (error) {
        grid = undefined;
        attachError = error;
      }
      return;
    }
    try {
      if (grid === undefined) throw attachError ?? new Error('no grid attached');
      const r = grid.trainStep(m.active, m.x, m.y, m.optimizer, m.options);
      numbers.set([r.loss, r.accuracy, r.gradNorm, r.skipped ? 1 : 0]);
      Atomics.store(ctl, STATUS, 0);
    } catch (error) {
      fail(error);
    }
    Atomics.store(ctl, DONE, m.seq);
    Atomics.notify(ctl, DONE);
  };
  // Jobs come on their own port, taken without the event loop; a runtime
  // that cannot do that reports it instead of starting (the owner then
  // trains one pathway at a time).
  try {
    receiveMessageOnPort(jobs);
    Atomics.store(ctl, READY, 1);
  } catch (error) {
    fail(error);
    Atomics.store(ctl, READY, 2);
  }
  Atomics.notify(ctl, READY);
  // The owner posts the messages, then bumps SEQ: wake on it and take the messages.
  let seen = 0;
  while (Atomics.load(ctl, READY) === 1) {
    seen = awaitChange(ctl, SEQ, seen);
    if (Atomics.load(ctl, STOP) === 1) break;
    try {
      for (let m = receiveMessageOnPort(jobs); m !== undefined; m = receiveMessageOnPort(jobs)) {
        handle(m.message as StepWorkerMessage);
      }
    } catch (error) {
      fail(error);
      Atomics.store(ctl, DONE, seen);
      Atomics.notify(ctl, DONE);
    }
  }
}
