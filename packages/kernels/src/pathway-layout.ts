/**
 * @internal Where a grid's shared parts live in its memory ({@link GridLayout}), for the
 * threads that share it.
 */
import type { KernelBuffer } from './kernel-buffer.js';
import { stateFor } from './pathway-optimizer.js';
import type { PathwayParts } from './pathway-parts.js';
import type { BufferRef, DensePathwayConfig, GridLayout, StateRefs } from './pathway-types.js';

/**
 * The shared parts' offsets, with optimizer state of `kind` made
 * to exist for every layer and readout first (a thread sharing the grid must
 * not allocate it).
 */
export function gridLayout(grid: PathwayParts, kind: string): GridLayout {
  const refOf = (b: KernelBuffer): BufferRef => [b.offset, b.length];
  const stateRefs = (
    owner: Map<string, KernelBuffer[]>,
    weights: number,
    bias: number,
  ): StateRefs => {
    stateFor(grid, owner, kind, 2, weights, bias);
    return [...owner.entries()].map(([k, bs]) => [k, bs.map(refOf)]);
  };
  return {
    config: grid.config as Required<DensePathwayConfig>,
    layers: grid.layers.map((l) => ({
      weights: refOf(l.weights),
      bias: refOf(l.bias),
      state: kind === 'sgd' ? [] : stateRefs(l.state, l.weights.length, l.bias.length),
    })),
    readouts: [...grid.readoutMap.entries()].map(([id, r]) => [
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
