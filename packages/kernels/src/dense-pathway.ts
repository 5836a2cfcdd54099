import { uniformFloat32 } from 'pure-rand/distribution/uniformFloat32';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { type Conv2DGeometry, conv2dColumns, conv2dGeometry } from './conv2d.js';
import { checkFinite, checkInt, KernelArgumentError } from './errors.js';
import { type KernelBuffer, Kernels, type KernelsOptions, type KernelsRegion } from './kernels.js';
import { StepWorkers } from './step-workers.js';

/** One layer of dense modules in a {@link DensePathwayConfig}. */
export interface DenseLayerSpec {
  /** Units of each module of the layer. */
  units: number;
  /** Modules in the layer (the paper's M). */
  modules: number;
  /** How the active modules' outputs combine: summed (the paper) or averaged. Default `'sum'`. */
  reduction?: 'sum' | 'mean';
  /** Activation of each module. Default `'relu'`. */
  activation?: 'relu' | 'linear';
  /**
   * Makes the layer's modules 2-D convolutions (NHWC, no dilation) with `units`
   * filters each, weights [kernelSize, kernelSize, inChannels, units] (HWIO).
   * Needs a rank-3 input: {@link DensePathwayConfig.inputShape} for the first
   * layer, or a conv layer before it. Dense layers flatten a conv output.
   */
  conv?: { kernelSize: number; strides: number; padding?: 'valid' | 'same' };
}

/** Configuration of {@link createDensePathwayKernel}. */
export interface DensePathwayConfig {
  /** Input features per example (784 for MNIST; the product of {@link inputShape} when given). */
  inputSize: number;
  /** Shape of one example, e.g. [84, 84, 4] (NHWC without the batch) for a first conv layer. Default [inputSize]. */
  inputShape?: readonly number[];
  /** Threads of the grid's kernels instance (see {@link KernelsOptions.threads}). Default 1. */
  threads?: number | 'auto';
  /**
   * Pathways {@link DensePathwayKernel.trainConcurrently} trains at once: the
   * calling thread plus `concurrency − 1` step workers (worker_threads over the
   * grid's shared memory). Default 1.
   */
  concurrency?: number;
  /** Layers of the module grid, first to last. */
  layers: readonly DenseLayerSpec[];
  /** Classes of the first readout; 0 or omitted: no readout until {@link DensePathwayKernel.addReadout}. */
  classes?: number;
  /** Id of the first readout. Default `'main'`. */
  readoutId?: string;
  /** Seed of the Glorot-uniform weight initialization (biases start at zero). Default 0. */
  seed?: number;
  /**
   * Skip zero inputs in the first layer's product and weight gradient
   * (worth it for binary images with salt-and-pepper noise; dense first layers only). Default true.
   */
  skipZeroInputs?: boolean;
}

/** The optimizer of one {@link DensePathwayKernel.trainStep}, with tfjs's formulas and defaults. */
export type DenseOptimizerSpec =
  | { type: 'sgd'; learningRate: number; clipNorm?: number }
  | {
      type: 'rmsprop';
      learningRate: number;
      /** Default 0.9. */
      decay?: number;
      /** Default 0. */
      momentum?: number;
      /** Default 1e-7. */
      epsilon?: number;
      clipNorm?: number;
    }
  | {
      type: 'adam';
      learningRate: number;
      /** Default 0.9. */
      beta1?: number;
      /** Default 0.999. */
      beta2?: number;
      /** Default 1e-7. */
      epsilon?: number;
      clipNorm?: number;
    };

/** Options of {@link DensePathwayKernel.trainStep}. */
export interface TrainStepOptions {
  /** Readout to use and train. Default: the first readout. */
  readout?: string;
  /**
   * trainable[l][m] false marks module m of layer l frozen: it still takes part
   * in the forward and backward pass but is never updated. Default: all trainable.
   */
  trainable?: readonly (readonly boolean[])[];
  /** Train the readout. Default true. */
  trainReadout?: boolean;
}

/** Result of one training step, measured on the batch before the update. */
export interface TrainStepResult {
  /** Mean softmax cross-entropy (nats). */
  loss: number;
  /** Fraction of the batch whose argmax logit equals the label. */
  accuracy: number;
  /** Global gradient norm before clipping (over the updated parameters); NaN when the loss was not finite. */
  gradNorm: number;
  /**
   * True when the loss or a gradient was NaN or ±Infinity: the step changed
   * nothing (no parameter, no optimizer state).
   */
  skipped: boolean;
}

/**
 * A loss of a readout's outputs, for {@link DensePathwayKernel.trainStepFromOutputGradient}:
 * receives the outputs (logits) Float32Array [B, C] (a copy) and returns the loss and
 * its gradient dLoss/dOutputs, Float32Array [B, C]. It must not run this grid.
 */
export type OutputLossFn = (outputs: Float32Array) => { loss: number; gradient: Float32Array };

/** Result of {@link DensePathwayKernel.trainStepFromOutputGradient}. */
export interface OutputGradientStepResult {
  /** The loss the callback returned. */
  loss: number;
  /** Global gradient norm before clipping (over the updated parameters); NaN when skipped early. */
  gradNorm: number;
  /** True when the loss, the output gradient or a parameter gradient was not finite: nothing changed. */
  skipped: boolean;
}

/** One module's parameters: weights [inputs * units] (row-major [inputs, units]) and bias [units]. */
export interface DenseModuleParameters {
  weights: Float32Array;
  bias: Float32Array;
}

/** A buffer of the shared memory, as byte offset and float count (plain data, sent to other threads). */
type BufferRef = [offset: number, length: number];

/** Optimizer state buffers of one owner (layer or readout), by optimizer kind. */
type StateRefs = [kind: string, buffers: BufferRef[]][];

/**
 * @internal Where a grid's shared parts live in its memory: parameters and
 * optimizer state (gradients and workspaces are per thread).
 */
export interface GridLayout {
  config: Required<DensePathwayConfig>;
  layers: { weights: BufferRef; bias: BufferRef; state: StateRefs }[];
  readouts: [
    id: string,
    r: { classes: number; weights: BufferRef; bias: BufferRef; state: StateRefs },
  ][];
}

interface LayerState {
  /** Weights per unit: the flattened input size (dense) or kernel·kernel·inChannels (conv). */
  inSize: number;
  units: number;
  /** Output positions per example: outHeight·outWidth (conv) or 1 (dense). */
  positions: number;
  /**
   * Geometry for a batch of 1 (conv layers only); `{ ...conv, batch }` is the
   * geometry of any batch (output size and padding do not depend on it).
   */
  conv: Conv2DGeometry | undefined;
  modules: number;
  mean: boolean;
  relu: boolean;
  weights: KernelBuffer; // [M, in, U]
  bias: KernelBuffer; // [M, U]
  gradWeights: KernelBuffer;
  gradBias: KernelBuffer;
  state: Map<string, KernelBuffer[]>; // optimizer kind -> state buffers (weights..., bias...)
}

interface ReadoutState {
  classes: number;
  weights: KernelBuffer; // [U_L, C]
  bias: KernelBuffer; // [C]
  gradWeights: KernelBuffer;
  gradBias: KernelBuffer;
  state: Map<string, KernelBuffer[]>;
}

