/**
 * @internal Reading and writing a grid's parameters from outside the passes: a module's
 * weights and bias, a readout's, and their optimizer state (as copies).
 */
import { checkInt, KernelArgumentError } from './errors.js';
import { layerAt, readoutOf } from './pathway-checks.js';
import { type LayerState, lastSize, type PathwayParts } from './pathway-parts.js';
import type {
  DenseModuleParameters,
  DenseOptimizerSpec,
  DensePathwayKernel,
} from './pathway-types.js';

/**
 * Layer `layer` of the grid, once `module` is checked to be one of its modules,
 * and the number of weights of one module ([inSize, units]).
 */
function moduleOf(
  grid: PathwayParts,
  layer: number,
  module: number,
): { l: LayerState; size: number } {
  const l = layerAt(grid, layer);
  checkInt('module', module, 0, l.modules - 1);
  return { l, size: l.inSize * l.units };
}

/** {@link DensePathwayKernel.getModule}: copies of module `module` of layer `layer`. */
export function readModule(
  grid: PathwayParts,
  layer: number,
  module: number,
): DenseModuleParameters {
  const { l, size } = moduleOf(grid, layer, module);
  return {
    weights: l.weights.view().slice(module * size, (module + 1) * size),
    bias: l.bias.view().slice(module * l.units, (module + 1) * l.units),
  };
}

/** {@link DensePathwayKernel.setModule}. */
export function writeModule(
  grid: PathwayParts,
  layer: number,
  module: number,
  params: DenseModuleParameters,
): void {
  const { l, size } = moduleOf(grid, layer, module);
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

/** {@link DensePathwayKernel.getModuleState}: copies of a module's optimizer state of `kind`. */
export function readModuleState(
  grid: PathwayParts,
  layer: number,
  module: number,
  kind: DenseOptimizerSpec['type'],
): Float32Array[] {
  const { l, size } = moduleOf(grid, layer, module);
  return (l.state.get(kind) ?? []).map((b, i) =>
    i % 2 === 0
      ? b.view().slice(module * size, (module + 1) * size)
      : b.view().slice(module * l.units, (module + 1) * l.units),
  );
}

/** {@link DensePathwayKernel.getReadout}: copies of readout `id`'s weights and bias. */
export function readReadout(grid: PathwayParts, id: string): DenseModuleParameters {
  const r = readoutOf(grid, id);
  return { weights: r.weights.toArray(), bias: r.bias.toArray() };
}

/** {@link DensePathwayKernel.setReadout}. */
export function writeReadout(grid: PathwayParts, id: string, params: DenseModuleParameters): void {
  const r = readoutOf(grid, id);
  if (params.weights.length !== r.weights.length) {
    throw new KernelArgumentError(
      'params.weights',
      `length ${params.weights.length}`,
      `length ${r.weights.length} ([${lastSize(grid)}, ${r.classes}])`,
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

/** {@link DensePathwayKernel.getReadoutState}: copies of a readout's optimizer state of `kind`. */
export function readReadoutState(
  grid: PathwayParts,
  id: string,
  kind: DenseOptimizerSpec['type'],
): Float32Array[] {
  return (readoutOf(grid, id).state.get(kind) ?? []).map((b) => b.toArray());
}
