import { type ReadCheckpointOptions, readCheckpoint } from './checkpoint.js';
import {
  checkGradient,
  checkInput,
  checkLabels,
  checkLayout,
  checkNetworkValues,
  checkThreading,
  product,
} from './checks.js';
import { type PathNetConfig, validateConfig } from './config.js';
import { createEngine } from './engines/create.js';
import { resolveEngine } from './engines/engine.js';
import { FusedEngine } from './engines/fused.js';
import { checkFiniteArray, InvalidConfigError, ShapeMismatchError } from './errors.js';
import { ModuleGrid } from './grid.js';
import type { Optimizer } from './optimizer.js';
import { type Pathway, validatePathway } from './pathway.js';
import {
  checkSharedGrid,
  SHARED_GRID_FORMAT,
  type SharedGrid,
  type ShareOptions,
} from './shared-grid.js';
import type {
  Batch,
  CreateOptions,
  Gradients,
  LossFn,
  NetworkValues,
  OutputGradientStepResult,
  OutputLossFn,
  StepResult,
} from './types.js';

/** Parameter values of a whole network (checkpoints import it from here). */
export type { NetworkValues } from './types.js';

/**
 * A PathNet (Fernando et al. 2017, Sec. 2): L layers of M modules, parameters allocated once per
 * module, one linear readout per task. A pathway selects at most N modules per layer;
 * only those (and the task's readout) are evaluated and trained, so trying a new
 * pathway never allocates new parameters. Parameters live in an {@link Engine} (one file each
 * under `engines/`); this class holds the paper's concepts and checks every argument.
 *
 * Use after `await initBackend()` from `@pathnet/backend`. Call {@link PathNet.dispose}
 * to free its tensors.
 */
export class PathNet extends ModuleGrid {
  /** A new network with engine `choice` (parameters written by the constructor). */
  private static build(
    config: PathNetConfig,
    seed: number,
    options: Omit<CreateOptions, 'seed'>,
    values?: NetworkValues,
  ): PathNet {
    const denseLayout = checkLayout(options.denseLayout);
    const engine = resolveEngine(config, options.engine);
    const impl = createEngine(engine, config, denseLayout, options);
    return new PathNet(config, seed, denseLayout, engine, impl, values);
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
    return PathNet.build(config, options.seed ?? 0, options);
  }

  /**
   * Builds a PathNet from given parameter values (used by checkpoint loading).
   * @throws InvalidConfigError / ShapeMismatchError if values do not fit the config.
   */
  static fromValues(values: NetworkValues, options: Omit<CreateOptions, 'seed'> = {}): PathNet {
    validateConfig(values.config);
    checkThreading(options);
    checkNetworkValues(values);
    return PathNet.build(values.config, values.seed, options, values);
  }

  // ---- Sharing the grid with other threads (hogwild, Sec. 2.2) ----

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
    const share = this.capability('share', this.impl.share);
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
    const grid = share(optimizer, views, maxBatchSize);
    return {
      format: SHARED_GRID_FORMAT,
      config: structuredClone(this.config) as PathNetConfig,
      seed: this.seed,
      frozen: this.frozenModules(),
      readouts: [...this.readouts.entries()],
      optimizer: { ...this.impl.sharedOptimizer!.config, learningRate: optimizer.learningRate },
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
    const impl = FusedEngine.attach(handle);
    return new PathNet(handle.config, handle.seed, 'per-module', 'fused', impl, undefined, handle);
  }

  /**
   * The optimizer whose statistics a shared grid holds: on a view from {@link PathNet.attach},
   * one made from the handle's configuration; after {@link PathNet.share}, the one given there.
   * `undefined` on a grid that is not shared.
   */
  get optimizer(): Optimizer | undefined {
    return this.impl.sharedOptimizer;
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
    const read = this.capability('readOptimizerState', this.impl.readOptimizerState);
    this.checkModule(layer, module);
    return read(layer, module);
  }

  /** A readout's optimizer statistics, laid out as {@link PathNet.readOptimizerState}. @throws EngineError, UnknownReadoutError */
  readReadoutOptimizerState(taskId: string): Float32Array[] {
    this.alive();
    const read = this.capability('readReadoutOptimizerState', this.impl.readReadoutOptimizerState);
    this.readoutClasses(taskId);
    return read(taskId);
  }

  // ---- Training the active pathway (Sec. 2) ----

