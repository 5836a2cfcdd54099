/**
 * @internal The optimizer of a fused pathway grid: global-norm clipping, then SGD, RMSProp or
 * Adam updates (tfjs's formulas) with state allocated per layer and readout on first use.
 */
import { checkFinite, KernelArgumentError } from './errors.js';
import type { KernelBuffer } from './kernel-buffer.js';
import type { PathwayParts, UpdatePair } from './pathway-parts.js';
import type { DenseOptimizerSpec } from './pathway-types.js';
import type { UpdateOperands } from './wasm-exports.js';

/**
 * Global-norm clipping (TF's clip_by_global_norm) of `pairs`' gradients and the optimizer
 * update of their parameters. A non-finite gradient norm skips the update: nothing changes.
 */
export function clipAndApply(
  grid: PathwayParts,
  pairs: UpdatePair[],
  optimizer: DenseOptimizerSpec,
): { gradNorm: number; skipped: boolean } {
  const w = grid.k.wasm;
  let sq = 0;
  for (const [, g] of pairs) sq += w.squaredNorm(g.offset, g.length);
  const gradNorm = Math.sqrt(sq);
  if (!Number.isFinite(gradNorm)) return { gradNorm, skipped: true };
  if (optimizer.clipNorm !== undefined) {
    checkFinite('optimizer.clipNorm', optimizer.clipNorm);
    if (gradNorm > optimizer.clipNorm) {
      const factor = optimizer.clipNorm / gradNorm;
      for (const [, g] of pairs) w.scale(g.offset, g.length, factor);
    }
  }
  applyUpdates(grid, pairs, optimizer);
  return { gradNorm, skipped: false };
}

/** State buffers of one kind, allocated on first use, spanning a whole layer/readout (weights then bias). */
export function stateFor(
  grid: PathwayParts,
  owner: Map<string, KernelBuffer[]>,
  kind: string,
  count: number,
  weights: number,
  bias: number,
): KernelBuffer[] {
  let s = owner.get(kind);
  if (s === undefined) {
    s = [];
    for (let i = 0; i < count; i++) s.push(grid.k.alloc(weights), grid.k.alloc(bias));
    owner.set(kind, s);
  }
  return s;
}

/** Updates each parameter of `pairs` with its (clipped) gradient. */
export function applyUpdates(
  grid: PathwayParts,
  pairs: UpdatePair[],
  opt: DenseOptimizerSpec,
): void {
  const w = grid.k.wasm;
  const lr = opt.learningRate;
  if (opt.type === 'sgd') {
    for (const [p, g] of pairs) w.sgdUpdate(p.offset, g.offset, p.length, lr, 0);
    return;
  }
  if (opt.type !== 'rmsprop' && opt.type !== 'adam') {
    throw new KernelArgumentError(
      'optimizer.type',
      String((opt as { type: unknown }).type),
      "'sgd', 'rmsprop' or 'adam'",
    );
  }
  let bc1 = 1;
  let bc2 = 1;
  const beta1 = opt.type === 'adam' ? (opt.beta1 ?? 0.9) : 0;
  const beta2 = opt.type === 'adam' ? (opt.beta2 ?? 0.999) : 0;
  if (opt.type === 'adam') {
    grid.adamStep++;
    bc1 = 1 - beta1 ** grid.adamStep;
    bc2 = 1 - beta2 ** grid.adamStep;
  }
  for (const [p, g, owner, where] of pairs) {
    // State buffers: index 0/1 hold the weights' two slots, 2/3 the bias's two slots.
    const isBias = where < 0;
    const start = isBias ? -1 - where : where;
    const total = ownerTotals(grid, owner);
    const st = stateFor(grid, owner, opt.type, 2, total.weights, total.bias);
    const s0 = (st[isBias ? 1 : 0] as KernelBuffer).offset + start * 4;
    const s1 = (st[isBias ? 3 : 2] as KernelBuffer).offset + start * 4;
    const operands: UpdateOperands = [p.offset, g.offset, s0, s1, p.length, lr];
    if (opt.type === 'rmsprop') {
      w.rmspropUpdate(...operands, opt.decay ?? 0.9, opt.momentum ?? 0, opt.epsilon ?? 1e-7, 0);
    } else {
      w.adamUpdate(...operands, beta1, beta2, opt.epsilon ?? 1e-7, bc1, bc2, 0);
    }
  }
}

/** Sizes of the weights and bias of the layer or readout owning `owner`. */
export function ownerTotals(
  grid: PathwayParts,
  owner: Map<string, KernelBuffer[]>,
): { weights: number; bias: number } {
  for (const layer of grid.layers) {
    if (layer.state === owner) return { weights: layer.weights.length, bias: layer.bias.length };
  }
  for (const r of grid.readoutMap.values()) {
    if (r.state === owner) return { weights: r.weights.length, bias: r.bias.length };
  }
  throw new Error('unreachable: optimizer state without owner');
}
