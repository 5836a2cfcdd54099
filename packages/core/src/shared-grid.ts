import type { DenseOptimizerSpec, SharedPathwayGrid } from '@pathnet/kernels';
import { type PathNetConfig, validateConfig } from './config.js';
import { EngineError, ShapeMismatchError } from './errors.js';
import type { OptimizerConfig } from './optimizer.js';

/** Format tag of a {@link SharedGrid} handle. */
export const SHARED_GRID_FORMAT = 'pathnet-ts/shared-grid';

/**
 * A fused grid shared with other threads, from {@link PathNet.share}: plain data plus the grid's
 * shared WebAssembly memory, structured-cloneable (post it to a `worker_threads` Worker or pass
 * it as `workerData`), to open with `await PathNet.attach(handle)` there. Views over it read and
 * write the same parameters and the same optimizer statistics (allocated once, at `share`),
 * hogwild, as the paper's asynchronous A3C workers (Fernando et al. 2017, Sec. 2.2; Mnih et al.
 * 2016's shared RMSProp).
 */
export interface SharedGrid {
  /** Always {@link SHARED_GRID_FORMAT}. */
  readonly format: typeof SHARED_GRID_FORMAT;
  /** The grid's configuration. */
  readonly config: PathNetConfig;
  /** The seed the grid's initial parameters were drawn from. */
  readonly seed: number;
  /** The frozen set at `share` time, boolean [L][M]; views never update these modules. */
  readonly frozen: readonly (readonly boolean[])[];
  /** The readouts at `share` time: task id and number of outputs. */
  readonly readouts: readonly (readonly [taskId: string, numClasses: number])[];
  /** The optimizer whose statistics live in the shared memory (learning rate: at `share` time). */
  readonly optimizer: OptimizerConfig;
  /** @internal The kernels' side: layout, one region per view, the count of views attached. */
  readonly grid: SharedPathwayGrid;
}

/** Options of {@link PathNet.share}. */
export interface ShareOptions {
  /**
   * Views that will attach ({@link PathNet.attach}), one per thread that trains; each takes a
   * region of the shared memory for its own gradients and workspace. Default 1.
   */
  readonly views?: number;
  /** Largest batch a view runs (its workspace is reserved for about this many rows). Default 64. */
  readonly maxBatchSize?: number;
}

/**
 * Checks a handle before attaching to it.
 * @throws ShapeMismatchError when it is not a {@link SharedGrid}; InvalidConfigError on its config.
 */
export function checkSharedGrid(handle: SharedGrid): void {
  if (handle === null || typeof handle !== 'object' || handle.format !== SHARED_GRID_FORMAT) {
    throw new ShapeMismatchError(
      `handle: expected a SharedGrid from PathNet.share (format ${JSON.stringify(SHARED_GRID_FORMAT)}); got ${handle === null || typeof handle !== 'object' ? String(handle) : `format ${JSON.stringify((handle as { format?: unknown }).format)}`}`,
    );
  }
  validateConfig(handle.config);
}

/**
 * Throws unless `spec` can step a shared grid whose statistics belong to `shared`: the same
 * kind and hyperparameters, any learning rate (A3C anneals it per step).
 * @throws EngineError naming both.
 */
export function checkSharedOptimizer(spec: DenseOptimizerSpec, shared: DenseOptimizerSpec): void {
  const { learningRate: _a, ...given } = spec;
  const { learningRate: _b, ...held } = shared;
  const key = (o: object) =>
    JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  if (key(given) !== key(held)) {
    throw new EngineError(
      `optimizer: this grid is shared and holds the statistics of ${key(held)}; got ${key(given)} (only the learning rate may differ; use net.optimizer)`,
    );
  }
}
