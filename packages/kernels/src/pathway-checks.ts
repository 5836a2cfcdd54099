/**
 * @internal The argument checks of a grid's passes and accessors: the active modules, the
 * input batch and its labels, the readout and layer looked up, the learning rate and the
 * frozen mask.
 */
import { checkFinite, checkInt, KernelArgumentError } from './errors.js';
import type { LayerState, PathwayParts, ReadoutState } from './pathway-parts.js';
import type { DenseOptimizerSpec, TrainStepOptions } from './pathway-types.js';

/**
 * The readout `id` (default: the configured one).
 * @throws KernelArgumentError when the grid has no readout of that id.
 */
export function readoutOf(grid: PathwayParts, id: string | undefined): ReadoutState {
  const key = id ?? grid.config.readoutId;
  const r = grid.readoutMap.get(key);
  if (r === undefined) {
    throw new KernelArgumentError(
      'readout',
      `'${key}'`,
      `one of ${[...grid.readoutMap.keys()].join(', ')}`,
    );
  }
  return r;
}

/** Layer `layer`. @throws KernelArgumentError when it is not a layer index. */
export function layerAt(grid: PathwayParts, layer: number): LayerState {
  checkInt('layer', layer, 0, grid.layers.length - 1);
  return grid.layers[layer] as LayerState;
}

/**
 * Distinct, sorted active modules per layer.
 * @throws KernelArgumentError when the layer count is wrong, a layer has no module or a
 *   module index is out of range.
 */
export function activeModules(
  grid: PathwayParts,
  active: readonly (readonly number[])[],
): number[][] {
  if (active.length !== grid.layers.length) {
    throw new KernelArgumentError(
      'active',
      `${active.length} layers`,
      `${grid.layers.length} layers`,
    );
  }
  return active.map((mods, l) => {
    const M = (grid.layers[l] as LayerState).modules;
    if (mods.length === 0) {
      throw new KernelArgumentError(`active[${l}]`, 'no module', 'at least one active module');
    }
    for (const m of mods) checkInt(`active[${l}] module`, m, 0, M - 1);
    return [...new Set(mods)].sort((a, b) => a - b);
  });
}

/**
 * Rows of `x` [B, inputSize].
 * @throws KernelArgumentError when x is not a non-empty Float32Array of whole rows.
 */
export function batchOf(grid: PathwayParts, x: Float32Array): number {
  const D = grid.config.inputSize;
  if (!(x instanceof Float32Array) || x.length === 0 || x.length % D !== 0) {
    throw new KernelArgumentError('x', `length ${x.length}`, `a non-empty Float32Array [B, ${D}]`);
  }
  return x.length / D;
}

/** Checks a step's arguments; returns the distinct active modules, batch size and readout. */
export function checkStep(
  grid: PathwayParts,
  active: readonly (readonly number[])[],
  x: Float32Array,
  y: Int32Array,
  optimizer: DenseOptimizerSpec,
  options: TrainStepOptions,
): { mods: number[][]; batch: number; r: ReadoutState } {
  const mods = activeModules(grid, active);
  const batch = batchOf(grid, x);
  if (!(y instanceof Int32Array) || y.length !== batch) {
    throw new KernelArgumentError(
      'y',
      `length ${y.length}`,
      `an Int32Array [${batch}] (one label per row of x)`,
    );
  }
  const r = readoutOf(grid, options.readout);
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
  checkOptions(grid, optimizer, options);
  return { mods, batch, r };
}

/** Checks a step's learning rate and frozen mask. */
export function checkOptions(
  grid: PathwayParts,
  optimizer: DenseOptimizerSpec,
  options: TrainStepOptions,
): void {
  checkFinite('optimizer.learningRate', optimizer.learningRate);
  const trainable = options.trainable;
  if (trainable !== undefined && trainable.length !== grid.layers.length) {
    throw new KernelArgumentError(
      'trainable',
      `${trainable.length} layers`,
      `${grid.layers.length} layers`,
    );
  }
}
