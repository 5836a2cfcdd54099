/**
 * @internal The backward pass of a fused pathway grid: gradients of the readout and of the
 * active, trainable modules only (frozen and inactive modules get none).
 */
import type { Conv2DGeometry } from './conv2d.js';
import type { KernelBuffer } from './kernel-buffer.js';
import {
  type ConcatBuffers,
  copyBuffer,
  type LayerState,
  lastSize,
  type PathwayParts,
  type ReadoutState,
  skipsZeroInputs,
  type UpdatePair,
  type Workspace,
} from './pathway-parts.js';
import type { TrainStepOptions } from './pathway-types.js';

/**
 * The backward pass from the gradient of the logits in `ws.gradLogits` (after `runForward`
 * of the same step): the gradients of the readout (when trained) and of the active,
 * trainable modules, backpropagated no lower than the lowest layer that has one.
 * @returns the parameters to update with their gradients.
 */
export function backward(
  grid: PathwayParts,
  mods: number[][],
  batch: number,
  r: ReadoutState,
  ws: Workspace,
  options: TrainStepOptions,
): UpdatePair[] {
  const C = r.classes;
  const trainable = options.trainable;
  const isTrainable = (l: number, m: number): boolean => trainable?.[l]?.[m] ?? true;
  const trainReadout = options.trainReadout ?? true;
  const w = grid.k.wasm;

  // Lowest layer whose modules need gradients: backprop stops below it.
  let lowest = grid.layers.length;
  for (let l = 0; l < grid.layers.length; l++) {
    if ((mods[l] as number[]).some((m) => isTrainable(l, m))) {
      lowest = l;
      break;
    }
  }

  // Readout gradients and the gradient into the last hidden layer.
  const L = grid.layers.length;
  const lastU = lastSize(grid);
  const hL = ws.hidden[L - 1] as KernelBuffer;
  if (trainReadout) {
    grid.k.parallel.sgemmRaw(
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
    grid.k.parallel.sgemmRaw(
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
    const layer = grid.layers[l] as LayerState;
    const lm = mods[l] as number[];
    const gh = ws.gradHidden[l] as KernelBuffer;
    const needInputGrad = l > lowest;
    if (layer.conv) {
      convBackward(
        grid,
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
      else copyBuffer(grid, gh, gz, n);
      if (coef !== 1) w.scale(gz.offset, n, coef);
      if (isTrainable(l, m)) {
        const gW = layer.gradWeights.offset + m * inSize * U * 4;
        if (l === 0 && skipsZeroInputs(grid)) {
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
            grid.k.scratch(2 * batch).offset,
          );
        }
        w.columnSum(gz.offset, batch, U, 0, layer.gradBias.offset + m * U * 4);
      }
      if (needInputGrad) {
        const wOff = layer.weights.offset + m * inSize * U * 4;
        const gradIn = ws.gradHidden[l - 1] as KernelBuffer;
        const beta = s === 0 ? 0 : 1;
        grid.k.parallel.sgemmRaw(
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
  const pairs: UpdatePair[] = [];
  for (let l = lowest; l < L; l++) {
    const layer = grid.layers[l] as LayerState;
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
  return pairs;
}

/**
 * A conv layer's backward pass from the gradient of its output: every active
 * module gets that gradient (times 1/n for 'mean') through its activation;
 * one GEMM gives all their weight gradients (copied out for the trainable
 * ones), one GEMM the gradient of the unfolded input, folded back (col2im)
 * into `gradInput` when given.
 */
export function convBackward(
  grid: PathwayParts,
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
  const w = grid.k.wasm;
  const { inSize: K, units: U } = layer;
  const n = mods.length;
  const NU = n * U;
  const rows = batch * layer.positions;
  w.blockTile(gradOutput.offset, rows, n, U, cat.gradZ.offset);
  if (layer.relu) w.reluBackward(cat.gradZ.offset, cat.z.offset, cat.gradZ.offset, rows * NU);
  if (layer.mean && n > 1) w.scale(cat.gradZ.offset, rows * NU, 1 / n);
  if (mods.some(trainable)) {
    grid.k.parallel.sgemmRaw(
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
      w.copyMatrix(cat.gradBias.offset + s * U * 4, NU, 1, U, layer.gradBias.offset + m * U * 4, U);
    });
  }
  if (gradInput === undefined || gradCols === undefined) return;
  grid.k.parallel.sgemmRaw(
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
  grid.k.parallel.col2imRaw(
    { ...(layer.conv as Conv2DGeometry), batch },
    gradCols.offset,
    gradInput.offset,
    0,
  );
}
