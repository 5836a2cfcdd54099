import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { KernelsRegion } from './kernels.js';
import type {
  DenseOptimizerSpec,
  GridLayout,
  TrainStepOptions,
  TrainStepResult,
} from './pathway-types.js';
import type { StepWorkerMessage } from './step-worker.js';
import { KernelThreadError, SEQ, ThreadPool } from './threads.js';

/** One training step for a step worker. */
export interface StepJob {
  active: number[][];
  x: Float32Array;
  y: Int32Array;
  options: TrainStepOptions;
}

/**
 * Worker threads that each train pathways of one grid at the same time as
 * the owning thread, on the same parameters in shared memory (hogwild; see
 * {@link DensePathwayKernel.trainConcurrently}). Each worker has its own
 * gradients and workspace in a region of the grid's arena, described to it
 * by an `attach` message whenever the grid's layout or batch size changes.
 */
export class StepWorkers extends ThreadPool {
  /** Per worker: the layout version and batch capacity it is attached with. */
  private readonly attached: { version: string; capacity: number }[] = [];

  /** Per worker: the port its jobs go to (a channel of its own, read synchronously). */
  private readonly ports: MessagePort[];

  /** Starts `count` step workers in the background (each loads this package once). */
  constructor(count: number) {
    const ports: MessagePort[] = [];
    super(count, (index, control) => {
      const { port1, port2 } = new MessageChannel();
      ports[index] = port1;
      return new Worker(new URL('./step-worker.js', import.meta.url), {
        workerData: { control, index, jobs: port2 },
        transferList: [port2],
      });
    });
    this.ports = ports;
  }

  /** Posts a message to worker i's job port. */
  private send(i: number, message: StepWorkerMessage): void {
    this.ports[i]?.postMessage(message);
  }

  /**
   * Makes worker i see the grid as `layout` (version `version`) with a workspace
   * for `batch` rows, reserving its region through `reserve` when it changed.
   */
  attach(
    i: number,
    version: string,
    batch: number,
    layout: () => GridLayout,
    reserve: (batch: number) => KernelsRegion,
  ): void {
    const have = this.attached[i];
    if (have !== undefined && have.version === version && have.capacity >= batch) return;
    const capacity = Math.max(batch, have?.capacity ?? 0);
    const message: StepWorkerMessage = {
      type: 'attach',
      region: reserve(capacity),
      layout: layout(),
    };
    this.send(i, message);
    this.attached[i] = { version, capacity };
  }

  /**
   * Runs `jobs[i]` on worker i while the caller runs `own`, then waits for the workers.
   * @returns the caller's result, then the workers' in job order.
   * @throws KernelThreadError when a worker's step failed (after all have finished).
   */
  run(
    jobs: readonly StepJob[],
    optimizer: DenseOptimizerSpec,
    own: () => TrainStepResult,
  ): TrainStepResult[] {
    const seq = ++this.seq;
    jobs.forEach((job, i) => {
      this.send(i, { type: 'step', seq, optimizer, ...job });
      Atomics.store(this.blocks[i]!.ctl, SEQ, seq);
      Atomics.notify(this.blocks[i]!.ctl, SEQ);
    });
    const results = [own()];
    let failed: string | undefined;
    for (let i = 0; i < jobs.length; i++) {
      const error = this.waitFor(i, seq);
      failed ??= error;
      const [loss, accuracy, gradNorm, skipped] = this.blocks[i]!.numbers;
      results.push({
        loss: loss!,
        accuracy: accuracy!,
        gradNorm: gradNorm!,
        skipped: skipped === 1,
      });
    }
    if (failed !== undefined)
      throw new KernelThreadError(`a step failed in a step worker: ${failed}`);
    return results;
  }
}