/**
 * A conv layer's n active modules side by side, so that one GEMM per pass
 * reads the layer's (large) unfolded input once: weights [K, n·U], biases
 * [n·U], outputs and their gradients [B·positions, n·U], weight and bias
 * gradients [K, n·U] and [n·U]. Sized for all M modules.
 */
interface ConcatBuffers {
  weights: KernelBuffer;
  bias: KernelBuffer;
  z: KernelBuffer;
  gradZ: KernelBuffer;
  gradWeights: KernelBuffer;
  gradBias: KernelBuffer;
}

interface Workspace {
  capacity: number;
  /** Bytes of the arena it took. */
  bytes: number;
  input: KernelBuffer; // [B, D]
  acts: KernelBuffer[][]; // [layer][slot] -> [B, U]
  hidden: KernelBuffer[]; // [layer] -> [B, U]
  gradHidden: KernelBuffer[]; // [layer] -> [B, U]
  gradZ: KernelBuffer[]; // [layer] -> [B, U]
  logits: KernelBuffer; // [B, Cmax]
  cols: (KernelBuffer | undefined)[]; // [layer] -> im2col of a conv layer's input [B·positions, inSize]
  cat: (ConcatBuffers | undefined)[]; // [layer] -> a conv layer's active modules side by side
  gradCols: KernelBuffer | undefined; // gradient of the columns, the largest conv layer's size
  /** Non-zero lists of the input's rows ([B, D] each) and of its columns ([D, B] each). */
  rowIdx: KernelBuffer;
  rowVals: KernelBuffer;
  rowCounts: KernelBuffer;
  colIdx: KernelBuffer;
  colVals: KernelBuffer;
  colCounts: KernelBuffer;
  gradLogits: KernelBuffer;
}

/**
 * A PathNet grid of dense modules (plus one readout per task) held in
 * WebAssembly memory, with a fused training step for one pathway.
 * Follows PathNet (Fernando et al. 2017), section 2.1: only the active
 * modules of a pathway are evaluated and trained; a layer's output is the
 * sum (or mean) of its active modules' outputs.
 */
export interface DensePathwayKernel {
  /** The configuration, with defaults filled in. */
  readonly config: Readonly<Required<DensePathwayConfig>>;
  /** Ids of the readouts, in the order they were added. */
  readouts(): string[];
  /**
   * Adds a readout [units of the last layer, classes] for a task, Glorot-uniform from `seed`.
   * @throws KernelArgumentError when the id exists or classes is not a positive integer.
   */
  addReadout(id: string, classes: number, seed?: number): void;
  /**
   * Logits Float32Array [B, C] of the pathway (a copy). x is Float32Array [B, inputSize].
   * @throws KernelArgumentError on a malformed pathway, a size mismatch or an unknown readout.
   */
  forward(active: readonly (readonly number[])[], x: Float32Array, readout?: string): Float32Array;
  /**
   * One step of gradient descent on the pathway: forward, softmax cross-entropy,
   * backward through the active modules, optional global-norm clipping
   * (TF's clip_by_global_norm), and an optimizer update of the active,
   * trainable modules and the readout. x is Float32Array [B, inputSize],
   * y Int32Array [B] of class indices.
   * @throws KernelArgumentError on a malformed pathway, a size mismatch, a label out of range,
   *   an unknown readout or bad optimizer hyperparameters.
   */
  trainStep(
    active: readonly (readonly number[])[],
    x: Float32Array,
    y: Int32Array,
    optimizer: DenseOptimizerSpec,
    options?: TrainStepOptions,
  ): TrainStepResult;
  /**
   * One step of gradient descent from a caller's loss: the forward pass
   * (keeping what the backward pass needs), `lossFn` on the readout's outputs,
   * then the backward pass from the gradient it returns, optional global-norm
   * clipping and the optimizer update, with the rules of
   * {@link DensePathwayKernel.trainStep} (frozen modules are never updated).
   * A non-finite loss, output gradient or parameter gradient skips the step:
   * nothing changes and the result says `skipped`.
   * @throws KernelArgumentError on a malformed pathway, a size mismatch, an unknown
   *   readout, bad optimizer hyperparameters, or a gradient of the wrong length.
   */
  trainStepFromOutputGradient(
    active: readonly (readonly number[])[],
    x: Float32Array,
    lossFn: OutputLossFn,
    optimizer: DenseOptimizerSpec,
    options?: TrainStepOptions,
  ): OutputGradientStepResult;
  /** A copy of module m of layer l. @throws KernelArgumentError on an index out of range. */
  getModule(layer: number, module: number): DenseModuleParameters;
  /** Overwrites module m of layer l. @throws KernelArgumentError on an index out of range or a wrong length. */
  setModule(layer: number, module: number, params: DenseModuleParameters): void;
  /**
   * Removes a readout (its memory stays in the arena until the grid is dropped).
   * @throws KernelArgumentError on an unknown id.
   */
  removeReadout(id: string): void;
  /** A copy of a readout: weights [units, classes], bias [classes]. @throws KernelArgumentError on an unknown id. */
  getReadout(id: string): DenseModuleParameters;
  /** Overwrites a readout. @throws KernelArgumentError on an unknown id or a wrong length. */
  setReadout(id: string, params: DenseModuleParameters): void;
  /** Forgets all optimizer state (moments, mean squares, Adam's step count). */
  resetOptimizerState(): void;
  /**
   * Copies of module m of layer l's optimizer state of `kind`: `[weights slot 0, bias slot 0,
   * weights slot 1, bias slot 1]` (RMSProp: mean square, then moment; Adam: m, then v), or `[]`
   * when the grid holds no state of that kind yet.
   * @throws KernelArgumentError on an index out of range.
   */
  getModuleState(layer: number, module: number, kind: DenseOptimizerSpec['type']): Float32Array[];
  /** A readout's optimizer state of `kind`, laid out as {@link DensePathwayKernel.getModuleState}. @throws KernelArgumentError on an unknown id. */
  getReadoutState(id: string, kind: DenseOptimizerSpec['type']): Float32Array[];
  /**
   * Shares the grid with `views` other threads (hogwild, the paper's asynchronous
   * training, Sec. 2.2): allocates the optimizer state of `kind` for every layer and
   * readout now, reserves one region of this memory per view for its gradients and
   * workspace (batches up to about `maxBatchSize` rows), and returns plain data and
   * shared memory to post to the threads ({@link attachSharedPathway}). The readouts and
   * layers are those of now: a readout added later is not seen by the views.
   * @throws KernelArgumentError when `kind` is not `'sgd'` or `'rmsprop'` (Adam counts
   *   steps per grid) or a count is not a positive integer.
   */
  share(
    kind: 'sgd' | 'rmsprop',
    options: { views: number; maxBatchSize: number },
  ): SharedPathwayGrid;
  /**
   * Trains several pathways at once, hogwild (Recht et al. 2011; the paper's
   * asynchronous training, Sec. 2.2): with `concurrency` c, steps run c at a
   * time, one on the calling thread and one on each step worker, each a whole
   * {@link DensePathwayKernel.trainStep} on the shared parameters without
   * locks, so one step's update may land between another's forward pass and
   * its update. Frozen modules are never written by any step. With c = 1 (or
   * before the workers have started) the steps run one after another, in order.
   * @returns one result per step, in order.
   * @throws KernelArgumentError on a bad step (checked before any runs) or Adam.
   * @throws KernelThreadError when a step failed in a worker.
   */
  trainConcurrently(
    steps: readonly ConcurrentStep[],
    optimizer: DenseOptimizerSpec,
  ): TrainStepResult[];
  /** Steps {@link DensePathwayKernel.trainConcurrently} runs at once now: 1 + the step workers running. */
  readonly concurrency: number;
  /** Resolves once the kernels' helper threads and step workers have started (at once without any). */
  ready(): Promise<void>;
  /** Stops the helper threads and step workers, if any (the grid stays usable on one thread). */
  dispose(): void;
}