  /**
   * A supervised step's arguments, checked: pathway, readout, `x` shape and finiteness, labels.
   * @param xName - the name of `x` in a NonFiniteError.
   */
  private checkedStep(pathway: Pathway, taskId: string, batch: Batch, xName = 'x') {
    const active = validatePathway(pathway, this.config);
    const classes = this.readoutClasses(taskId);
    checkInput(this.config, batch.x, batch.batchSize);
    checkLabels(batch.y, batch.batchSize, classes);
    checkFiniteArray(xName, batch.x);
    return { active, taskId, batch };
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
    const step = this.checkedStep(pathway, taskId, batch);
    return this.impl.trainStep(step.active, taskId, batch, optimizer, this.frozen);
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
   * @throws the errors of {@link PathNet.trainStep}, for the first bad step, before any step runs.
   */
  trainConcurrently(
    steps: readonly { pathway: Pathway; taskId: string; batch: Batch }[],
    optimizer: Optimizer,
  ): StepResult[] {
    this.alive();
    const checked = steps.map((s, i) =>
      this.checkedStep(s.pathway, s.taskId, s.batch, `steps[${i}].batch.x`),
    );
    return this.impl.trainConcurrently(checked, optimizer, this.frozen);
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
    const step = this.capability('trainStepWithLoss', this.impl.trainStepWithLoss);
    const active = validatePathway(pathway, this.config);
    this.readoutClasses(taskId);
    checkInput(this.config, x, batchSize);
    checkFiniteArray('x', x);
    return step(active, taskId, x, batchSize, lossFn, optimizer, this.frozen);
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
    checkInput(this.config, x, batchSize);
    checkFiniteArray('x', x);
    const checked: OutputLossFn = (outputs) => {
      const res = lossFn(outputs);
      checkGradient(res?.gradient, batchSize, classes);
      return res;
    };
    return this.impl.trainStepFromOutputGradient(
      active,
      taskId,
      x,
      batchSize,
      checked,
      optimizer,
      this.frozen,
    );
  }

  /**
   * Gradients of a loss on a pathway, without updating anything: the supervised
   * cross-entropy when `lossFn` is omitted (then `batch.y` is required), else `lossFn`.
   * Only active trainable modules appear; frozen and inactive ones get no gradient.
   *
   * @throws as {@link PathNet.trainStep}; EngineError on engine 'fused'.
   */
  computeGradients(
    pathway: Pathway,
    taskId: string,
    batch: { readonly x: Float32Array; readonly y?: Int32Array; readonly batchSize: number },
    lossFn?: LossFn,
  ): Gradients {
    this.alive();
    const compute = this.capability('computeGradients', this.impl.computeGradients);
    const active = validatePathway(pathway, this.config);
    const classes = this.readoutClasses(taskId);
    if (lossFn === undefined) {
      if (batch.y === undefined) {
        throw new ShapeMismatchError(
          'y: expected Int32Array [B] when no lossFn is given; got undefined',
        );
      }
      checkLabels(batch.y, batch.batchSize, classes);
    }
    checkInput(this.config, batch.x, batch.batchSize);
    return compute(active, taskId, batch, lossFn, this.frozen);
  }

  // ---- Inference ----

  /**
   * Readout outputs of a pathway for a batch (Fernando et al. 2017, Sec. 2): the active modules'
   * layers, then the task's linear readout; no softmax (logits for classification, policy
   * logits and value for A3C). On the fused engine, one WebAssembly call.
   * @param x Float32Array [B · prod(inputShape)].
   * @returns Float32Array [B · numClasses], row-major.
   * @throws InvalidPathwayError, UnknownReadoutError, ShapeMismatchError.
   */
  forward(pathway: Pathway, taskId: string, x: Float32Array, batchSize: number): Float32Array {
    this.alive();
    const active = validatePathway(pathway, this.config);
    this.readoutClasses(taskId);
    checkInput(this.config, x, batchSize);
    return this.impl.forward(active, taskId, x, batchSize);
  }

  /**
   * Readout outputs (logits) of a pathway for a batch; the same as {@link PathNet.forward}.
   * @param x Float32Array [B · prod(inputShape)].
   * @returns Float32Array [B · numClasses], row-major.
   * @throws InvalidPathwayError, UnknownReadoutError, ShapeMismatchError.
   */
  predict(pathway: Pathway, taskId: string, x: Float32Array, batchSize: number): Float32Array {
    return this.forward(pathway, taskId, x, batchSize);
  }

  /**
   * Output of every layer of a pathway (after reduction), e.g. to inspect features.
   * @returns one Float32Array [B · prod(layerOutputShapes[l])] per layer.
   * @throws InvalidPathwayError, ShapeMismatchError; EngineError on engine 'fused'.
   */
  activations(pathway: Pathway, x: Float32Array, batchSize: number): Float32Array[] {
    this.alive();
    const activations = this.capability('activations', this.impl.activations);
    const active = validatePathway(pathway, this.config);
    checkInput(this.config, x, batchSize);
    return activations(active, x, batchSize);
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
    checkLabels(data.y, B, classes);
    let correct = 0;
    for (let start = 0; start < B; start += chunkSize) {
      const n = Math.min(chunkSize, B - start);
      const x = data.x.subarray(start * per, (start + n) * per);
      correct += this.impl.countCorrect(active, taskId, x, data.y.subarray(start, start + n));
    }
    return correct / B;
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
}
