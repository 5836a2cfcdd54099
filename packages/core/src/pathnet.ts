import { assertCanTrain, tf } from '@pathnet/backend';
import {
  attachSharedPathway,
  type DenseOptimizerSpec,
  type DensePathwayKernel,
} from '@pathnet/kernels';
import { type ReadCheckpointOptions, readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { type LayerShape, layerShapes, type PathNetConfig, validateConfig } from './config.js';
import { activate, denseLayer } from './dense.js';
import {
  createFusedGrid,
  type Engine,
  type EngineChoice,
  fusedOptimizerSpec,
  resolveEngine,
} from './engine.js';
import {
  checkFiniteArray,
  DisposedError,
  DuplicateReadoutError,
  EngineError,
  FrozenModuleError,
  InvalidConfigError,
  ShapeMismatchError,
  UnknownReadoutError,
} from './errors.js';
import { deriveSeed, glorotUniform, uniformValues } from './init.js';
import { createOptimizer, type Optimizer } from './optimizer.js';
import { type Pathway, validatePathway } from './pathway.js';
import {
  checkSharedGrid,
  checkSharedOptimizer,
  SHARED_GRID_FORMAT,
  type SharedGrid,
  type ShareOptions,
} from './shared-grid.js';

/**
 * How a dense layer evaluates its active modules (a measured choice; see the README):
 * - `'per-module'` (default): one `matMul` per active module, outputs reduced, with a
 *   hand-written layer gradient (see `denseLayer`) that shares xᵀ across modules and uses
 *   no transposed matMuls;
 * - `'per-module-autodiff'`: the same forward pass, differentiated by tfjs;
 * - `'concat'`: the active modules' weights are concatenated into one `[in, k·units]`
 *   matrix, one `matMul`, then the k blocks are reduced; differentiated by tfjs.
 * Both give the same function; only speed differs.
 */
export type DenseLayout = 'per-module' | 'per-module-autodiff' | 'concat';

/** Options of {@link PathNet.create}. */
export interface CreateOptions {
  /** Seed of the initial parameters (Glorot uniform weights, zero biases); default 0. */
  readonly seed?: number;
  /** Evaluation strategy of dense layers; default `'per-module'` (faster on cpu and wasm). */
  readonly denseLayout?: DenseLayout;
  /**
   * Where parameters live and how steps run (see {@link Engine}); default `'tfjs'`.
   * `'auto'` picks `'fused'` for the grids it runs (dense, and conv layers before dense
   * ones, with relu or linear modules) unless the native tfjs backend is active.
   */
  readonly engine?: EngineChoice;
  /**
   * Threads of the fused engine's kernels, the caller's included: large GEMMs
   * (conv layers) are split over helper worker threads; results do not depend
   * on the count. Default 1; `'auto'` takes every core. Unused by `'tfjs'`.
   */
  readonly threads?: number | 'auto';
  /**
   * Pathways {@link PathNet.trainConcurrently} trains at once on the fused
   * engine (this thread plus `concurrency − 1` worker threads over the grid's
   * shared memory). Default 1. Unused by `'tfjs'`.
   */
  readonly concurrency?: number;
}

/** A minibatch of a supervised task. */
export interface Batch {
  /** Inputs, Float32Array [B · prod(inputShape)], row-major, example after example. */
  readonly x: Float32Array;
  /** Class labels, Int32Array [B], each in [0, numClasses). */
  readonly y: Int32Array;
  /** B, number of examples. */
  readonly batchSize: number;
}

/** Result of a supervised training step (plain numbers, read back from the backend). */
export interface StepResult {
  /** Mean softmax cross-entropy of the minibatch before the update, in nats. */
  readonly loss: number;
  /** Fraction of the minibatch classified correctly before the update, in [0, 1]. */
  readonly accuracy: number;
  /**
   * True when the loss or a gradient was NaN or ±Infinity: the step changed nothing (no
   * parameter, no optimizer state); `loss` and `accuracy` are still those measured.
   */
  readonly skipped: boolean;
}

/**
 * A loss of the readout's outputs computed in plain TypeScript, for
 * {@link PathNet.trainStepFromOutputGradient} (e.g. A3C's policy, value and entropy terms):
 * receives `outputs`, Float32Array [B · C] row-major (a copy), and returns the loss and its
 * gradient dLoss/dOutputs, Float32Array [B · C]. It must not call the same `PathNet`.
 */
export type OutputLossFn = (outputs: Float32Array) => {
  readonly loss: number;
  readonly gradient: Float32Array;
};

/** Result of {@link PathNet.trainStepFromOutputGradient}. */
export interface OutputGradientStepResult {
  /** The loss the callback returned (before the update). */
  readonly loss: number;
  /**
   * True when the loss, the output gradient or a parameter gradient was NaN or ±Infinity:
   * the step changed nothing (no parameter, no optimizer state).
   */
  readonly skipped: boolean;
}

/**
 * A loss of the readout's outputs, for callers with their own objective (e.g. A3C).
 * Receives `outputs: tf.Tensor2D [B, numClasses]` and must return a scalar built from it
 * with tfjs ops; it runs inside `tf.tidy`.
 */
export type LossFn = (outputs: tf.Tensor2D) => tf.Scalar;

/** Gradients of one loss evaluation, copied to JS arrays. */
export interface Gradients {
  /** The loss value. */
  readonly loss: number;
  /** One entry per active trainable module: `[kernel, bias]` gradients, same layout as {@link PathNet.readModule}. */
  readonly modules: readonly {
    readonly layer: number;
    readonly module: number;
    readonly grads: readonly Float32Array[];
  }[];
  /** `[kernel, bias]` gradients of the readout. */
  readonly readout: readonly Float32Array[];
}

/** Options of {@link PathNet.copyModule}. */
export interface CopyModuleOptions {
  /** Half-width p of the additive uniform noise U(-p, p) added to every copied value; default 0. */
  readonly perturbation?: number;
  /** Seed of that noise; default 0. */
  readonly seed?: number;
}

interface ModuleParams {
  kernel: tf.Variable;
  bias: tf.Variable;
}

interface Readout {
  readonly numClasses: number;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

/** Parameter values of a whole network, as read from or written to a checkpoint. */
export interface NetworkValues {
  readonly config: PathNetConfig;
  readonly seed: number;
  readonly frozen: readonly (readonly boolean[])[];
  /** `[layer][module] = [kernel, bias]`. */
  readonly modules: readonly (readonly (readonly Float32Array[])[])[];
  readonly readouts: readonly {
    readonly taskId: string;
    readonly numClasses: number;
    readonly values: readonly Float32Array[];
  }[];
}

const SALT_CREATE = 1;
const SALT_REINIT = 2;
const SALT_READOUT = 3;

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Kernel and bias shapes of one module of a layer. */
function moduleParamShapes(config: PathNetConfig, shapes: readonly LayerShape[], l: number) {
  const layer = config.layers[l]!;
  const s = shapes[l]!;
  if (layer.module.kind === 'dense') {
    const fanIn = product(s.input);
    return {
      kernel: [fanIn, layer.module.units],
      bias: [layer.module.units],
      fanIn,
      fanOut: layer.module.units,
    };
  }
  const m = layer.module;
  const inC = s.input[2]!;
  return {
    kernel: [m.kernelSize, m.kernelSize, inC, m.filters],
    bias: [m.filters],
    fanIn: m.kernelSize * m.kernelSize * inC,
    fanOut: m.kernelSize * m.kernelSize * m.filters,
  };
}

/**
 * Rows of `logits` [n, classes] whose first largest entry is the label `y[i]`
 * (the tie rule of `tf.argMax`).
 */
function countCorrect(logits: Float32Array, y: Int32Array, classes: number): number {
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

/**
 * A PathNet (Fernando et al. 2017, Sec. 2): L layers of M modules, parameters allocated once per
 * module, one linear readout per task. A pathway selects at most N modules per layer;
 * only those (and the task's readout) are evaluated and trained, so trying a new
 * pathway never allocates new parameters.
 *
 * Use after `await initBackend()` from `@pathnet/backend`. Call {@link PathNet.dispose}
 * to free its tensors.
 */
export class PathNet {
  /** The grid's configuration (a validated copy). */
  readonly config: PathNetConfig;
  /** The seed the initial parameters were drawn from. */
  readonly seed: number;
  /** Evaluation strategy of dense layers. */
  readonly denseLayout: DenseLayout;
  /** The resolved engine: `'tfjs'` variables and ops, or `'fused'` WebAssembly kernels. */
  readonly engine: Engine;
  /** The fused grid (engine `'fused'`), else `null`. */
  private readonly fused: DensePathwayKernel | null;
  /** Classes per readout of the fused grid. */
  private readonly fusedReadouts = new Map<string, number>();
  /** The optimizer whose state the fused grid holds. */
  private fusedOptimizer: Optimizer | null = null;
  /** Once shared ({@link PathNet.share}, {@link PathNet.attach}): the optimizer owning the shared statistics. */
  private shared: { optimizer: Optimizer; spec: DenseOptimizerSpec } | null = null;
  /** True for a view opened by {@link PathNet.attach}. */
  private readonly attached: boolean;
  private readonly shapes: LayerShape[];
  private readonly modules: ModuleParams[][];
  private readonly frozen: boolean[][];
  private readonly readoutMap = new Map<string, Readout>();
  private disposed = false;

  private constructor(
    config: PathNetConfig,
    seed: number,
    denseLayout: DenseLayout,
    engine: Engine,
    threads: number | 'auto',
    concurrency: number,
    values?: NetworkValues,
    view?: { grid: DensePathwayKernel; handle: SharedGrid },
  ) {
    this.config = structuredClone(config) as PathNetConfig;
    this.seed = seed;
    this.denseLayout = denseLayout;
    this.engine = engine;
    this.attached = view !== undefined;
    this.fused =
      view?.grid ??
      (engine === 'fused' ? createFusedGrid(this.config, threads, concurrency) : null);
    this.shapes = layerShapes(this.config);
    const L = this.config.layers.length;
    const M = this.config.modulesPerLayer;
    this.frozen = [];
    this.modules = [];
    for (let l = 0; l < L; l++) {
      const ps = moduleParamShapes(this.config, this.shapes, l);
      const row: ModuleParams[] = [];
      for (let m = 0; m < M && !view; m++) {
        const v = values?.modules[l]?.[m];
        const k =
          v?.[0] ??
          glorotUniform(
            deriveSeed(seed, SALT_CREATE, l, m),
            product(ps.kernel),
            ps.fanIn,
            ps.fanOut,
          );
        const b = v?.[1] ?? new Float32Array(product(ps.bias));
        if (this.fused) this.fused.setModule(l, m, { weights: k, bias: b });
        else row.push({ kernel: makeVariable(k, ps.kernel), bias: makeVariable(b, ps.bias) });
      }
      this.modules.push(row);
      const frozen = view?.handle.frozen ?? values?.frozen;
      this.frozen.push(Array.from({ length: M }, (_, m) => frozen?.[l]?.[m] === true));
    }
    for (const r of values?.readouts ?? []) {
      this.addReadoutValues(r.taskId, r.numClasses, r.values);
    }
    if (view) {
      for (const [taskId, classes] of view.handle.readouts) this.fusedReadouts.set(taskId, classes);
      const optimizer = createOptimizer(view.handle.optimizer);
      this.shared = { optimizer, spec: fusedOptimizerSpec(optimizer) };
      this.fusedOptimizer = optimizer;
    }
  }

  /**
   * Shares this fused grid with other threads for hogwild training (the paper's asynchronous
   * A3C workers, Fernando et al. 2017, Sec. 2.2; Mnih et al. 2016): allocates `optimizer`'s
   * statistics (RMSProp's mean squares) for every module and readout now, in the grid's shared
   * WebAssembly memory, and reserves a region for each of `options.views` views. Post the
   * returned handle to worker threads and open it there with {@link PathNet.attach}; every
   * view's steps then read and write the same parameters and the same statistics, without
   * locks. This network keeps working as one more view. The readouts and frozen set are those
   * of now (the handle carries them); from now on steps here accept only optimizers with the
   * same hyperparameters (any learning rate) and never reset the statistics.
   * @returns a structured-cloneable {@link SharedGrid}.
   * @throws EngineError on engine 'tfjs', or for an optimizer the fused engine does not run
   *   (Adam, SGD momentum, weight decay); InvalidConfigError when `views` or `maxBatchSize` is
   *   not a positive integer.
   */
  share(optimizer: Optimizer, options: ShareOptions = {}): SharedGrid {
    this.alive();
    const fused = this.fused;
    if (fused === null) {
      throw new EngineError(
        "share: needs engine 'fused' (parameters in shared WebAssembly memory); create the PathNet with { engine: 'fused' }",
      );
    }
    const { views = 1, maxBatchSize = 64 } = options;
    for (const [name, v] of [
      ['views', views],
      ['maxBatchSize', maxBatchSize],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) {
        throw new InvalidConfigError(
          `options.${name}: expected an integer ≥ 1; got ${JSON.stringify(v)}`,
        );
      }
    }
    const spec = fusedOptimizerSpec(optimizer);
    if (spec.type === 'adam') throw new EngineError('share: Adam is not supported');
    this.useFusedOptimizer(fused, optimizer);
    const grid = fused.share(spec.type, { views, maxBatchSize });
    this.shared ??= { optimizer, spec };
    return {
      format: SHARED_GRID_FORMAT,
      config: structuredClone(this.config) as PathNetConfig,
      seed: this.seed,
      frozen: this.frozenModules(),
      readouts: this.readoutIds().map((id) => [id, this.readoutClasses(id)] as const),
      optimizer: { ...this.shared.optimizer.config, learningRate: optimizer.learningRate },
      grid,
    };
  }

  /**
   * Opens a view of a grid shared by {@link PathNet.share}, in this or any other thread (a
   * `worker_threads` Worker): a fused-engine `PathNet` whose {@link PathNet.forward} and
   * {@link PathNet.trainStepFromOutputGradient} (and `trainStep`) read and write the shared
   * parameters and the shared optimizer statistics, hogwild. Its {@link PathNet.optimizer} is
   * an optimizer with the shared configuration; set its learning rate per step (A3C anneals it
   * linearly) — only this view's steps see it. Frozen modules (the handle's frozen set) are
   * never written. Readouts cannot be added or removed on a view.
   * @throws ShapeMismatchError when `handle` is not a SharedGrid; KernelArgumentError when all
   *   its views are already attached.
   */
  static async attach(handle: SharedGrid): Promise<PathNet> {
    checkSharedGrid(handle);
    const grid = attachSharedPathway(handle.grid);
    return new PathNet(handle.config, handle.seed, 'per-module', 'fused', 1, 1, undefined, {
      grid,
      handle,
    });
  }

  /**
   * The optimizer whose statistics a shared grid holds: on a view from {@link PathNet.attach},
   * one made from the handle's configuration; after {@link PathNet.share}, the one given there.
   * `undefined` on a grid that is not shared.
   */
  get optimizer(): Optimizer | undefined {
    return this.shared?.optimizer;
  }

  /**
   * Copies of a module's optimizer statistics on the fused engine: `[kernel, bias]` of the
   * first slot (RMSProp: the mean square), then of the second (RMSProp: the moment), shaped as
   * {@link PathNet.readModule}; `[]` before any step of an optimizer with state.
   * @throws EngineError on engine 'tfjs' (its state lives in the Optimizer); ShapeMismatchError
   *   if an index is out of range.
   */
  readOptimizerState(layer: number, module: number): Float32Array[] {
    this.alive();
    this.fusedOnly('readOptimizerState');
    this.checkModule(layer, module);
    const kind = this.fusedOptimizer ? fusedOptimizerSpec(this.fusedOptimizer).type : 'sgd';
    return this.fused!.getModuleState(layer, module, kind);
  }

  /** A readout's optimizer statistics, laid out as {@link PathNet.readOptimizerState}. @throws EngineError, UnknownReadoutError */
  readReadoutOptimizerState(taskId: string): Float32Array[] {
    this.alive();
    this.fusedOnly('readReadoutOptimizerState');
    this.readoutClasses(taskId);
    const kind = this.fusedOptimizer ? fusedOptimizerSpec(this.fusedOptimizer).type : 'sgd';
    return this.fused!.getReadoutState(taskId, kind);
  }

  /** Throws for methods only the fused engine offers. */
  private fusedOnly(method: string): void {
    if (!this.fused) {
      throw new EngineError(
        `${method}: needs engine 'fused' (this PathNet uses 'tfjs'); create it with { engine: 'fused' }`,
      );
    }
  }

  /** Throws on a view from {@link PathNet.attach} (its layout is fixed by the handle). */
  private notAttached(method: string): void {
    if (this.attached) {
      throw new EngineError(
        `${method}: not available on a view of a shared grid (its readouts are fixed at share time); call it on the grid before share()`,
      );
    }
  }

  /**
   * Builds a PathNet with freshly initialised parameters: Glorot-uniform kernels drawn
   * with `pure-rand` from `seed` (so every backend gets identical values) and zero biases.
   * Nothing is frozen and there are no readouts yet.
   *
   * @throws InvalidConfigError if the config is malformed (see {@link validateConfig}), or
   *   `threads` / `concurrency` is not an integer ≥ 1 (`threads` may be `'auto'`).
   */
  static create(config: PathNetConfig, options: CreateOptions = {}): PathNet {
    validateConfig(config);
    checkThreading(options);
    return new PathNet(
      config,
      options.seed ?? 0,
      checkLayout(options.denseLayout),
      resolveEngine(config, options.engine),
      options.threads ?? 1,
      options.concurrency ?? 1,
    );
  }

  /**
   * Builds a PathNet from given parameter values (used by checkpoint loading).
   * @throws InvalidConfigError / ShapeMismatchError if values do not fit the config.
   */
  static fromValues(values: NetworkValues, options: Omit<CreateOptions, 'seed'> = {}): PathNet {
    validateConfig(values.config);
    checkThreading(options);
    const shapes = layerShapes(values.config);
    const L = values.config.layers.length;
    const M = values.config.modulesPerLayer;
    if (values.modules.length !== L || values.frozen.length !== L) {
      throw new ShapeMismatchError(
        `values.modules / values.frozen: expected ${L} layers; got ${values.modules.length} / ${values.frozen.length}`,
      );
    }
    for (let l = 0; l < L; l++) {
      const ps = moduleParamShapes(values.config, shapes, l);
      const row = values.modules[l]!;
      if (row.length !== M || values.frozen[l]!.length !== M) {
        throw new ShapeMismatchError(
          `values.modules[${l}]: expected ${M} modules; got ${row.length}`,
        );
      }
      row.forEach((v, m) => {
        checkLengths(`values.modules[${l}][${m}]`, v, [product(ps.kernel), product(ps.bias)]);
      });
    }
    return new PathNet(
      values.config,
      values.seed,
      checkLayout(options.denseLayout),
      resolveEngine(values.config, options.engine),
      options.threads ?? 1,
      options.concurrency ?? 1,
      values,
    );
  }

  private alive(): void {
    if (this.disposed) throw new DisposedError('PathNet: used after dispose()');
  }

  /** Throws for methods the fused engine does not offer. */
  private tfjsOnly(method: string): void {
    if (this.fused) {
      throw new EngineError(
        `${method}: needs engine 'tfjs' (this PathNet uses 'fused'); create it with { engine: 'tfjs' }`,
      );
    }
  }

  /** Classes of a task's readout, on either engine. @throws UnknownReadoutError */
  private readoutClasses(taskId: string): number {
    if (this.fused) {
      const c = this.fusedReadouts.get(taskId);
      if (c === undefined) this.unknownReadout(taskId);
      return c;
    }
    return this.readout(taskId).numClasses;
  }

  private unknownReadout(taskId: string): never {
    const known = this.readoutIds()
      .map((k) => JSON.stringify(k))
      .join(', ');
    throw new UnknownReadoutError(
      `taskId: no readout for ${JSON.stringify(taskId)}; known task ids: ${known || '(none; call addReadout first)'}`,
    );
  }

  private readout(taskId: string): Readout {
    const r = this.readoutMap.get(taskId);
    if (r === undefined) {
      const known = [...this.readoutMap.keys()].map((k) => JSON.stringify(k)).join(', ');
      throw new UnknownReadoutError(
        `taskId: no readout for ${JSON.stringify(taskId)}; known task ids: ${known || '(none; call addReadout first)'}`,
      );
    }
    return r;
  }

  /** Flattened output size of the last layer (the readout's input width). */
  get featureSize(): number {
    return product(this.shapes[this.shapes.length - 1]!.output);
  }

  /** Output shape of each layer, without batch axis. */
  get layerOutputShapes(): number[][] {
    return this.shapes.map((s) => [...s.output]);
  }

  private addReadoutValues(taskId: string, numClasses: number, values: readonly Float32Array[]) {
    const D = this.featureSize;
    checkLengths(`readout ${JSON.stringify(taskId)}`, values, [D * numClasses, numClasses]);
    if (this.fused) {
      this.fused.addReadout(taskId, numClasses);
      this.fused.setReadout(taskId, { weights: values[0]!, bias: values[1]! });
      this.fusedReadouts.set(taskId, numClasses);
      return;
    }
    this.readoutMap.set(taskId, {
      numClasses,
      kernel: makeVariable(values[0]!, [D, numClasses]),
      bias: makeVariable(values[1]!, [numClasses]),
    });
  }

  /**
   * Adds a task-specific linear readout (Fernando et al. 2017, Sec. 2): `logits = f · W + b`,
   * `W [featureSize, numClasses]` Glorot uniform from `seed`, `b` zeros.
   *
   * @param seed default: derived from the network seed and `taskId`.
   * @throws DuplicateReadoutError if `taskId` already has one; InvalidConfigError if
   *   `numClasses` is not a positive integer.
   */
  addReadout(taskId: string, numClasses: number, seed?: number): void {
    this.alive();
    this.notAttached('addReadout');
    if (this.readoutMap.has(taskId) || this.fusedReadouts.has(taskId)) {
      throw new DuplicateReadoutError(
        `taskId: a readout for ${JSON.stringify(taskId)} already exists; remove it first`,
      );
    }
    if (!Number.isInteger(numClasses) || numClasses < 1) {
      throw new InvalidConfigError(
        `numClasses: expected a positive integer; got ${String(numClasses)}`,
      );
    }
    const D = this.featureSize;
    const s = seed ?? deriveSeed(this.seed, SALT_READOUT, hashString(taskId));
    const k = glorotUniform(deriveSeed(s, SALT_READOUT), D * numClasses, D, numClasses);
    this.addReadoutValues(taskId, numClasses, [k, new Float32Array(numClasses)]);
  }

  /** Removes and frees a task's readout. @throws UnknownReadoutError if there is none. */
  removeReadout(taskId: string): void {
    this.alive();
    this.notAttached('removeReadout');
    if (this.fused) {
      this.readoutClasses(taskId);
      this.fused.removeReadout(taskId);
      this.fusedReadouts.delete(taskId);
      return;
    }
    const r = this.readout(taskId);
    r.kernel.dispose();
    r.bias.dispose();
    this.readoutMap.delete(taskId);
  }

  /** Task ids that have a readout, in insertion order. */
  readoutIds(): string[] {
    return [...(this.fused ? this.fusedReadouts : this.readoutMap).keys()];
  }

  /** Number of classes (outputs) of a task's readout. @throws UnknownReadoutError */
  readoutSize(taskId: string): number {
    return this.readoutClasses(taskId);
  }

  private checkModule(layer: number, module: number): void {
    const L = this.config.layers.length;
    const M = this.config.modulesPerLayer;
    if (!Number.isInteger(layer) || layer < 0 || layer >= L) {
      throw new ShapeMismatchError(`layer: expected an integer in [0, ${L}); got ${layer}`);
    }
    if (!Number.isInteger(module) || module < 0 || module >= M) {
      throw new ShapeMismatchError(`module: expected an integer in [0, ${M}); got ${module}`);
    }
  }

  private inputTensor(x: Float32Array, batchSize: number): tf.Tensor {
    this.checkInput(x, batchSize);
    return tf.tensor(x, [batchSize, ...this.config.inputShape], 'float32');
  }

  private checkInput(x: Float32Array, batchSize: number): void {
    const per = product(this.config.inputShape);
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new ShapeMismatchError(`batchSize: expected a positive integer; got ${batchSize}`);
    }
    if (!(x instanceof Float32Array) || x.length !== batchSize * per) {
      throw new ShapeMismatchError(
        `x: expected Float32Array of length ${batchSize * per} (batchSize ${batchSize} × input [${this.config.inputShape.join(', ')}]); got ${x instanceof Float32Array ? `length ${x.length}` : typeof x}`,
      );
    }
  }

  private checkLabels(y: Int32Array, batchSize: number, numClasses: number): void {
    if (!(y instanceof Int32Array) || y.length !== batchSize) {
      throw new ShapeMismatchError(
        `y: expected Int32Array of length ${batchSize} (batchSize); got ${y instanceof Int32Array ? `length ${y.length}` : typeof y}`,
      );
    }
    for (let i = 0; i < y.length; i++) {
      const c = y[i]!;
      if (c < 0 || c >= numClasses) {
        throw new ShapeMismatchError(`y[${i}]: expected a class in [0, ${numClasses}); got ${c}`);
      }
    }
  }

  /** Forward through the active modules; returns each layer's output `[B, ...shape]`. */
  private layersForward(active: readonly number[][], x: tf.Tensor): tf.Tensor[] {
    const outs: tf.Tensor[] = [];
    let h = x;
    this.config.layers.forEach((layer, l) => {
      const act = active[l]!;
      const params = act.map((m) => this.modules[l]![m]!);
      const spec = layer.module;
      let y: tf.Tensor;
      if (spec.kind === 'dense') {
        const inp = h.rank === 2 ? h : tf.reshape(h, [h.shape[0]!, -1]);
        if (this.denseLayout === 'per-module') {
          const reduced = denseLayer(
            inp as tf.Tensor2D,
            params.map((p) => p.kernel),
            params.map((p) => p.bias),
            layer.activation,
            layer.reduction,
            l > 0,
          );
          outs.push(reduced);
          h = reduced;
          return;
        }
        if (this.denseLayout === 'concat' && params.length > 1) {
          const k = tf.concat(
            params.map((p) => p.kernel),
            1,
          );
          const b = tf.concat(
            params.map((p) => p.bias),
            0,
          );
          const z = activate(
            tf.add(tf.matMul(inp as tf.Tensor2D, k as tf.Tensor2D), b),
            layer.activation,
          );
          y = tf.sum(tf.reshape(z, [inp.shape[0]!, params.length, spec.units]), 1);
        } else {
          const zs = params.map((p) =>
            activate(
              tf.add(tf.matMul(inp as tf.Tensor2D, p.kernel as tf.Tensor2D), p.bias),
              layer.activation,
            ),
          );
          y = zs.length === 1 ? zs[0]! : tf.addN(zs);
        }
      } else {
        const zs = params.map((p) =>
          activate(
            tf.add(
              tf.conv2d(
                h as tf.Tensor4D,
                p.kernel as tf.Tensor4D,
                spec.strides,
                spec.padding ?? 'valid',
              ),
              p.bias,
            ),
            layer.activation,
          ),
        );
        y = zs.length === 1 ? zs[0]! : tf.addN(zs);
      }
      if (layer.reduction === 'mean' && params.length > 1) y = tf.div(y, params.length);
      outs.push(y);
      h = y;
    });
    return outs;
  }

  private logits(active: readonly number[][], r: Readout, x: tf.Tensor): tf.Tensor2D {
    const outs = this.layersForward(active, x);
    const h = outs[outs.length - 1]!;
    const f = tf.reshape(h, [h.shape[0]!, -1]) as tf.Tensor2D;
    return tf.add(tf.matMul(f, r.kernel as tf.Tensor2D), r.bias) as tf.Tensor2D;
  }

  /** Active, trainable (not frozen) parameters of a pathway, plus the readout's. */
  private trainables(active: readonly number[][], r: Readout) {
    const vars: tf.Variable[] = [];
    const owners: { layer: number; module: number }[] = [];
    active.forEach((row, l) => {
      for (const m of row) {
        if (this.frozen[l]![m]) continue;
        const p = this.modules[l]![m]!;
        vars.push(p.kernel, p.bias);
        owners.push({ layer: l, module: m });
      }
    });
    vars.push(r.kernel, r.bias);
    return { vars, owners };
  }

  private checkTrainable(active: readonly number[][]): void {
    const kinds = new Set<'dense' | 'conv2d'>();
    this.config.layers.forEach((layer) => {
      kinds.add(layer.module.kind);
    });
    if (active.length > 0 && kinds.has('conv2d')) assertCanTrain(['conv2d']);
  }

  /**
   * Evaluates `loss` on the pathway and returns loss, gradients of active trainable
   * parameters, and (optionally, kept) extra tensors. Everything else is disposed.
   */
  private lossAndGrads(
    active: number[][],
    r: Readout,
    xT: tf.Tensor,
    loss: (logits: tf.Tensor2D) => tf.Scalar,
    extra?: (logits: tf.Tensor2D) => tf.Tensor,
  ) {
    const { vars, owners } = this.trainables(active, r);
    let kept: tf.Tensor | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const logits = this.logits(active, r, xT);
      if (extra) kept = tf.keep(extra(logits));
      return loss(logits);
    }, vars);
    const gradList = vars.map((v) => grads[v.name] ?? tf.zerosLike(v));
    return { value, vars, owners, grads: gradList, kept };
  }

  /**
   * One supervised training step on a task (Fernando et al. 2017, Sec. 2): forward through the
   * pathway's active modules and the task's readout, mean softmax cross-entropy,
   * gradients of the active trainable (non-frozen) parameters and the readout only, and
   * one optimizer update of exactly those parameters.
   *
   * @param pathway L rows of ≤ N module indices.
   * @param batch `x` Float32Array [B · prod(inputShape)], `y` Int32Array [B].
   * @returns loss and accuracy of the minibatch, measured before the update, and whether the
   *   step was skipped (a NaN or ±Infinity loss or gradient: nothing changed).
   * @throws InvalidPathwayError, UnknownReadoutError, ShapeMismatchError (bad x/y),
   *   NonFiniteError (NaN or ±Infinity in `batch.x`), MissingKernelError (conv layers on a
   *   backend without conv gradients). Nothing is changed when it throws.
   */
  trainStep(pathway: Pathway, taskId: string, batch: Batch, optimizer: Optimizer): StepResult {
    this.alive();
    if (this.fused) return this.fusedTrainStep(this.fused, pathway, taskId, batch, optimizer);
    const active = validatePathway(pathway, this.config);
    const r = this.readout(taskId);
    this.checkInput(batch.x, batch.batchSize);
    this.checkLabels(batch.y, batch.batchSize, r.numClasses);
    checkFiniteArray('x', batch.x);
    this.checkTrainable(active);
    const B = batch.batchSize;
    const { vars, grads, numbers } = tf.tidy(() => {
      const xT = this.inputTensor(batch.x, B);
      const yT = tf.tensor1d(batch.y, 'int32');
      const oneHot = tf.oneHot(yT, r.numClasses);
      const res = this.lossAndGrads(
        active,
        r,
        xT,
        (logits) => tf.losses.softmaxCrossEntropy(oneHot, logits) as tf.Scalar,
        (logits) => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), yT), 'float32')),
      );
      const correct = res.kept!;
      const numbers = tf.stack([res.value, correct, nonFiniteProbe([res.value, ...res.grads])]);
      correct.dispose();
      return { vars: res.vars, grads: res.grads, numbers };
    });
    const [loss, correct, probe] = numbers.dataSync();
    numbers.dispose();
    const skipped = !this.applyIfFinite(optimizer, vars, grads, probe!);
    return { loss: loss!, accuracy: correct! / B, skipped };
  }

  /**
   * Applies `grads` to `vars` when `probe` (see {@link nonFiniteProbe}) says the loss and every
   * gradient are finite; disposes the gradients either way.
   * @returns whether it applied them.
   */
  private applyIfFinite(
    optimizer: Optimizer,
    vars: readonly tf.Variable[],
    grads: readonly tf.Tensor[],
    probe: number,
  ): boolean {
    const finite = probe === 0;
    try {
      if (finite) optimizer.applyGradients(vars, grads);
    } finally {
      tf.dispose([...grads]);
    }
    return finite;
  }

  /**
   * Trains several pathways at once, hogwild, as the paper's asynchronous
   * workers do (Sec. 2.2; Recht et al. 2011). On the fused engine created with
   * `concurrency` c, the steps run c at a time — one on this thread, one on
   * each step worker — each a whole {@link PathNet.trainStep} on the shared
   * parameters without locks: an update may land between another step's
   * forward pass and its update, so results vary from run to run when c > 1.
   * Frozen modules are never written. On the tfjs engine, or with c = 1, the
   * steps run one after another in order (exactly as many `trainStep` calls).
   * SGD and RMSProp only on the fused engine (as `trainStep`).
   * @returns one result per step, in order.
   * @throws the errors of {@link PathNet.trainStep}, for the first bad step, before any step runs
   *   (fused engine; the tfjs engine checks every step's `x` for NaN and ±Infinity first, the
   *   rest of each step as it comes).
   */
  trainConcurrently(
    steps: readonly { pathway: Pathway; taskId: string; batch: Batch }[],
    optimizer: Optimizer,
  ): StepResult[] {
    this.alive();
    const fused = this.fused;
    if (fused === null) {
      steps.forEach((s, i) => {
        checkFiniteArray(`steps[${i}].batch.x`, s.batch.x);
      });
      return steps.map((s) => this.trainStep(s.pathway, s.taskId, s.batch, optimizer));
    }
    const spec = fusedOptimizerSpec(optimizer);
    const trainable = this.trainableMask();
    const items = steps.map((s, i) =>
      this.fusedStep(s.pathway, s.taskId, s.batch, trainable, `steps[${i}].batch.x`),
    );
    this.useFusedOptimizer(fused, optimizer);
    return fused
      .trainConcurrently(items, spec)
      .map(({ loss, accuracy, skipped }) => ({ loss, accuracy, skipped }));
  }

  /**
   * Makes `optimizer` the one whose state the fused grid holds (its state starts afresh). On a
   * shared grid the statistics are never reset: `optimizer` must have the shared one's
   * hyperparameters (any learning rate).
   * @throws EngineError for another optimizer configuration on a shared grid.
   */
  private useFusedOptimizer(fused: DensePathwayKernel, optimizer: Optimizer): void {
    if (optimizer === this.fusedOptimizer) return;
    if (this.shared !== null) {
      checkSharedOptimizer(fusedOptimizerSpec(optimizer), this.shared.spec);
    } else {
      fused.resetOptimizerState();
    }
    this.fusedOptimizer = optimizer;
  }

  /**
   * {@link PathNet.trainStep} on the fused engine: the same checks, then one call of the
   * kernels. The grid holds the state of one optimizer at a time: a step with another
   * optimizer object than the previous step starts from fresh optimizer state.
   */
  private fusedTrainStep(
    fused: DensePathwayKernel,
    pathway: Pathway,
    taskId: string,
    batch: Batch,
    optimizer: Optimizer,
  ): StepResult {
    const step = this.fusedStep(pathway, taskId, batch, this.trainableMask());
    const spec = fusedOptimizerSpec(optimizer);
    this.useFusedOptimizer(fused, optimizer);
    const r = fused.trainStep(step.active, step.x, step.y, spec, step.options);
    return { loss: r.loss, accuracy: r.accuracy, skipped: r.skipped };
  }

  /**
   * One step's arguments for the fused grid, checked as {@link PathNet.trainStep} checks them.
   * @param trainable - L×M, true where a module is not frozen ({@link PathNet.trainableMask}).
   */
  private fusedStep(
    pathway: Pathway,
    taskId: string,
    batch: Batch,
    trainable: boolean[][],
    inputName = 'x',
  ) {
    const active = validatePathway(pathway, this.config);
    const classes = this.readoutClasses(taskId);
    this.checkInput(batch.x, batch.batchSize);
    this.checkLabels(batch.y, batch.batchSize, classes);
    checkFiniteArray(inputName, batch.x);
    return { active, x: batch.x, y: batch.y, options: { readout: taskId, trainable } };
  }

  /** L×M: true where a module is not frozen (the fused grid's `trainable` option). */
  private trainableMask(): boolean[][] {
    return this.frozen.map((row) => row.map((f) => !f));
  }

  /**
   * One training step with a caller-supplied loss of the readout's outputs (e.g. the A3C
   * policy and value loss). Same masking and freezing rules as {@link PathNet.trainStep}.
   *
   * @param x Float32Array [B · prod(inputShape)].
   * @param lossFn `(outputs: Tensor2D [B, numClasses]) => Scalar`, built with tfjs ops.
   * @returns the loss before the update; NaN when the step was skipped because the loss or a
   *   gradient was NaN or ±Infinity (nothing changed then).
   * @throws InvalidPathwayError, UnknownReadoutError, ShapeMismatchError, NonFiniteError (NaN
   *   or ±Infinity in `x`), MissingKernelError, EngineError (engine 'fused': use
   *   {@link PathNet.trainStepFromOutputGradient}).
   */
  trainStepWithLoss(
    pathway: Pathway,
    taskId: string,
    x: Float32Array,
    batchSize: number,
    lossFn: LossFn,
    optimizer: Optimizer,
  ): number {
    this.alive();
    this.tfjsOnly('trainStepWithLoss');
    const active = validatePathway(pathway, this.config);
    const r = this.readout(taskId);
    this.checkInput(x, batchSize);
    checkFiniteArray('x', x);
    this.checkTrainable(active);
    const { vars, grads, numbers } = tf.tidy(() => {
      const xT = this.inputTensor(x, batchSize);
      const { value, vars, grads } = this.lossAndGrads(active, r, xT, lossFn);
      return { vars, grads, numbers: tf.stack([value, nonFiniteProbe([value, ...grads])]) };
    });
    const [loss, probe] = numbers.dataSync();
    numbers.dispose();
    return this.applyIfFinite(optimizer, vars, grads, probe!) ? loss! : Number.NaN;
  }

  /**
   * One training step with any loss computed in TypeScript from the readout's outputs (e.g.
   * A3C's policy, value and entropy terms, Mnih et al. 2016): the forward pass through the
   * pathway's active modules and the task's readout, `lossFn(outputs)`, then the backward pass
   * from the gradient dLoss/dOutputs it returns and one optimizer update of the active,
   * trainable (non-frozen) modules and the readout — the rules of {@link PathNet.trainStep}
   * (same optimizer, clipping over the updated parameters only; frozen modules get no change,
   * no optimizer state, no clipping share). On the fused engine: one WebAssembly forward pass
   * that keeps its activations, the callback, one backward pass with the update. On 'tfjs' the
   * gradient enters as the constant `g` of `sum(outputs ⊙ g)`.
   *
   * A non-finite loss or output gradient from the callback, or a non-finite parameter gradient,
   * skips the step: nothing changes and the result says `skipped`.
   *
   * @param x Float32Array [B · prod(inputShape)].
   * @param lossFn `(outputs: Float32Array [B · C]) => { loss, gradient: Float32Array [B · C] }`.
   * @throws InvalidPathwayError, UnknownReadoutError, ShapeMismatchError (bad `x`, or a gradient
   *   that is not a Float32Array [B · C]), NonFiniteError (NaN or ±Infinity in `x`, thrown
   *   before the forward pass), EngineError (an optimizer the fused engine does not run),
   *   MissingKernelError. Nothing is changed when it throws.
   */
  trainStepFromOutputGradient(
    pathway: Pathway,
    taskId: string,
    x: Float32Array,
    batchSize: number,
    lossFn: OutputLossFn,
    optimizer: Optimizer,
  ): OutputGradientStepResult {
    this.alive();
    const active = validatePathway(pathway, this.config);
    const classes = this.readoutClasses(taskId);
    this.checkInput(x, batchSize);
    checkFiniteArray('x', x);
    const checked: OutputLossFn = (outputs) => {
      const res = lossFn(outputs);
      checkGradient(res?.gradient, batchSize, classes);
      return res;
    };
    if (this.fused) {
      const spec = fusedOptimizerSpec(optimizer);
      this.useFusedOptimizer(this.fused, optimizer);
      const options = { readout: taskId, trainable: this.trainableMask() };
      const { loss, skipped } = this.fused.trainStepFromOutputGradient(
        active,
        x,
        checked,
        spec,
        options,
      );
      return { loss, skipped };
    }
    this.checkTrainable(active);
    const r = this.readout(taskId);
    let result: ReturnType<OutputLossFn> | undefined;
    const { vars, grads, probe } = tf.tidy(() => {
      const xT = this.inputTensor(x, batchSize);
      const { vars, grads } = this.lossAndGrads(active, r, xT, (outputs) => {
        result = checked((outputs.dataSync() as Float32Array).slice());
        const usable = Number.isFinite(result.loss) && result.gradient.every(Number.isFinite);
        const g = usable
          ? tf.tensor2d(result.gradient, [batchSize, classes])
          : tf.zerosLike(outputs);
        return tf.sum(tf.mul(outputs, g));
      });
      return { vars, grads, probe: nonFiniteProbe(grads) };
    });
    const p = probe.dataSync()[0]!;
    probe.dispose();
    const { loss, gradient } = result!;
    const usable = Number.isFinite(loss) && gradient.every(Number.isFinite);
    const applied = usable ? this.applyIfFinite(optimizer, vars, grads, p) : false;
    if (!usable) tf.dispose(grads);
    return { loss, skipped: !applied };
  }

  /**
   * Gradients of a loss on a pathway, without updating anything: the supervised
   * cross-entropy when `lossFn` is omitted (then `batch.y` is required), else `lossFn`.
   * Only active trainable modules appear; frozen and inactive ones get no gradient.
   *
   * @throws as {@link PathNet.trainStep}.
   */
  computeGradients(
    pathway: Pathway,
    taskId: string,
    batch: { readonly x: Float32Array; readonly y?: Int32Array; readonly batchSize: number },
    lossFn?: LossFn,
  ): Gradients {
    this.alive();
    this.tfjsOnly('computeGradients');
    const active = validatePathway(pathway, this.config);
    const r = this.readout(taskId);
    if (lossFn === undefined) {
      if (batch.y === undefined) {
        throw new ShapeMismatchError(
          'y: expected Int32Array [B] when no lossFn is given; got undefined',
        );
      }
      this.checkLabels(batch.y, batch.batchSize, r.numClasses);
    }
    this.checkTrainable(active);
    const { value, owners, grads } = tf.tidy(() => {
      const xT = this.inputTensor(batch.x, batch.batchSize);
      const loss: LossFn =
        lossFn ??
        ((logits) =>
          tf.losses.softmaxCrossEntropy(
            tf.oneHot(tf.tensor1d(batch.y!, 'int32'), r.numClasses),
            logits,
          ) as tf.Scalar);
      const res = this.lossAndGrads(active, r, xT, loss);
      return { value: res.value, owners: res.owners, grads: res.grads };
    });
    const arrays = grads.map((g) => g.dataSync() as Float32Array);
    const loss = value.dataSync()[0]!;
    tf.dispose([value, ...grads]);
    return {
      loss,
      modules: owners.map((o, i) => ({
        layer: o.layer,
        module: o.module,
        grads: [arrays[2 * i]!, arrays[2 * i + 1]!],
      })),
      readout: [arrays[arrays.length - 2]!, arrays[arrays.length - 1]!],
    };
  }

  /**
   * Readout outputs of a pathway for a batch (Fernando et al. 2017, Sec. 2): the active modules'
   * layers, then the task's linear readout; no softmax (logits for classification, policy
   * logits and value for A3C). On the fused engine, one WebAssembly call.
   * @param x Float32Array [B · prod(inputShape)].
   * @returns Float32Array [B · numClasses], row-major.
   * @throws InvalidPathwayError, UnknownReadoutError, ShapeMismatchError.
   */
  forward(pathway: Pathway, taskId: string, x: Float32Array, batchSize: number): Float32Array {
    return this.predict(pathway, taskId, x, batchSize);
  }

  /**
   * Readout outputs (logits) of a pathway for a batch; the same as {@link PathNet.forward}.
   * @param x Float32Array [B · prod(inputShape)].
   * @returns Float32Array [B · numClasses], row-major.
   * @throws InvalidPathwayError, UnknownReadoutError, ShapeMismatchError.
   */
  predict(pathway: Pathway, taskId: string, x: Float32Array, batchSize: number): Float32Array {
    this.alive();
    const active = validatePathway(pathway, this.config);
    if (this.fused) {
      this.readoutClasses(taskId);
      this.checkInput(x, batchSize);
      return this.fused.forward(active, x, taskId);
    }
    const r = this.readout(taskId);
    const out = tf.tidy(() => this.logits(active, r, this.inputTensor(x, batchSize)));
    const data = out.dataSync() as Float32Array;
    out.dispose();
    return data;
  }

  /**
   * Output of every layer of a pathway (after reduction), e.g. to inspect features.
   * @returns one Float32Array [B · prod(layerOutputShapes[l])] per layer.
   * @throws InvalidPathwayError, ShapeMismatchError.
   */
  activations(pathway: Pathway, x: Float32Array, batchSize: number): Float32Array[] {
    this.alive();
    this.tfjsOnly('activations');
    const active = validatePathway(pathway, this.config);
    const outs = tf.tidy(() => this.layersForward(active, this.inputTensor(x, batchSize)));
    const data = outs.map((o) => o.dataSync() as Float32Array);
    tf.dispose(outs);
    return data;
  }

  /**
   * Classification accuracy of a pathway on a (large) labelled set, evaluated in chunks
   * of `chunkSize` examples.
   * @param data `x` Float32Array [B · prod(inputShape)], `y` Int32Array [B].
   * @returns fraction correct in [0, 1].
   * @throws InvalidPathwayError, UnknownReadoutError, ShapeMismatchError.
   */
  evaluate(pathway: Pathway, taskId: string, data: Batch, chunkSize = 512): number {
    this.alive();
    const active = validatePathway(pathway, this.config);
    const classes = this.readoutClasses(taskId);
    const B = data.batchSize;
    const per = product(this.config.inputShape);
    if (!Number.isInteger(B) || B < 1 || data.x.length !== B * per) {
      throw new ShapeMismatchError(
        `x: expected Float32Array of length ${B * per} (batchSize ${B} × input [${this.config.inputShape.join(', ')}]); got length ${data.x.length}`,
      );
    }
    this.checkLabels(data.y, B, classes);
    let correct = 0;
    for (let start = 0; start < B; start += chunkSize) {
      const n = Math.min(chunkSize, B - start);
      const x = data.x.subarray(start * per, (start + n) * per);
      const y = data.y.subarray(start, start + n);
      correct += this.fused
        ? countCorrect(this.fused.forward(active, x, taskId), y, classes)
        : this.countCorrectTfjs(active, taskId, x, y);
    }
    return correct / B;
  }

  /** Examples of one chunk (x [n · prod(inputShape)], y [n]) classified correctly, on tfjs. */
  private countCorrectTfjs(
    active: number[][],
    taskId: string,
    x: Float32Array,
    y: Int32Array,
  ): number {
    const r = this.readout(taskId);
    const c = tf.tidy(() => {
      const xT = tf.tensor(x, [y.length, ...this.config.inputShape]);
      const logits = this.logits(active, r, xT);
      return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.tensor1d(y, 'int32')), 'float32'));
    });
    const count = c.dataSync()[0]!;
    c.dispose();
    return count;
  }

  /**
   * Freezes every active module of a pathway (Fernando et al. 2017, Sec. 2.3, step 2):
   * from now on no training step, optimizer state, weight decay, clipping or
   * {@link PathNet.copyModule}/{@link PathNet.writeModule} changes them.
   * @throws InvalidPathwayError
   */
  freeze(pathway: Pathway): void {
    this.alive();
    const active = validatePathway(pathway, this.config);
    active.forEach((row, l) => {
      for (const m of row) this.frozen[l]![m] = true;
    });
  }

  /** Unfreezes every module (e.g. for a fine-tuning control). */
  unfreezeAll(): void {
    for (const row of this.frozen) row.fill(false);
  }

  /** Whether module `module` of layer `layer` is frozen. @throws ShapeMismatchError if out of range. */
  isFrozen(layer: number, module: number): boolean {
    this.checkModule(layer, module);
    return this.frozen[layer]![module]!;
  }

  /** A copy of the frozen set, boolean[L][M]. */
  frozenModules(): boolean[][] {
    return this.frozen.map((row) => [...row]);
  }

  /**
   * Re-initialises every module that is not frozen (Fernando et al. 2017, Sec. 2.3, step 3)
   * with Glorot-uniform kernels from `seed` (a stream distinct from `create`'s) and zero
   * biases. Frozen modules and readouts are left as they are.
   */
  reinitializeUnfrozen(seed: number): void {
    this.alive();
    this.frozen.forEach((row, l) => {
      const ps = moduleParamShapes(this.config, this.shapes, l);
      row.forEach((frozen, m) => {
        if (frozen) return;
        const k = glorotUniform(
          deriveSeed(seed, SALT_REINIT, l, m),
          product(ps.kernel),
          ps.fanIn,
          ps.fanOut,
        );
        this.writeModule(l, m, [k, new Float32Array(product(ps.bias))]);
      });
    });
  }

  /**
   * Module duplication (Fernando et al. 2017, Sec. 3.4, Labyrinth): copies the
   * parameters of module `from` onto module `to` of the same layer, plus uniform noise
   * U(-p, p) with p = `perturbation`.
   * @throws FrozenModuleError if `to` is frozen; ShapeMismatchError if an index is out of range.
   */
  copyModule(layer: number, from: number, to: number, options: CopyModuleOptions = {}): void {
    this.alive();
    this.checkModule(layer, from);
    this.checkModule(layer, to);
    if (this.frozen[layer]![to]) {
      throw new FrozenModuleError(
        `to: module ${to} of layer ${layer} is frozen; expected an unfrozen target module`,
      );
    }
    const p = options.perturbation ?? 0;
    if (!(p >= 0) || !Number.isFinite(p)) {
      throw new ShapeMismatchError(`perturbation: expected a finite number ≥ 0; got ${p}`);
    }
    const src = this.readModule(layer, from);
    const seed = options.seed ?? 0;
    const values = src.map((v, i) => {
      if (p === 0) return v;
      const noise = uniformValues(deriveSeed(seed, layer, from, to, i), v.length, -p, p);
      return v.map((x, j) => x + noise[j]!);
    });
    this.writeModule(layer, to, values);
  }

  /**
   * Copies of a module's parameters: `[kernel, bias]`, kernel Float32Array
   * [inputSize · units] (dense) or [k · k · inChannels · filters] (conv2d), bias [units | filters].
   * @throws ShapeMismatchError if an index is out of range.
   */
  readModule(layer: number, module: number): Float32Array[] {
    this.alive();
    this.checkModule(layer, module);
    if (this.fused) {
      const { weights, bias } = this.fused.getModule(layer, module);
      return [weights, bias];
    }
    const p = this.modules[layer]![module]!;
    return [p.kernel.dataSync() as Float32Array, p.bias.dataSync() as Float32Array].map((a) =>
      Float32Array.from(a),
    );
  }

  /**
   * Overwrites a module's parameters (same layout as {@link PathNet.readModule}).
   * @throws FrozenModuleError if the module is frozen; ShapeMismatchError on bad lengths.
   */
  writeModule(layer: number, module: number, values: readonly Float32Array[]): void {
    this.alive();
    this.checkModule(layer, module);
    if (this.frozen[layer]![module]) {
      throw new FrozenModuleError(
        `module ${module} of layer ${layer} is frozen; expected an unfrozen module to write`,
      );
    }
    const ps = moduleParamShapes(this.config, this.shapes, layer);
    checkLengths(`values of module ${module} of layer ${layer}`, values, [
      product(ps.kernel),
      product(ps.bias),
    ]);
    if (this.fused) {
      this.fused.setModule(layer, module, { weights: values[0]!, bias: values[1]! });
      return;
    }
    const p = this.modules[layer]![module]!;
    tf.tidy(() => {
      p.kernel.assign(tf.tensor(values[0]!, p.kernel.shape, 'float32'));
      p.bias.assign(tf.tensor(values[1]!, p.bias.shape, 'float32'));
    });
  }

  /** Copies of a readout's `[kernel [featureSize · C], bias [C]]`. @throws UnknownReadoutError */
  readReadout(taskId: string): Float32Array[] {
    this.alive();
    if (this.fused) {
      this.readoutClasses(taskId);
      const { weights, bias } = this.fused.getReadout(taskId);
      return [weights, bias];
    }
    const r = this.readout(taskId);
    return [Float32Array.from(r.kernel.dataSync()), Float32Array.from(r.bias.dataSync())];
  }

  /** Every parameter value, for checkpoints. */
  toValues(): NetworkValues {
    this.alive();
    return {
      config: structuredClone(this.config) as PathNetConfig,
      seed: this.seed,
      frozen: this.frozenModules(),
      modules: this.frozen.map((row, l) => row.map((_, m) => this.readModule(l, m))),
      readouts: this.readoutIds().map((taskId) => ({
        taskId,
        numClasses: this.readoutClasses(taskId),
        values: this.readReadout(taskId),
      })),
    };
  }

  /**
   * Saves config, seed, frozen set, every module and every readout to a folder: a JSON
   * manifest (format version, tensor names, shapes, dtypes, offsets, SHA-256) and one
   * binary weights file, written atomically (see {@link writeCheckpoint}).
   * @throws CheckpointError on I/O failure (the previous checkpoint in `dir`, if any, stays valid).
   */
  async save(dir: string): Promise<void> {
    await writeCheckpoint(dir, this.toValues());
  }

  /**
   * Loads a folder written by {@link PathNet.save}; `options.expect` states the config
   * the caller expects (see {@link ReadCheckpointOptions}).
   * @throws CheckpointError if the manifest is missing, of another version, edited, does
   *   not fit its schema or the config's shapes, differs from `options.expect`, or the
   *   weights file is truncated, corrupted or holds non-finite values.
   */
  static async load(
    dir: string,
    options: Omit<CreateOptions, 'seed'> & ReadCheckpointOptions = {},
  ): Promise<PathNet> {
    return PathNet.fromValues(await readCheckpoint(dir, options), options);
  }

  /** Number of tfjs parameter tensors held (2 per module + 2 per readout; 0 on the fused engine). */
  get numParameterTensors(): number {
    return 2 * (this.modules.reduce((n, row) => n + row.length, 0) + this.readoutMap.size);
  }

  /**
   * Pathways {@link PathNet.trainConcurrently} trains at once now: on the fused
   * engine, 1 + its step workers running (see {@link CreateOptions.concurrency}); else 1.
   */
  get concurrency(): number {
    return this.fused?.concurrency ?? 1;
  }

  /**
   * Resolves once the fused engine's helper threads and step workers (see
   * {@link CreateOptions.threads}, {@link CreateOptions.concurrency}) have started;
   * until then its steps run on the calling thread. At once on 'tfjs'.
   * @returns this network.
   */
  async ready(): Promise<this> {
    await this.fused?.ready();
    return this;
  }

  /** Frees every tensor and stops the fused engine's helper threads. Later calls throw DisposedError; a second dispose is a no-op. */
  dispose(): void {
    if (this.disposed) return;
    this.fused?.dispose();
    for (const row of this.modules) {
      for (const p of row) {
        p.kernel.dispose();
        p.bias.dispose();
      }
    }
    for (const r of this.readoutMap.values()) {
      r.kernel.dispose();
      r.bias.dispose();
    }
    this.readoutMap.clear();
    this.disposed = true;
  }
}

