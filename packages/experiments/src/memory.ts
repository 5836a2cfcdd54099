/**
 * What a run of the transfer protocol needs in memory, estimated from its
 * settings before anything is allocated, so that a size the machine cannot
 * hold (`population 1e9`, `units 1e9`, a billion seeds) is refused with the
 * figure instead of failing deep inside with `Invalid typed array length` or
 * swapping for minutes.
 *
 * The estimate is an upper bound of the dominant terms, not a measurement:
 * per worker thread, a grid's parameters with their gradients and optimizer
 * state, the population's genotypes, the minibatch and its activations, and
 * the data set; for the whole run, the records (`results.json` in memory and
 * as text while it is written).
 */
import { availableMemory, formatBytes } from './cli/limits.js';
import type { ProtocolSettings } from './plan.js';

export { availableMemory, formatBytes };

/** One term of a {@link MemoryEstimate}. */
export interface MemoryPart {
  /** `grid`, `population`, `minibatch`, `data` (per worker) or `records` (whole run). */
  readonly name: 'grid' | 'population' | 'minibatch' | 'data' | 'records';
  readonly bytes: number;
}

/** What a run needs, in bytes. */
export interface MemoryEstimate {
  /** Terms each worker thread holds. */
  readonly perWorker: readonly MemoryPart[];
  /** Terms the run holds once. */
  readonly shared: readonly MemoryPart[];
  readonly workers: number;
  /** `workers × Σ perWorker + Σ shared`. */
  readonly total: number;
}

const FLOAT = 4;
/** A JS number in an array, with the array's overhead. */
const JS_NUMBER = 16;

/** Parameters of the grid (every module of every layer) and of one readout, as a flat count. */
function parameterCount(grid: ProtocolSettings['grid'], numClasses: number): number {
  let input = grid.inputShape.reduce((a, b) => a * b, 1);
  let total = 0;
  for (const layer of grid.layers) {
    const m = layer.module;
    if (m.kind === 'dense') {
      total += grid.modulesPerLayer * (input * m.units + m.units);
      input = m.units;
    } else {
      total += grid.modulesPerLayer * (m.kernelSize * m.kernelSize * m.filters + m.filters) * 64;
      input = m.filters * 64;
    }
  }
  return total + input * numClasses + numClasses;
}

/**
 * The memory a transfer run needs.
 *
 * @param settings - the protocol's settings (grid, population, minibatch size, generation cap).
 * @param run.workers - worker threads (each holds its own grid, population, minibatch and data).
 * @param run.seeds - repetitions recorded in `results.json`.
 * @param run.dataBytes - bytes of the task's data set as one worker holds it (e.g. MNIST
 *   as bytes: 70,000 × 784).
 * @param run.numClasses - classes of the readout (2 for binary MNIST).
 */
export function estimateMemory(
  settings: ProtocolSettings,
  run: { workers: number; seeds: number; dataBytes: number; numClasses?: number },
): MemoryEstimate {
  const { grid } = settings;
  const input = grid.inputShape.reduce((a, b) => a * b, 1);
  const widest = Math.max(
    input,
    ...grid.layers.map((l) => (l.module.kind === 'dense' ? l.module.units : l.module.filters * 64)),
  );
  const params = parameterCount(grid, run.numClasses ?? 2);
  // Parameters, gradients, optimizer state, and the copy task B starts from.
  const gridBytes = params * FLOAT * 4;
  const genes = grid.layers.length * grid.maxActivePerLayer;
  const populationBytes = settings.population * (genes + 4) * JS_NUMBER * 2;
  // Inputs (with their noisy copy) and per-layer activations with their gradients, per pathway trained at once.
  const minibatchBytes =
    settings.batchSize *
    (input * 2 + grid.layers.length * grid.maxActivePerLayer * widest * 2) *
    FLOAT *
    Math.max(1, settings.concurrency);
  // Each phase's curve: [generation, fitness] per generation, in memory and as JSON text.
  const phases = 1 + settings.conditions.length;
  const recordBytes = phases * (settings.maxGenerations * 3 * JS_NUMBER + genes * JS_NUMBER + 512);
  const perWorker: MemoryPart[] = [
    { name: 'grid', bytes: gridBytes },
    { name: 'population', bytes: populationBytes },
    { name: 'minibatch', bytes: minibatchBytes },
    { name: 'data', bytes: run.dataBytes },
  ];
  const shared: MemoryPart[] = [{ name: 'records', bytes: run.seeds * recordBytes * 2 }];
  const sum = (parts: readonly MemoryPart[]) => parts.reduce((n, p) => n + p.bytes, 0);
  return {
    perWorker,
    shared,
    workers: run.workers,
    total: run.workers * sum(perWorker) + sum(shared),
  };
}