/**
 * A grid shared by {@link DensePathwayKernel.share}: the layout of its parameters and
 * optimizer state in its shared WebAssembly memory, one reserved region per view, and a
 * counter of the regions taken. Structured-cloneable (post it to a worker thread).
 */
export interface SharedPathwayGrid {
  /** @internal Where the parameters and optimizer state live. */
  readonly layout: GridLayout;
  /** @internal One region of the memory per view, for its gradients and workspace. */
  readonly regions: readonly KernelsRegion[];
  /** @internal Int32 [1]: regions taken so far (taken with `Atomics.add`). */
  readonly claims: SharedArrayBuffer;
}

/**
 * A view of a shared grid ({@link DensePathwayKernel.share}), usable in any thread: its
 * steps read and write the shared parameters and optimizer state, hogwild; its gradients
 * and workspace live in a region of its own. Each call takes one of the reserved regions.
 * @throws KernelArgumentError when every region has been taken.
 */
export function attachSharedPathway(shared: SharedPathwayGrid): DensePathwayKernel {
  const taken = Atomics.add(new Int32Array(shared.claims), 0, 1);
  const region = shared.regions[taken];
  if (region === undefined) {
    throw new KernelArgumentError(
      'shared',
      `a grid whose ${shared.regions.length} view(s) are all attached`,
      'share(kind, { views }) with one view per attach',
    );
  }
  return attachDensePathway(region, shared.layout);
}

/** One step of {@link DensePathwayKernel.trainConcurrently}. */
export interface ConcurrentStep {
  active: readonly (readonly number[])[];
  /** Float32Array [B, inputSize]. */
  x: Float32Array;
  /** Int32Array [B] of class indices. */
  y: Int32Array;
  options?: TrainStepOptions;
}

