import {
  attachSharedPathway,
  createDensePathwayKernel,
  type DenseOptimizerSpec,
  type DensePathwayKernel,
  type SharedPathwayGrid,
} from '@pathnet/kernels';
import type { PathNetConfig } from '../config.js';
import { EngineError } from '../errors.js';
import { createOptimizer, type Optimizer } from '../optimizer.js';
import { checkSharedOptimizer, type SharedGrid } from '../shared-grid.js';
import type { Batch, OutputGradientStepResult, OutputLossFn, StepResult } from '../types.js';
import type { ActiveModules, FrozenSet, GridEngine } from './engine.js';

/**
 * An empty grid in WebAssembly memory, shaped like `config` (no readouts yet).
 * @param threads - threads of its kernels instance (see {@link CreateOptions.threads}).
 * @param concurrency - pathways trained at once (see {@link CreateOptions.concurrency}).
 */
export function createFusedGrid(
  config: PathNetConfig,
  threads: number | 'auto' = 1,
  concurrency = 1,
): DensePathwayKernel {
  return createDensePathwayKernel({
    concurrency,
    inputSize: config.inputShape.reduce((a, b) => a * b, 1),
    inputShape: config.inputShape,
    threads,
    layers: config.layers.map((layer) => {
      const m = layer.module;
      return {
        units: m.kind === 'dense' ? m.units : m.filters,
        modules: config.modulesPerLayer,
        reduction: layer.reduction,
        activation: layer.activation === 'linear' ? 'linear' : 'relu',
        ...(m.kind === 'conv2d'
          ? {
              conv: { kernelSize: m.kernelSize, strides: m.strides, padding: m.padding ?? 'valid' },
            }
          : {}),
      };
    }),
  });
}

/**
 * The fused kernels' form of an optimizer (same formulas as core's tfjs
 * optimizers, see `optimizer.ts`).
 * @throws {EngineError} for settings the fused engine does not implement
 *   (Adam, SGD momentum, weight decay).
 */
export function fusedOptimizerSpec(optimizer: Optimizer): DenseOptimizerSpec {
  const c = optimizer.config;
  const clip = c.clipNorm === undefined ? {} : { clipNorm: c.clipNorm };
  const unsupported = (what: string) =>
    new EngineError(
      `engine 'fused' does not implement ${what}; create the PathNet with engine 'tfjs'`,
    );
  if ((c.weightDecay ?? 0) !== 0) throw unsupported('weight decay');
  if (c.kind === 'sgd') {
    if ((c.momentum ?? 0) !== 0) throw unsupported('SGD momentum');
    return { type: 'sgd', learningRate: optimizer.learningRate, ...clip };
  }
  if (c.kind === 'rmsprop') {
    return {
      type: 'rmsprop',
      learningRate: optimizer.learningRate,
      decay: c.decay ?? 0.99,
      epsilon: c.epsilon ?? 0.1,
      momentum: c.momentum ?? 0,
      ...clip,
    };
  }
  throw unsupported(
    "Adam (core's Adam keeps a step count per parameter, the kernels one per grid, so their updates differ)",
  );
}

/**
 * Rows of `logits` [n, classes] whose first largest entry is the label `y[i]`
 * (the tie rule of `tf.argMax`).
 */
function countCorrectRows(logits: Float32Array, y: Int32Array, classes: number): number {
  let correct = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) {
      if (logits[i * classes + c]! > logits[i * classes + best]!) best = c;
    }
    if (best === y[i]) correct++;
  }
  return correct;
}

/** L×M: true where a module is not frozen (the kernels' `trainable` option). */
function trainableMask(frozen: FrozenSet): boolean[][] {
  return frozen.map((row) => row.map((f) => !f));
}

/**
 * The `'fused'` engine: parameters in the WebAssembly memory of `@pathnet/kernels`, and each
 * pass or step one call of its fused kernels (dense and conv grids). The grid holds the state
 * of one optimizer at a time: a step with another optimizer object than the previous step
 * starts from fresh optimizer state — except on a shared grid ({@link FusedEngine.share}),
 * whose statistics are never reset.
 */
export class FusedEngine implements GridEngine {
  private readonly grid: DensePathwayKernel;
  /** The optimizer whose state the grid holds. */
  private current: Optimizer | null = null;
  /** Once shared: the optimizer owning the shared statistics, and its kernels form. */
  private shared: { optimizer: Optimizer; spec: DenseOptimizerSpec } | null = null;

  private constructor(grid: DensePathwayKernel) {
    this.grid = grid;
  }

  /** An empty fused grid for `config` (see {@link createFusedGrid}). */
  static create(config: PathNetConfig, threads: number | 'auto', concurrency: number): FusedEngine {
    return new FusedEngine(createFusedGrid(config, threads, concurrency));
  }

  /**
   * A view of a shared grid (see `PathNet.attach`): its parameters and statistics are the
   * handle's; its optimizer is made from the handle's configuration.
   * @throws KernelArgumentError when every view of the handle is attached.
   */
  static attach(handle: SharedGrid): FusedEngine {
    const engine = new FusedEngine(attachSharedPathway(handle.grid));
    const optimizer = createOptimizer(handle.optimizer);
    engine.shared = { optimizer, spec: fusedOptimizerSpec(optimizer) };
    engine.current = optimizer;
    return engine;
  }

