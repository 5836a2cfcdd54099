/**
 * The types of `PathNet`'s public methods: options, minibatches, step results, losses,
 * gradients and parameter values.
 */
import type { tf } from '@pathnet/backend';
import type { PathNetConfig } from './config.js';
import type { EngineChoice } from './engines/engine.js';

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