/** Whether every element of `values` is finite. */
function allFinite(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

function glorot(view: Float32Array, fanIn: number, fanOut: number, seed: number): void {
  const rng = xoroshiro128plus(seed);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  for (let i = 0; i < view.length; i++) view[i] = (2 * uniformFloat32(rng) - 1) * limit;
}

/**
 * Creates a grid of dense modules in its own WebAssembly instance.
 * @throws KernelArgumentError when a size is not a positive integer or a
 *   reduction/activation is unknown.
 */
export function createDensePathwayKernel(config: DensePathwayConfig): DensePathwayKernel {
  checkInt('config.inputSize', config.inputSize, 1);
  checkInt('config.classes', config.classes ?? 0, 0);
  if (config.layers.length === 0) {
    throw new KernelArgumentError('config.layers', 'an empty list', 'at least one layer');
  }
  checkInt('config.concurrency', config.concurrency ?? 1, 1);
  const inputShape = config.inputShape ?? [config.inputSize];
  for (const [i, d] of inputShape.entries()) checkInt(`config.inputShape[${i}]`, d, 1);
  if (inputShape.reduce((a, b) => a * b, 1) !== config.inputSize) {
    throw new KernelArgumentError(
      'config.inputShape',
      `[${inputShape.join(', ')}]`,
      `a shape of ${config.inputSize} (config.inputSize) values`,
    );
  }
  const full: Required<DensePathwayConfig> = {
    inputSize: config.inputSize,
    inputShape,
    threads: config.threads ?? 1,
    concurrency: config.concurrency ?? 1,
    layers: config.layers.map((l, i) => {
      checkInt(`config.layers[${i}].units`, l.units, 1);
      checkInt(`config.layers[${i}].modules`, l.modules, 1);
      const reduction = l.reduction ?? 'sum';
      const activation = l.activation ?? 'relu';
      if (reduction !== 'sum' && reduction !== 'mean') {
        throw new KernelArgumentError(
          `config.layers[${i}].reduction`,
          String(reduction),
          "'sum' or 'mean'",
        );
      }
      if (activation !== 'relu' && activation !== 'linear') {
        throw new KernelArgumentError(
          `config.layers[${i}].activation`,
          String(activation),
          "'relu' or 'linear'",
        );
      }
      if (l.conv === undefined)
        return { units: l.units, modules: l.modules, reduction, activation };
      checkInt(`config.layers[${i}].conv.kernelSize`, l.conv.kernelSize, 1);
      checkInt(`config.layers[${i}].conv.strides`, l.conv.strides, 1);
      const conv = { ...l.conv, padding: l.conv.padding ?? 'valid' };
      return { units: l.units, modules: l.modules, reduction, activation, conv };
    }),
    classes: config.classes ?? 0,
    readoutId: config.readoutId ?? 'main',
    seed: config.seed ?? 0,
    skipZeroInputs: config.skipZeroInputs ?? true,
  };
  return new DensePathway(full);
}

/**
 * @internal The grid of another thread, as that thread's {@link DensePathwayKernel.layout}
 * describes it, with this thread's gradients and workspace in `region`.
 */
export function attachDensePathway(region: KernelsRegion, layout: GridLayout): DensePathwayKernel {
  return new DensePathway(layout.config, { kernels: Kernels.attach(region), layout });
}

class DensePathway implements DensePathwayKernel {
  readonly config: Readonly<Required<DensePathwayConfig>>;
  private readonly k: Kernels;
  private readonly layers: LayerState[] = [];
  private readonly readoutMap = new Map<string, ReadoutState>();
  private ws: Workspace | undefined;
  private adamStep = 0;
  /** True while a {@link DensePathwayKernel.trainStepFromOutputGradient} callback runs. */
  private inCallback = false;
  /** Workers of {@link DensePathwayKernel.trainConcurrently} (concurrency > 1). */
  private readonly stepWorkers: StepWorkers | undefined;
  /** Changes whenever readouts are added or removed (step workers then re-attach). */
  private readoutsVersion = 0;

  /**
   * A new grid in its own instance, or (with `shared`) a view of another
   * thread's grid: its parameters and optimizer state at the layout's
   * offsets, its own gradients and workspace in the given instance's region.
   */
  constructor(
    config: Required<DensePathwayConfig>,
    shared?: { kernels: Kernels; layout: GridLayout },
  ) {
    this.config = config;
    this.k =
      shared?.kernels ?? Kernels.create({ threads: config.threads } satisfies KernelsOptions);
    const ref = ([offset, length]: BufferRef) => this.k.bufferAt(offset, length);
    const states = (refs: StateRefs) => new Map(refs.map(([kind, bs]) => [kind, bs.map(ref)]));
    let shape = [...config.inputShape];
    config.layers.forEach((spec, l) => {
      const { units, modules } = spec;
      let conv: Conv2DGeometry | undefined;
      if (spec.conv !== undefined) {
        if (shape.length !== 3) {
          throw new KernelArgumentError(
            `config.layers[${l}].conv`,
            `an input of shape [${shape.join(', ')}]`,
            'a rank-3 [height, width, channels] input (config.inputShape, or a conv layer before)',
          );
        }
        const [height, width, inChannels] = shape as [number, number, number];
        const { kernelSize, strides, padding } = spec.conv;
        conv = conv2dGeometry({
          batch: 1,
          height,
          width,
          inChannels,
          outChannels: units,
          kernelHeight: kernelSize,
          kernelWidth: kernelSize,
          strideHeight: strides,
          strideWidth: strides,
          padding: padding ?? 'valid',
        });
      }
      const inSize = conv
        ? conv.kernelHeight * conv.kernelWidth * conv.inChannels
        : shape.reduce((a, b) => a * b, 1);
      const positions = conv ? conv.outHeight * conv.outWidth : 1;
      shape = conv ? [conv.outHeight, conv.outWidth, units] : [units];
      const layer: LayerState = {
        inSize,
        units,
        positions,
        conv,
        modules,
        mean: spec.reduction === 'mean',
        relu: spec.activation !== 'linear',
        weights: shared
          ? ref(shared.layout.layers[l]!.weights)
          : this.k.alloc(modules * inSize * units),
        bias: shared ? ref(shared.layout.layers[l]!.bias) : this.k.alloc(modules * units),
        gradWeights: this.k.alloc(modules * inSize * units),
        gradBias: this.k.alloc(modules * units),
        state: shared ? states(shared.layout.layers[l]!.state) : new Map(),
      };
      const fanOut = conv ? conv.kernelHeight * conv.kernelWidth * units : units;
      if (!shared)
        glorot(layer.weights.view(), inSize, fanOut, (config.seed * 1009 + l * 31 + 1) >>> 0);
      this.layers.push(layer);
    });
    if (shared) {
      for (const [id, r] of shared.layout.readouts) {
        this.readoutMap.set(id, {
          classes: r.classes,
          weights: ref(r.weights),
          bias: ref(r.bias),
          gradWeights: this.k.alloc(r.weights[1]),
          gradBias: this.k.alloc(r.bias[1]),
          state: states(r.state),
        });
      }
    } else if (config.classes > 0) {
      this.addReadout(config.readoutId, config.classes, (config.seed * 1009 + 7919) >>> 0);
    }
    if (!shared && config.concurrency > 1)
      this.stepWorkers = new StepWorkers(config.concurrency - 1);
  }

  /**
   * @internal The shared parts' offsets, with optimizer state of `kind` made
   * to exist for every layer and readout first (a thread sharing the grid must
   * not allocate it).
   */
  layout(kind: string): GridLayout {
    const refOf = (b: KernelBuffer): BufferRef => [b.offset, b.length];
    const stateRefs = (
      owner: Map<string, KernelBuffer[]>,
      weights: number,
      bias: number,
    ): StateRefs => {
      this.stateFor(owner, kind, 2, weights, bias);
      return [...owner.entries()].map(([k, bs]) => [k, bs.map(refOf)]);
    };
    return {
      config: this.config as Required<DensePathwayConfig>,
      layers: this.layers.map((l) => ({
        weights: refOf(l.weights),
        bias: refOf(l.bias),
        state: kind === 'sgd' ? [] : stateRefs(l.state, l.weights.length, l.bias.length),
      })),
      readouts: [...this.readoutMap.entries()].map(([id, r]) => [
        id,
        {
          classes: r.classes,
          weights: refOf(r.weights),
          bias: refOf(r.bias),
          state: kind === 'sgd' ? [] : stateRefs(r.state, r.weights.length, r.bias.length),
        },
      ]),
    };
  }

  /** @internal Bytes a thread sharing this grid needs for its gradients and a workspace of `batch`. */
  threadBytes(batch: number): number {
    const wsBytes = this.workspace(batch).bytes; // the same workspace as this thread's
    const grads =
      this.layers.reduce((n, l) => n + l.weights.length + l.bias.length, 0) +
      [...this.readoutMap.values()].reduce((n, r) => n + r.weights.length + r.bias.length, 0);
    return 4 * grads + 2 * wsBytes + (16 << 20);
  }

  readouts(): string[] {
    return [...this.readoutMap.keys()];
  }

  addReadout(id: string, classes: number, seed = this.readoutMap.size + 1): void {
    if (this.readoutMap.has(id)) throw new KernelArgumentError('id', `'${id}'`, 'a new readout id');
    checkInt('classes', classes, 1);
    const units = this.lastSize();
    const r: ReadoutState = {
      classes,
      weights: this.k.alloc(units * classes),
      bias: this.k.alloc(classes),
      gradWeights: this.k.alloc(units * classes),
      gradBias: this.k.alloc(classes),
      state: new Map(),
    };
    glorot(r.weights.view(), units, classes, seed >>> 0);
    this.readoutMap.set(id, r);
    this.readoutsVersion++;
    this.ws = undefined; // logits buffers may need more classes
  }

  /** Features per example out of the last layer (its units, times its positions for conv). */
  private lastSize(): number {
    const last = this.layers[this.layers.length - 1] as LayerState;
    return last.positions * last.units;
  }

  private readout(id: string | undefined): ReadoutState {
    const key = id ?? this.config.readoutId;
    const r = this.readoutMap.get(key);
    if (r === undefined) {
      throw new KernelArgumentError('readout', `'${key}'`, `one of ${this.readouts().join(', ')}`);
    }
    return r;
  }

  private layerAt(layer: number): LayerState {
    checkInt('layer', layer, 0, this.layers.length - 1);
    return this.layers[layer] as LayerState;
  }

  private workspace(batch: number): Workspace {
    if (this.ws !== undefined && this.ws.capacity >= batch) return this.ws;
    const capacity = Math.max(batch, 2 * (this.ws?.capacity ?? 0));
    const maxClasses = Math.max(...[...this.readoutMap.values()].map((r) => r.classes));
    const k = this.k;
    const before = k.allocatedBytes;
    const skip = this.config.skipZeroInputs && this.layers[0]?.conv === undefined;
    const lists = skip ? capacity * this.config.inputSize : 0;
    const out = (l: LayerState) => capacity * l.positions * l.units;
    const colsOf = (l: LayerState) => capacity * l.positions * l.inSize;
    const gradColsLength = Math.max(
      0,
      ...this.layers.slice(1).map((l) => (l.conv ? colsOf(l) : 0)),
    );
    this.ws = {
      capacity,
      bytes: 0,
      input: k.alloc(capacity * this.config.inputSize),
      acts: this.layers.map((l) =>
        Array.from({ length: l.conv ? 0 : l.modules }, () => k.alloc(out(l))),
      ),
      hidden: this.layers.map((l) => k.alloc(out(l))),
      gradHidden: this.layers.map((l) => k.alloc(out(l))),
      gradZ: this.layers.map((l) => k.alloc(out(l))),
      logits: k.alloc(capacity * maxClasses),
      cols: this.layers.map((l) => (l.conv ? k.alloc(colsOf(l)) : undefined)),
      cat: this.layers.map((l) =>
        l.conv
          ? {
              weights: k.alloc(l.inSize * l.modules * l.units),
              bias: k.alloc(l.modules * l.units),
              z: k.alloc(out(l) * l.modules),
              gradZ: k.alloc(out(l) * l.modules),
              gradWeights: k.alloc(l.inSize * l.modules * l.units),
              gradBias: k.alloc(l.modules * l.units),
            }
          : undefined,
      ),
      gradCols: gradColsLength > 0 ? k.alloc(gradColsLength) : undefined,
      rowIdx: k.alloc(lists),
      rowVals: k.alloc(lists),
      rowCounts: k.alloc(skip ? capacity : 0),
      colIdx: k.alloc(lists),
      colVals: k.alloc(lists),
      colCounts: k.alloc(skip ? this.config.inputSize : 0),
      gradLogits: k.alloc(capacity * maxClasses),
    };
    this.ws.bytes = k.allocatedBytes - before;
    return this.ws;
  }

  /** Distinct, sorted active modules per layer. */
  private normalize(active: readonly (readonly number[])[]): number[][] {
    if (active.length !== this.layers.length) {
      throw new KernelArgumentError(
        'active',
        `${active.length} layers`,
        `${this.layers.length} layers`,
      );
    }
    return active.map((mods, l) => {
      const M = (this.layers[l] as LayerState).modules;
      if (mods.length === 0) {
        throw new KernelArgumentError(`active[${l}]`, 'no module', 'at least one active module');
      }
      for (const m of mods) checkInt(`active[${l}] module`, m, 0, M - 1);
      return [...new Set(mods)].sort((a, b) => a - b);
    });
  }

  private batchOf(x: Float32Array): number {
    const D = this.config.inputSize;
    if (!(x instanceof Float32Array) || x.length === 0 || x.length % D !== 0) {
      throw new KernelArgumentError(
        'x',
        `length ${x.length}`,
        `a non-empty Float32Array [B, ${D}]`,
      );
    }
    return x.length / D;
  }

  /** Runs the forward pass into the workspace; returns it. */
  private runForward(
    active: number[][],
    x: Float32Array,
    batch: number,
    r: ReadoutState,
  ): Workspace {
    if (this.inCallback) {
      throw new KernelArgumentError(
        'this grid',
        'a pass started from inside a trainStepFromOutputGradient loss callback',
        'the callback to compute the loss from its outputs only (the step keeps its activations)',
      );
    }
    const ws = this.workspace(batch);
    const w = this.k.wasm;
    ws.input.view().set(x);
    const D = this.config.inputSize;
    const listed = this.skipsZeroInputs();
    if (listed) {
      w.compactRows(
        0,
        batch,
        D,
        ws.input.offset,
        D,
        ws.rowIdx.offset,
        ws.rowVals.offset,
        ws.rowCounts.offset,
      );
    }
    let prev = ws.input;
    for (let l = 0; l < this.layers.length; l++) {
      const layer = this.layers[l] as LayerState;
      const mods = active[l] as number[];
      const U = layer.units;
      const K = layer.inSize;
      const rows = batch * layer.positions;
      const n = rows * U;
      const hidden = ws.hidden[l] as KernelBuffer;
      const acts = ws.acts[l] as KernelBuffer[];
      if (layer.conv) {
        this.convForward(
          layer,
          mods,
          prev,
          batch,
          ws.cols[l] as KernelBuffer,
          ws.cat[l] as ConcatBuffers,
          hidden,
        );
        prev = hidden;
        continue;
      }
      for (let s = 0; s < mods.length; s++) {
        const m = mods[s] as number;
        const z = acts[s] as KernelBuffer;
        const wOff = layer.weights.offset + m * K * U * 4;
        if (l === 0 && listed) {
          w.sgemmFromLists(
            batch,
            U,
            D,
            1,
            ws.rowIdx.offset,
            ws.rowVals.offset,
            ws.rowCounts.offset,
            wOff,
            U,
            0,
            z.offset,
            U,
          );
        } else {
          this.k.sgemmRaw(0, 0, rows, U, K, 1, prev.offset, K, wOff, U, 0, z.offset, U);
        }
        w.biasAdd(z.offset, rows, U, layer.bias.offset + m * U * 4);
        if (layer.relu) w.reluForward(z.offset, z.offset, n);
        if (s === 0) this.copy(z, hidden, n);
        else w.axpyInto(n, 1, z.offset, hidden.offset);
      }
      if (layer.mean && mods.length > 1) w.scale(hidden.offset, n, 1 / mods.length);
      prev = hidden;
    }
    const prevSize = this.lastSize();
    const C = r.classes;
    this.k.sgemmRaw(
      0,
      0,
      batch,
      C,
      prevSize,
      1,
      prev.offset,
      prevSize,
      r.weights.offset,
      C,
      0,
      ws.logits.offset,
      C,
    );
    w.biasAdd(ws.logits.offset, batch, C, r.bias.offset);
    return ws;
  }

  /**
   * A conv layer's forward pass: unfold the input once (im2col), place the
   * active modules' weights side by side, one GEMM, bias and activation, then
   * the modules' outputs summed in module order (scaled for 'mean').
   */
  private convForward(
    layer: LayerState,
    mods: number[],
    input: KernelBuffer,
    batch: number,
    cols: KernelBuffer,
    cat: ConcatBuffers,
    hidden: KernelBuffer,
  ): void {
    const w = this.k.wasm;
    const { inSize: K, units: U } = layer;
    const n = mods.length;
    const rows = batch * layer.positions;
    conv2dColumns(this.k, { ...(layer.conv as Conv2DGeometry), batch }, input, cols);
    mods.forEach((m, s) => {
      w.copyMatrix(
        layer.weights.offset + m * K * U * 4,
        U,
        K,
        U,
        cat.weights.offset + s * U * 4,
        n * U,
      );
      w.copyMatrix(layer.bias.offset + m * U * 4, U, 1, U, cat.bias.offset + s * U * 4, n * U);
    });
    this.k.sgemmRaw(
      0,
      0,
      rows,
      n * U,
      K,
      1,
      cols.offset,
      K,
      cat.weights.offset,
      n * U,
      0,
      cat.z.offset,
      n * U,
    );
    w.biasAdd(cat.z.offset, rows, n * U, cat.bias.offset);
    if (layer.relu) w.reluForward(cat.z.offset, cat.z.offset, rows * n * U);
    w.blockSum(cat.z.offset, rows, n, U, hidden.offset);
    if (layer.mean && n > 1) w.scale(hidden.offset, rows * U, 1 / n);
  }

  /**
   * A conv layer's backward pass from the gradient of its output: every active
   * module gets that gradient (times 1/n for 'mean') through its activation;
   * one GEMM gives all their weight gradients (copied out for the trainable
   * ones), one GEMM the gradient of the unfolded input, folded back (col2im)
   * into `gradInput` when given.
   */
  private convBackward(
    layer: LayerState,
    mods: number[],
    batch: number,
    cols: KernelBuffer,
    cat: ConcatBuffers,
    gradOutput: KernelBuffer,
    trainable: (m: number) => boolean,
    gradCols: KernelBuffer | undefined,
    gradInput: KernelBuffer | undefined,
  ): void {
    const w = this.k.wasm;
    const { inSize: K, units: U } = layer;
    const n = mods.length;
    const NU = n * U;
    const rows = batch * layer.positions;
    w.blockTile(gradOutput.offset, rows, n, U, cat.gradZ.offset);
    if (layer.relu) w.reluBackward(cat.gradZ.offset, cat.z.offset, cat.gradZ.offset, rows * NU);
    if (layer.mean && n > 1) w.scale(cat.gradZ.offset, rows * NU, 1 / n);
    if (mods.some(trainable)) {
      this.k.sgemmRaw(
        1,
        0,
        K,
        NU,
        rows,
        1,
        cols.offset,
        K,
        cat.gradZ.offset,
        NU,
        0,
        cat.gradWeights.offset,
        NU,
      );
      w.columnSum(cat.gradZ.offset, rows, NU, 0, cat.gradBias.offset);
      mods.forEach((m, s) => {
        if (!trainable(m)) return;
        w.copyMatrix(
          cat.gradWeights.offset + s * U * 4,
          NU,
          K,
          U,
          layer.gradWeights.offset + m * K * U * 4,
          U,
        );
        w.copyMatrix(
          cat.gradBias.offset + s * U * 4,
          NU,
          1,
          U,
          layer.gradBias.offset + m * U * 4,
          U,
        );
      });
    }
    if (gradInput === undefined || gradCols === undefined) return;
    this.k.sgemmRaw(
      0,
      1,
      rows,
      K,
      NU,
      1,
      cat.gradZ.offset,
      NU,
      cat.weights.offset,
      NU,
      0,
      gradCols.offset,
      K,
    );
    this.k.col2imRaw(
      { ...(layer.conv as Conv2DGeometry), batch },
      gradCols.offset,
      gradInput.offset,
      0,
    );
  }

  /** Whether the first layer multiplies the input's non-zero lists (dense first layers only). */
  private skipsZeroInputs(): boolean {
    return this.config.skipZeroInputs && (this.layers[0] as LayerState).conv === undefined;
  }

  private copy(src: KernelBuffer, dst: KernelBuffer, n: number): void {
    const u8 = new Uint8Array(this.k.memory.buffer);
    u8.copyWithin(dst.offset, src.offset, src.offset + n * 4);
  }

  forward(active: readonly (readonly number[])[], x: Float32Array, readout?: string): Float32Array {
    const mods = this.normalize(active);
    const batch = this.batchOf(x);
    const r = this.readout(readout);
    const ws = this.runForward(mods, x, batch, r);
    return ws.logits.view().slice(0, batch * r.classes);
  }

  /** Checks a step's arguments; returns the distinct active modules, batch size and readout. */
  private checkStep(
    active: readonly (readonly number[])[],
    x: Float32Array,
    y: Int32Array,
    optimizer: DenseOptimizerSpec,
    options: TrainStepOptions,
  ): { mods: number[][]; batch: number; r: ReadoutState } {
    const mods = this.normalize(active);
    const batch = this.batchOf(x);
    if (!(y instanceof Int32Array) || y.length !== batch) {
      throw new KernelArgumentError(
        'y',
        `length ${y.length}`,
        `an Int32Array [${batch}] (one label per row of x)`,
      );
    }
    const r = this.readout(options.readout);
    for (let i = 0; i < batch; i++) {
      const label = y[i] as number;
      if (!(label >= 0 && label < r.classes)) {
        throw new KernelArgumentError(
          `y[${i}]`,
          String(label),
          `a class index in [0, ${r.classes - 1}]`,
        );
      }
    }
    this.checkOptions(optimizer, options);
    return { mods, batch, r };
  }

  /** Checks a step's learning rate and frozen mask. */
  private checkOptions(optimizer: DenseOptimizerSpec, options: TrainStepOptions): void {
    checkFinite('optimizer.learningRate', optimizer.learningRate);
    const trainable = options.trainable;
    if (trainable !== undefined && trainable.length !== this.layers.length) {
      throw new KernelArgumentError(
        'trainable',
        `${trainable.length} layers`,
        `${this.layers.length} layers`,
      );
    }
  }

  trainConcurrently(
    steps: readonly ConcurrentStep[],
    optimizer: DenseOptimizerSpec,
  ): TrainStepResult[] {
    if (optimizer.type === 'adam') {
      throw new KernelArgumentError(
        'optimizer.type',
        "'adam' for concurrent steps",
        "'sgd' or 'rmsprop' (Adam's bias correction counts the steps of one grid in order)",
      );
    }
    for (const s of steps) this.checkStep(s.active, s.x, s.y, optimizer, s.options ?? {});
    const workers = this.stepWorkers?.ready === true ? this.stepWorkers : undefined;
    const own = (s: ConcurrentStep) => () =>
      this.trainStep(s.active, s.x, s.y, optimizer, s.options);
    if (workers === undefined) return steps.map((s) => own(s)());
    const results: TrainStepResult[] = [];
    const version = `${this.readoutsVersion}:${optimizer.type}`;
    for (let i = 0; i < steps.length; i += 1 + workers.count) {
      const [first, ...rest] = steps.slice(i, i + 1 + workers.count) as [
        ConcurrentStep,
        ...ConcurrentStep[],
      ];
      rest.forEach((s, j) => {
        workers.attach(
          j,
          version,
          this.batchOf(s.x),
          () => this.layout(optimizer.type),
          (batch) => this.k.reserve(this.threadBytes(batch)),
        );
      });
      const jobs = rest.map((s) => ({
        active: s.active.map((row) => [...row]),
        // A view would send its whole buffer: send its elements only.
        x: s.x.byteLength === s.x.buffer.byteLength ? s.x : s.x.slice(),
        y: s.y.byteLength === s.y.buffer.byteLength ? s.y : s.y.slice(),
        options: s.options ?? {},
      }));
      results.push(...workers.run(jobs, optimizer, own(first)));
    }
    return results;
  }

  trainStep(
    active: readonly (readonly number[])[],
    x: Float32Array,
    y: Int32Array,
    optimizer: DenseOptimizerSpec,
    options: TrainStepOptions = {},
  ): TrainStepResult {
    const { mods, batch, r } = this.checkStep(active, x, y, optimizer, options);
    const C = r.classes;
    const ws = this.runForward(mods, x, batch, r);

    // Softmax cross-entropy and its gradient, in float64.
    const logits = ws.logits.view();
    const gl = ws.gradLogits.view();
    let loss = 0;
    let correct = 0;
    for (let i = 0; i < batch; i++) {
      const row = i * C;
      let mx = -Infinity;
      let arg = 0;
      for (let c = 0; c < C; c++) {
        const v = logits[row + c] as number;
        if (v > mx) {
          mx = v;
          arg = c;
        }
      }
      let sum = 0;
      for (let c = 0; c < C; c++) sum += Math.exp((logits[row + c] as number) - mx);
      const label = y[i] as number;
      loss += Math.log(sum) - ((logits[row + label] as number) - mx);
      if (arg === label) correct++;
      for (let c = 0; c < C; c++) {
        const p = Math.exp((logits[row + c] as number) - mx) / sum;
        gl[row + c] = (p - (c === label ? 1 : 0)) / batch;
      }
    }
    const measured = { loss: loss / batch, accuracy: correct / batch };
    if (!Number.isFinite(loss)) return { ...measured, gradNorm: Number.NaN, skipped: true };
    return { ...measured, ...this.backwardAndUpdate(mods, batch, r, ws, optimizer, options) };
  }

  trainStepFromOutputGradient(
    active: readonly (readonly number[])[],
    x: Float32Array,
    lossFn: OutputLossFn,
    optimizer: DenseOptimizerSpec,
    options: TrainStepOptions = {},
  ): OutputGradientStepResult {
    const mods = this.normalize(active);
    const batch = this.batchOf(x);
    const r = this.readout(options.readout);
    this.checkOptions(optimizer, options);
    const n = batch * r.classes;
    const ws = this.runForward(mods, x, batch, r);
    let result: ReturnType<OutputLossFn>;
    this.inCallback = true;
    try {
      result = lossFn(ws.logits.view().slice(0, n));
    } finally {
      this.inCallback = false;
    }
    const { loss, gradient } = result;
    if (!(gradient instanceof Float32Array) || gradient.length !== n) {
      throw new KernelArgumentError(
        'lossFn(...).gradient',
        gradient instanceof Float32Array ? `length ${gradient.length}` : typeof gradient,
        `a Float32Array [${batch}, ${r.classes}] (dLoss/dOutputs)`,
      );
    }
    if (!Number.isFinite(loss) || !allFinite(gradient)) {
      return { loss, gradNorm: Number.NaN, skipped: true };
    }
    ws.gradLogits.view().set(gradient);
    return { loss, ...this.backwardAndUpdate(mods, batch, r, ws, optimizer, options) };
  }

  /**
   * The backward pass from the gradient of the logits in `ws.gradLogits`
   * (after {@link DensePathway.runForward} of the same step), global-norm
   * clipping and the optimizer update of the active, trainable modules and
   * the readout. A non-finite gradient norm skips the update: nothing changes.
   */
  private backwardAndUpdate(
    mods: number[][],
    batch: number,
    r: ReadoutState,
    ws: Workspace,
    optimizer: DenseOptimizerSpec,
    options: TrainStepOptions,
  ): { gradNorm: number; skipped: boolean } {
    const C = r.classes;
    const trainable = options.trainable;
    const isTrainable = (l: number, m: number): boolean => trainable?.[l]?.[m] ?? true;
    const trainReadout = options.trainReadout ?? true;
    const w = this.k.wasm;

    // Lowest layer whose modules need gradients: backprop stops below it.
    let lowest = this.layers.length;
    for (let l = 0; l < this.layers.length; l++) {
      if ((mods[l] as number[]).some((m) => isTrainable(l, m))) {
        lowest = l;
        break;
      }
    }

    // Readout gradients and the gradient into the last hidden layer.
    const L = this.layers.length;
    const lastU = this.lastSize();
    const hL = ws.hidden[L - 1] as KernelBuffer;
    if (trainReadout) {
      this.k.sgemmRaw(
        1,
        0,
        lastU,
        C,
        batch,
        1,
        hL.offset,
        lastU,
        ws.gradLogits.offset,
        C,
        0,
        r.gradWeights.offset,
        C,
      );
      w.columnSum(ws.gradLogits.offset, batch, C, 0, r.gradBias.offset);
    }
    if (lowest < L) {
      this.k.sgemmRaw(
        0,
        1,
        batch,
        lastU,
        C,
        1,
        ws.gradLogits.offset,
        C,
        r.weights.offset,
        C,
        0,
        (ws.gradHidden[L - 1] as KernelBuffer).offset,
        lastU,
      );
    }
    let columnsListed = false;
    for (let l = L - 1; l >= lowest; l--) {
      const layer = this.layers[l] as LayerState;
      const lm = mods[l] as number[];
      const gh = ws.gradHidden[l] as KernelBuffer;
      const needInputGrad = l > lowest;
      if (layer.conv) {
        this.convBackward(
          layer,
          lm,
          batch,
          ws.cols[l] as KernelBuffer,
          ws.cat[l] as ConcatBuffers,
          gh,
          (m) => isTrainable(l, m),
          ws.gradCols,
          needInputGrad ? (ws.gradHidden[l - 1] as KernelBuffer) : undefined,
        );
        continue;
      }
      const U = layer.units;
      const inSize = layer.inSize;
      const n = batch * U;
      const coef = layer.mean ? 1 / lm.length : 1;
      const gz = ws.gradZ[l] as KernelBuffer;
      const prev = l === 0 ? ws.input : (ws.hidden[l - 1] as KernelBuffer);
      for (let s = 0; s < lm.length; s++) {
        const m = lm[s] as number;
        const z = (ws.acts[l] as KernelBuffer[])[s] as KernelBuffer;
        if (layer.relu) w.reluBackward(gh.offset, z.offset, gz.offset, n);
        else this.copy(gh, gz, n);
        if (coef !== 1) w.scale(gz.offset, n, coef);
        if (isTrainable(l, m)) {
          const gW = layer.gradWeights.offset + m * inSize * U * 4;
          if (l === 0 && this.skipsZeroInputs()) {
            // gW = x^T gz from the input's column lists (built once per step).
            if (!columnsListed) {
              w.compactRows(
                1,
                inSize,
                batch,
                ws.input.offset,
                inSize,
                ws.colIdx.offset,
                ws.colVals.offset,
                ws.colCounts.offset,
              );
              columnsListed = true;
            }
            w.sgemmFromLists(
              inSize,
              U,
              batch,
              1,
              ws.colIdx.offset,
              ws.colVals.offset,
              ws.colCounts.offset,
              gz.offset,
              U,
              0,
              gW,
              U,
            );
          } else {
            // Hidden inputs are ReLU outputs, often zero: skip those too.
            w.sgemmSparseA(
              1,
              inSize,
              U,
              batch,
              1,
              prev.offset,
              inSize,
              gz.offset,
              U,
              0,
              gW,
              U,
              this.k.scratch(2 * batch).offset,
            );
          }
          w.columnSum(gz.offset, batch, U, 0, layer.gradBias.offset + m * U * 4);
        }
        if (needInputGrad) {
          const wOff = layer.weights.offset + m * inSize * U * 4;
          const gradIn = ws.gradHidden[l - 1] as KernelBuffer;
          const beta = s === 0 ? 0 : 1;
          this.k.sgemmRaw(
            0,
            1,
            batch,
            inSize,
            U,
            1,
            gz.offset,
            U,
            wOff,
            U,
            beta,
            gradIn.offset,
            inSize,
          );
        }
      }
    }

    // The parameter/gradient pairs to update.
    const pairs: [KernelBuffer, KernelBuffer, Map<string, KernelBuffer[]>, number][] = [];
    for (let l = lowest; l < L; l++) {
      const layer = this.layers[l] as LayerState;
      const size = layer.inSize * layer.units;
      for (const m of mods[l] as number[]) {
        if (!isTrainable(l, m)) continue;
        pairs.push([
          layer.weights.subarray(m * size, size),
          layer.gradWeights.subarray(m * size, size),
          layer.state,
          m * size,
        ]);
        pairs.push([
          layer.bias.subarray(m * layer.units, layer.units),
          layer.gradBias.subarray(m * layer.units, layer.units),
          layer.state,
          -1 - m * layer.units,
        ]);
      }
    }
    if (trainReadout) {
      pairs.push([r.weights, r.gradWeights, r.state, 0]);
      pairs.push([r.bias, r.gradBias, r.state, -1]);
    }
    let sq = 0;
    for (const [, g] of pairs) sq += w.squaredNorm(g.offset, g.length);
    const gradNorm = Math.sqrt(sq);
    if (!Number.isFinite(gradNorm)) return { gradNorm, skipped: true };
    if (optimizer.clipNorm !== undefined) {
      checkFinite('optimizer.clipNorm', optimizer.clipNorm);
      if (gradNorm > optimizer.clipNorm) {
        const factor = optimizer.clipNorm / gradNorm;
        for (const [, g] of pairs) w.scale(g.offset, g.length, factor);
      }
    }
    this.applyUpdates(pairs, optimizer);
    return { gradNorm, skipped: false };
  }

  /** State buffers of one kind, allocated on first use, spanning a whole layer/readout (weights then bias). */
  private stateFor(
    owner: Map<string, KernelBuffer[]>,
    kind: string,
    count: number,
    weights: number,
    bias: number,
  ): KernelBuffer[] {
    let s = owner.get(kind);
    if (s === undefined) {
      s = [];
      for (let i = 0; i < count; i++) s.push(this.k.alloc(weights), this.k.alloc(bias));
      owner.set(kind, s);
    }
    return s;
  }

  private applyUpdates(
    pairs: [KernelBuffer, KernelBuffer, Map<string, KernelBuffer[]>, number][],
    opt: DenseOptimizerSpec,
  ): void {
    const w = this.k.wasm;
    const lr = opt.learningRate;
    if (opt.type === 'sgd') {
      for (const [p, g] of pairs) w.sgdUpdate(p.offset, g.offset, p.length, lr, 0);
      return;
    }
    if (opt.type !== 'rmsprop' && opt.type !== 'adam') {
      throw new KernelArgumentError(
        'optimizer.type',
        String((opt as { type: unknown }).type),
        "'sgd', 'rmsprop' or 'adam'",
      );
    }
    let bc1 = 1;
    let bc2 = 1;
    const beta1 = opt.type === 'adam' ? (opt.beta1 ?? 0.9) : 0;
    const beta2 = opt.type === 'adam' ? (opt.beta2 ?? 0.999) : 0;
    if (opt.type === 'adam') {
      this.adamStep++;
      bc1 = 1 - beta1 ** this.adamStep;
      bc2 = 1 - beta2 ** this.adamStep;
    }
    for (const [p, g, owner, where] of pairs) {
      // State buffers: index 0/1 hold the weights' two slots, 2/3 the bias's two slots.
      const isBias = where < 0;
      const start = isBias ? -1 - where : where;
      const total = this.ownerTotals(owner);
      const st = this.stateFor(owner, opt.type, 2, total.weights, total.bias);
      const s0 = (st[isBias ? 1 : 0] as KernelBuffer).offset + start * 4;
      const s1 = (st[isBias ? 3 : 2] as KernelBuffer).offset + start * 4;
      if (opt.type === 'rmsprop') {
        w.rmspropUpdate(
          p.offset,
          g.offset,
          s0,
          s1,
          p.length,
          lr,
          opt.decay ?? 0.9,
          opt.momentum ?? 0,
          opt.epsilon ?? 1e-7,
          0,
        );
      } else {
        w.adamUpdate(
          p.offset,
          g.offset,
          s0,
          s1,
          p.length,
          lr,
          beta1,
          beta2,
          opt.epsilon ?? 1e-7,
          bc1,
          bc2,
          0,
        );
      }
    }
  }

  private ownerTotals(owner: Map<string, KernelBuffer[]>): { weights: number; bias: number } {
    for (const layer of this.layers) {
      if (layer.state === owner) return { weights: layer.weights.length, bias: layer.bias.length };
    }
    for (const r of this.readoutMap.values()) {
      if (r.state === owner) return { weights: r.weights.length, bias: r.bias.length };
    }
    throw new Error('unreachable: optimizer state without owner');
  }

  share(
    kind: 'sgd' | 'rmsprop',
    options: { views: number; maxBatchSize: number },
  ): SharedPathwayGrid {
    if (kind !== 'sgd' && kind !== 'rmsprop') {
      throw new KernelArgumentError('kind', String(kind), "'sgd' or 'rmsprop'");
    }
    checkInt('options.views', options.views, 1);
    checkInt('options.maxBatchSize', options.maxBatchSize, 1);
    const layout = this.layout(kind);
    const bytes = this.threadBytes(options.maxBatchSize);
    const regions = Array.from({ length: options.views }, () => this.k.reserve(bytes));
    return { layout, regions, claims: new SharedArrayBuffer(4) };
  }

  getModuleState(layer: number, module: number, kind: DenseOptimizerSpec['type']): Float32Array[] {
    const l = this.layerAt(layer);
    checkInt('module', module, 0, l.modules - 1);
    const size = l.inSize * l.units;
    return (l.state.get(kind) ?? []).map((b, i) =>
      i % 2 === 0
        ? b.view().slice(module * size, (module + 1) * size)
        : b.view().slice(module * l.units, (module + 1) * l.units),
    );
  }

  getReadoutState(id: string, kind: DenseOptimizerSpec['type']): Float32Array[] {
    return (this.readout(id).state.get(kind) ?? []).map((b) => b.toArray());
  }

  getModule(layer: number, module: number): DenseModuleParameters {
    const l = this.layerAt(layer);
    checkInt('module', module, 0, l.modules - 1);
    const size = l.inSize * l.units;
    return {
      weights: l.weights.view().slice(module * size, (module + 1) * size),
      bias: l.bias.view().slice(module * l.units, (module + 1) * l.units),
    };
  }

  setModule(layer: number, module: number, params: DenseModuleParameters): void {
    const l = this.layerAt(layer);
    checkInt('module', module, 0, l.modules - 1);
    const size = l.inSize * l.units;
    if (params.weights.length !== size) {
      throw new KernelArgumentError(
        'params.weights',
        `length ${params.weights.length}`,
        `length ${size} ([${l.inSize}, ${l.units}])`,
      );
    }
    if (params.bias.length !== l.units) {
      throw new KernelArgumentError(
        'params.bias',
        `length ${params.bias.length}`,
        `length ${l.units}`,
      );
    }
    l.weights.view().set(params.weights, module * size);
    l.bias.view().set(params.bias, module * l.units);
  }

  removeReadout(id: string): void {
    this.readout(id);
    this.readoutMap.delete(id);
    this.readoutsVersion++;
  }

  getReadout(id: string): DenseModuleParameters {
    const r = this.readout(id);
    return { weights: r.weights.toArray(), bias: r.bias.toArray() };
  }

  setReadout(id: string, params: DenseModuleParameters): void {
    const r = this.readout(id);
    if (params.weights.length !== r.weights.length) {
      throw new KernelArgumentError(
        'params.weights',
        `length ${params.weights.length}`,
        `length ${r.weights.length} ([${this.lastSize()}, ${r.classes}])`,
      );
    }
    if (params.bias.length !== r.classes) {
      throw new KernelArgumentError(
        'params.bias',
        `length ${params.bias.length}`,
        `length ${r.classes}`,
      );
    }
    r.weights.view().set(params.weights);
    r.bias.view().set(params.bias);
  }

  get concurrency(): number {
    return this.stepWorkers?.ready === true ? 1 + this.stepWorkers.count : 1;
  }

  async ready(): Promise<void> {
    await Promise.all([this.k.ready(), this.stepWorkers?.whenReady()]);
  }

  dispose(): void {
    this.k.dispose();
    this.stepWorkers?.dispose();
  }

  resetOptimizerState(): void {
    const owners = [
      ...this.layers.map((l) => l.state),
      ...[...this.readoutMap.values()].map((r) => r.state),
    ];
    for (const owner of owners)
      for (const buffers of owner.values()) for (const b of buffers) b.view().fill(0);
    this.adamStep = 0;
  }
}