  get sharedOptimizer(): Optimizer | undefined {
    return this.shared?.optimizer;
  }

  /**
   * Makes `optimizer` the one whose state the grid holds (its state starts afresh). On a
   * shared grid the statistics are never reset: `optimizer` must have the shared one's
   * hyperparameters (any learning rate).
   * @throws EngineError for another optimizer configuration on a shared grid.
   */
  private use(optimizer: Optimizer): DenseOptimizerSpec {
    const spec = fusedOptimizerSpec(optimizer);
    if (optimizer !== this.current) {
      if (this.shared !== null) checkSharedOptimizer(spec, this.shared.spec);
      else this.grid.resetOptimizerState();
      this.current = optimizer;
    }
    return spec;
  }

  /** The optimizer spec ({@link use}) and kernel options of one step of `taskId`'s readout. */
  private stepSettings(optimizer: Optimizer, taskId: string, frozen: FrozenSet) {
    return {
      spec: this.use(optimizer),
      options: { readout: taskId, trainable: trainableMask(frozen) },
    };
  }

  writeModule(layer: number, module: number, values: readonly Float32Array[]): void {
    this.grid.setModule(layer, module, { weights: values[0]!, bias: values[1]! });
  }

  readModule(layer: number, module: number): Float32Array[] {
    const { weights, bias } = this.grid.getModule(layer, module);
    return [weights, bias];
  }

  addReadout(taskId: string, numClasses: number, values: readonly Float32Array[]): void {
    this.grid.addReadout(taskId, numClasses);
    this.grid.setReadout(taskId, { weights: values[0]!, bias: values[1]! });
  }

  removeReadout(taskId: string): void {
    this.grid.removeReadout(taskId);
  }

  readReadout(taskId: string): Float32Array[] {
    const { weights, bias } = this.grid.getReadout(taskId);
    return [weights, bias];
  }

  forward(active: ActiveModules, taskId: string, x: Float32Array): Float32Array {
    return this.grid.forward(active, x, taskId);
  }

  countCorrect(active: ActiveModules, taskId: string, x: Float32Array, y: Int32Array): number {
    const logits = this.grid.forward(active, x, taskId);
    return countCorrectRows(logits, y, logits.length / y.length);
  }

  trainStep(
    active: ActiveModules,
    taskId: string,
    batch: Batch,
    optimizer: Optimizer,
    frozen: FrozenSet,
  ): StepResult {
    const { spec, options } = this.stepSettings(optimizer, taskId, frozen);
    const r = this.grid.trainStep(active, batch.x, batch.y, spec, options);
    return { loss: r.loss, accuracy: r.accuracy, skipped: r.skipped };
  }

  trainConcurrently(
    steps: readonly { active: ActiveModules; taskId: string; batch: Batch }[],
    optimizer: Optimizer,
    frozen: FrozenSet,
  ): StepResult[] {
    const spec = fusedOptimizerSpec(optimizer);
    const trainable = trainableMask(frozen);
    const items = steps.map((s) => ({
      active: s.active,
      x: s.batch.x,
      y: s.batch.y,
      options: { readout: s.taskId, trainable },
    }));
    this.use(optimizer);
    return this.grid
      .trainConcurrently(items, spec)
      .map(({ loss, accuracy, skipped }) => ({ loss, accuracy, skipped }));
  }

  trainStepFromOutputGradient(
    active: ActiveModules,
    taskId: string,
    x: Float32Array,
    _batchSize: number,
    lossFn: OutputLossFn,
    optimizer: Optimizer,
    frozen: FrozenSet,
  ): OutputGradientStepResult {
    const { spec, options } = this.stepSettings(optimizer, taskId, frozen);
    const r = this.grid.trainStepFromOutputGradient(active, x, lossFn, spec, options);
    return { loss: r.loss, skipped: r.skipped };
  }

  /**
   * Shares the grid (see `PathNet.share`): the statistics of `optimizer` for every layer and
   * readout, allocated now, and `views` regions of `maxBatchSize` rows.
   * @throws EngineError for an optimizer the fused engine does not run.
   */
  share(optimizer: Optimizer, views: number, maxBatchSize: number): SharedPathwayGrid {
    const spec = this.use(optimizer);
    if (spec.type === 'adam') throw new EngineError('share: Adam is not supported');
    const grid = this.grid.share(spec.type, { views, maxBatchSize });
    this.shared ??= { optimizer, spec };
    return grid;
  }

  /** The kind of the optimizer state the grid holds ('sgd', which has none, before any step). */
  private stateKind(): DenseOptimizerSpec['type'] {
    return this.current ? fusedOptimizerSpec(this.current).type : 'sgd';
  }

  readOptimizerState(layer: number, module: number): Float32Array[] {
    return this.grid.getModuleState(layer, module, this.stateKind());
  }

  readReadoutOptimizerState(taskId: string): Float32Array[] {
    return this.grid.getReadoutState(taskId, this.stateKind());
  }

  readonly numParameterTensors = 0;

  get concurrency(): number {
    return this.grid.concurrency;
  }

  async ready(): Promise<void> {
    await this.grid.ready();
  }

  dispose(): void {
    this.grid.dispose();
  }
}
