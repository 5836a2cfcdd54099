/**
 * @internal The forward pass of a fused pathway grid: the active modules of each layer
 * (dense: one GEMM per module; conv: one GEMM for all of them over the unfolded input),
 * reduced, then the task's readout (Fernando et al. 2017, Sec. 2).
 */
import { type Conv2DGeometry, conv2dColumns } from './conv2d.js';
import { KernelArgumentError } from './errors.js';
import type { KernelBuffer } from './kernel-buffer.js';
import {
  type ConcatBuffers,
  copyBuffer,
  type LayerState,
  lastSize,
  type PathwayParts,
  type ReadoutState,
  skipsZeroInputs,
  type Workspace,
} from './pathway-parts.js';

/** Runs the forward pass into the workspace; returns it. */
export function runForward(
  grid: PathwayParts,
  ws: Workspace,
  active: number[][],
  x: Float32Array,
  batch: number,
  r: ReadoutState,
): Workspace {
  if (grid.inCallback) {
    throw new KernelArgumentError(
      'this grid',
      'a pass started from inside a trainStepFromOutputGradient loss callback',
      'the callback to compute the loss from its outputs only (the step keeps its activations)',
    );
  }
  const w = grid.k.wasm;
  ws.input.view().set(x);
  const D = grid.config.inputSize;
  const listed = skipsZeroInputs(grid);
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
  for (let l = 0; l < grid.layers.length; l++) {
    const layer = grid.layers[l] as LayerState;
    const mods = active[l] as number[];
    const U = layer.units;
    const K = layer.inSize;
    const rows = batch * layer.positions;
    const n = rows * U;
    const hidden = ws.hidden[l] as KernelBuffer;
    const acts = ws.acts[l] as KernelBuffer[];
    if (layer.conv) {
      convForward(
        grid,
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
        grid.k.parallel.sgemmRaw(0, 0, rows, U, K, 1, prev.offset, K, wOff, U, 0, z.offset, U);
      }
      w.biasAdd(z.offset, rows, U, layer.bias.offset + m * U * 4);
      if (layer.relu) w.reluForward(z.offset, z.offset, n);
      if (s === 0) copyBuffer(grid, z, hidden, n);
      else w.axpyInto(n, 1, z.offset, hidden.offset);
    }
    if (layer.mean && mods.length > 1) w.scale(hidden.offset, n, 1 / mods.length);
    prev = hidden;
  }
  const prevSize = lastSize(grid);
  const C = r.classes;
  grid.k.parallel.sgemmRaw(
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
export function convForward(
  grid: PathwayParts,
  layer: LayerState,
  mods: number[],
  input: KernelBuffer,
  batch: number,
  cols: KernelBuffer,
  cat: ConcatBuffers,
  hidden: KernelBuffer,
): void {
  const w = grid.k.wasm;
  const { inSize: K, units: U } = layer;
  const n = mods.length;
  const rows = batch * layer.positions;
  conv2dColumns(grid.k, { ...(layer.conv as Conv2DGeometry), batch }, input, cols);
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
  grid.k.parallel.sgemmRaw(
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
