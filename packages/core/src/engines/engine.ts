import { tf } from '@pathnet/backend';
import type { SharedPathwayGrid } from '@pathnet/kernels';
import type { PathNetConfig } from '../config.js';
import { EngineError } from '../errors.js';
import type { Optimizer } from '../optimizer.js';
import type {
  Batch,
  Gradients,
  LossFn,
  OutputGradientStepResult,
  OutputLossFn,
  StepResult,
} from '../types.js';

/**
 * How a {@link PathNet} stores and trains its parameters:
 * - `'tfjs'`: one tfjs variable per module parameter, ops on the active tfjs
 *   backend (cpu, wasm, or tensorflow/CUDA via tfjs-node-gpu); any module kind,
 *   any optimizer, custom losses;
 * - `'fused'`: dense and conv grids (conv layers before dense ones; relu or
 *   linear), parameters in WebAssembly memory, and a whole training step
 *   (forward, backward, update) in one call of `@pathnet/kernels` — no per-op
 *   framework overhead. SGD (no momentum, no weight decay) and RMSProp, with
 *   optional clipping.
 */
export type Engine = 'tfjs' | 'fused';

/** An {@link Engine}, or `'auto'`: `'fused'` where it can run the config on a CPU backend, else `'tfjs'`. */
export type EngineChoice = Engine | 'auto';

/** Why the fused engine cannot run a config, or `null` when it can. */
export function fusedUnsupportedReason(config: PathNetConfig): string | null {
  let seenDense = false;
  for (const [l, layer] of config.layers.entries()) {
    if (layer.module.kind === 'conv2d' && seenDense)
      return `layer ${l} has conv2d modules after a dense layer (fused runs conv layers first)`;
    seenDense ||= layer.module.kind === 'dense';
    if (layer.activation !== 'relu' && layer.activation !== 'linear') {
      return `layer ${l} uses activation '${layer.activation}' (fused supports relu and linear)`;
    }
  }
  return null;
}

/**
 * Resolves an engine choice for a config. `'auto'` picks `'fused'` for the
 * grids it runs unless the active tfjs backend is the native one (`tensorflow`, e.g.
 * CUDA through tfjs-node-gpu), where tfjs is the fast path.
 * @throws {EngineError} if `'fused'` is asked for a config it cannot run, or the choice is unknown.
 */
export function resolveEngine(config: PathNetConfig, choice: EngineChoice = 'tfjs'): Engine {
  if (choice === 'tfjs') return 'tfjs';
  const reason = fusedUnsupportedReason(config);
  if (choice === 'fused') {
    if (reason !== null)
      throw new EngineError(`engine 'fused' cannot run this config: ${reason}; use engine 'tfjs'`);
    return 'fused';
  }
  if (choice === 'auto')
    return reason === null && tf.getBackend() !== 'tensorflow' ? 'fused' : 'tfjs';
  throw new EngineError(
    `engine: expected 'tfjs' | 'fused' | 'auto'; got ${JSON.stringify(choice)}`,
  );
}

/** The frozen set, boolean [L][M]: true where a module must never change. */
export type FrozenSet = readonly (readonly boolean[])[];

/** Active modules per layer, as `validatePathway` returns them (sorted, distinct). */
export type ActiveModules = readonly (readonly number[])[];

/**
 * What an {@link Engine} does for a `PathNet`: it stores module and readout parameters and
 * runs passes and steps on them. `PathNet` validates every argument (pathway, readout, shapes,
 * labels, finiteness) before calling it, and keeps the grid's concepts itself (config, frozen
 * set, readouts' sizes, transfer, checkpoints); an engine only computes. Optional members are
 * capabilities some engines lack (`PathNet` then throws `EngineError` naming the method).
 * Same rules on every engine: only active, unfrozen modules and the readout are updated, and a
 * non-finite loss or gradient skips the step without any change.
 */
export interface GridEngine {
  /** Overwrites (or first sets) a module's `[kernel, bias]`. */
  writeModule(layer: number, module: number, values: readonly Float32Array[]): void;
  /** Copies of a module's `[kernel, bias]`. */
  readModule(layer: number, module: number): Float32Array[];
  /** Adds a readout `[kernel [featureSize · C], bias [C]]` for a task. */
  addReadout(taskId: string, numClasses: number, values: readonly Float32Array[]): void;
  /** Removes and frees a task's readout. */
  removeReadout(taskId: string): void;
  /** Copies of a readout's `[kernel, bias]`. */
  readReadout(taskId: string): Float32Array[];
  /** Readout outputs Float32Array [B · C] of a pathway. */
  forward(active: ActiveModules, taskId: string, x: Float32Array, batchSize: number): Float32Array;
  /** Examples of `x` [n · inputSize] whose first largest output is the label `y[i]`. */
  countCorrect(active: ActiveModules, taskId: string, x: Float32Array, y: Int32Array): number;
  /** One softmax cross-entropy step (see `PathNet.trainStep`). */
  trainStep(
    active: ActiveModules,
    taskId: string,
    batch: Batch,
    optimizer: Optimizer,
    frozen: FrozenSet,
  ): StepResult;
  /** Several steps, at once where the engine can (see `PathNet.trainConcurrently`). */
  trainConcurrently(
    steps: readonly { active: ActiveModules; taskId: string; batch: Batch }[],
    optimizer: Optimizer,
    frozen: FrozenSet,
  ): StepResult[];
  /** One step from a caller's output gradient (see `PathNet.trainStepFromOutputGradient`). */
  trainStepFromOutputGradient(
    active: ActiveModules,
    taskId: string,
    x: Float32Array,
    batchSize: number,
    lossFn: OutputLossFn,
    optimizer: Optimizer,
    frozen: FrozenSet,
  ): OutputGradientStepResult;
  /** One step of a tfjs loss (see `PathNet.trainStepWithLoss`); NaN when skipped. */
  trainStepWithLoss?(
    active: ActiveModules,
    taskId: string,
    x: Float32Array,
    batchSize: number,
    lossFn: LossFn,
    optimizer: Optimizer,
    frozen: FrozenSet,
  ): number;
  /** Gradients without an update (see `PathNet.computeGradients`). */
  computeGradients?(
    active: ActiveModules,
    taskId: string,
    batch: { readonly x: Float32Array; readonly y?: Int32Array; readonly batchSize: number },
    lossFn: LossFn | undefined,
    frozen: FrozenSet,
  ): Gradients;
  /** Every layer's output (see `PathNet.activations`). */
  activations?(active: ActiveModules, x: Float32Array, batchSize: number): Float32Array[];
  /** Shares the grid with other threads (see `PathNet.share`). */
  share?(optimizer: Optimizer, views: number, maxBatchSize: number): SharedPathwayGrid;
  /** The optimizer whose statistics a shared grid holds, if shared. */
  readonly sharedOptimizer?: Optimizer | undefined;
  /** Copies of a module's optimizer statistics (see `PathNet.readOptimizerState`). */
  readOptimizerState?(layer: number, module: number): Float32Array[];
  /** Copies of a readout's optimizer statistics. */
  readReadoutOptimizerState?(taskId: string): Float32Array[];
  /** Parameter tensors held by tfjs (0 where parameters live elsewhere). */
  readonly numParameterTensors: number;
  /** Steps `trainConcurrently` runs at once now. */
  readonly concurrency: number;
  /** Resolves once the engine's threads (if any) have started. */
  ready(): Promise<void>;
  /** Frees everything the engine holds. */
  dispose(): void;
}
