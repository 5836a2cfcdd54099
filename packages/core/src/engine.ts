import { tf } from '@pathnet/backend';
import {
  createDensePathwayKernel,
  type DenseOptimizerSpec,
  type DensePathwayKernel,
} from '@pathnet/kernels';
import type { PathNetConfig } from './config.js';
import { EngineError } from './errors.js';
import type { Optimizer } from './optimizer.js';

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