function checkLayout(layout: DenseLayout | undefined): DenseLayout {
  const l = layout ?? 'per-module';
  if (l !== 'per-module' && l !== 'per-module-autodiff' && l !== 'concat') {
    throw new InvalidConfigError(
      `options.denseLayout: expected 'per-module' | 'per-module-autodiff' | 'concat'; got ${JSON.stringify(l)}`,
    );
  }
  return l;
}

/** Checks the fused engine's `threads` and `concurrency` options. @throws InvalidConfigError */
function checkThreading(options: Pick<CreateOptions, 'threads' | 'concurrency'>): void {
  const { threads = 1, concurrency = 1 } = options;
  if (threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1)) {
    throw new InvalidConfigError(
      `options.threads: expected an integer ≥ 1 or 'auto'; got ${JSON.stringify(threads)}`,
    );
  }
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new InvalidConfigError(
      `options.concurrency: expected an integer ≥ 1; got ${JSON.stringify(concurrency)}`,
    );
  }
}

/** A variable holding a copy of `values`; the temporary tensor is freed. */
function makeVariable(values: Float32Array, shape: readonly number[]): tf.Variable {
  const t = tf.tensor(values, [...shape], 'float32');
  const v = tf.variable(t);
  t.dispose();
  return v;
}

function checkLengths(what: string, values: readonly Float32Array[], expected: readonly number[]) {
  if (
    values.length !== expected.length ||
    values.some((v, i) => !(v instanceof Float32Array) || v.length !== expected[i])
  ) {
    throw new ShapeMismatchError(
      `${what}: expected Float32Arrays of lengths [${expected.join(', ')}]; got [${values.map((v) => (v instanceof Float32Array ? v.length : typeof v)).join(', ')}]`,
    );
  }
}

/**
 * A scalar that is 0 when every element of `tensors` is finite and NaN otherwise
 * (`sum(t · 0)`: NaN · 0 and ±Infinity · 0 are NaN; runs on every backend).
 */
function nonFiniteProbe(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.addN(tensors.map((t) => tf.sum(tf.mul(t, 0)))) as tf.Scalar;
}

/** Checks an output gradient returned by an {@link OutputLossFn}. @throws ShapeMismatchError */
function checkGradient(gradient: unknown, batchSize: number, classes: number): void {
  const n = batchSize * classes;
  if (!(gradient instanceof Float32Array) || gradient.length !== n) {
    throw new ShapeMismatchError(
      `lossFn(outputs).gradient: expected Float32Array of length ${n} (batchSize ${batchSize} × ${classes} outputs, dLoss/dOutputs); got ${gradient instanceof Float32Array ? `length ${gradient.length}` : typeof gradient}`,
    );
  }
}
