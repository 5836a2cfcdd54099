/**
 * @internal The pieces of a fused pathway grid that its passes and its optimizer work on:
 * per-layer and per-readout buffers in WebAssembly memory, the per-thread workspace, and
 * small helpers over them.
 */
import { uniformFloat32 } from 'pure-rand/distribution/uniformFloat32';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Conv2DGeometry } from './conv2d.js';
import type { KernelBuffer } from './kernel-buffer.js';
import type { Kernels } from './kernels.js';
import type { DensePathwayConfig } from './pathway-types.js';

export interface LayerState {
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

export interface ReadoutState {
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
export interface ConcatBuffers {
  weights: KernelBuffer;
  bias: KernelBuffer;
  z: KernelBuffer;
  gradZ: KernelBuffer;
  gradWeights: KernelBuffer;
  gradBias: KernelBuffer;
}

export interface Workspace {
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

/** What the passes and the optimizer read of a grid (the grid class implements it). */
export interface PathwayParts {
  readonly k: Kernels;
  readonly config: Readonly<Required<DensePathwayConfig>>;
  readonly layers: LayerState[];
  readonly readoutMap: Map<string, ReadoutState>;
  /** True while a `trainStepFromOutputGradient` callback runs (no pass may start then). */
  readonly inCallback: boolean;
  /** Adam's step count (one per grid). */
  adamStep: number;
}

/**
 * A parameter to update: its buffer, its gradient, its owner's optimizer state and where it
 * starts there (element offset for weights, `-1 - offset` for a bias).
 */
export type UpdatePair = [
  param: KernelBuffer,
  grad: KernelBuffer,
  state: Map<string, KernelBuffer[]>,
  where: number,
];

/** Features per example out of the last layer (its units, times its positions for conv). */
export function lastSize(grid: PathwayParts): number {
  const last = grid.layers[grid.layers.length - 1] as LayerState;
  return last.positions * last.units;
}

/** Whether the first layer multiplies the input's non-zero lists (dense first layers only). */
export function skipsZeroInputs(grid: PathwayParts): boolean {
  return grid.config.skipZeroInputs && (grid.layers[0] as LayerState).conv === undefined;
}

export function copyBuffer(
  grid: PathwayParts,
  src: KernelBuffer,
  dst: KernelBuffer,
  n: number,
): void {
  const u8 = new Uint8Array(grid.k.memory.buffer);
  u8.copyWithin(dst.offset, src.offset, src.offset + n * 4);
}

/** Whether every element of `values` is finite. */
export function allFinite(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

export function glorot(view: Float32Array, fanIn: number, fanOut: number, seed: number): void {
  const rng = xoroshiro128plus(seed);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  for (let i = 0; i < view.length; i++) view[i] = (2 * uniformFloat32(rng) - 1) * limit;
}

/** Allocates a workspace for batches of up to `capacity` rows in the grid's arena. */
export function allocWorkspace(grid: PathwayParts, capacity: number): Workspace {
  const maxClasses = Math.max(...[...grid.readoutMap.values()].map((r) => r.classes));
  const k = grid.k;
  const before = k.allocatedBytes;
  const skip = grid.config.skipZeroInputs && grid.layers[0]?.conv === undefined;
  const lists = skip ? capacity * grid.config.inputSize : 0;
  const out = (l: LayerState) => capacity * l.positions * l.units;
  const colsOf = (l: LayerState) => capacity * l.positions * l.inSize;
  const gradColsLength = Math.max(0, ...grid.layers.slice(1).map((l) => (l.conv ? colsOf(l) : 0)));
  const ws: Workspace = {
    capacity,
    bytes: 0,
    input: k.alloc(capacity * grid.config.inputSize),
    acts: grid.layers.map((l) =>
      Array.from({ length: l.conv ? 0 : l.modules }, () => k.alloc(out(l))),
    ),
    hidden: grid.layers.map((l) => k.alloc(out(l))),
    gradHidden: grid.layers.map((l) => k.alloc(out(l))),
    gradZ: grid.layers.map((l) => k.alloc(out(l))),
    logits: k.alloc(capacity * maxClasses),
    cols: grid.layers.map((l) => (l.conv ? k.alloc(colsOf(l)) : undefined)),
    cat: grid.layers.map((l) =>
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
    colCounts: k.alloc(skip ? grid.config.inputSize : 0),
    gradLogits: k.alloc(capacity * maxClasses),
  };
  ws.bytes = k.allocatedBytes - before;
  return ws;
}
