/**
 * The public types of the fused pathway grid (`createDensePathwayKernel`): its configuration,
 * optimizers, step options and results, and the {@link DensePathwayKernel} interface.
 */
import type { KernelsRegion } from './kernels.js';

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
export type BufferRef = [offset: number, length: number];

/** Optimizer state buffers of one owner (layer or readout), by optimizer kind. */
export type StateRefs = [kind: string, buffers: BufferRef[]][];

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

/** One step of {@link DensePathwayKernel.trainConcurrently}. */
export interface ConcurrentStep {
  active: readonly (readonly number[])[];
  /** Float32Array [B, inputSize]. */
  x: Float32Array;
  /** Int32Array [B] of class indices. */
  y: Int32Array;
  options?: TrainStepOptions;
}
