import { checkFinite, checkInt } from './errors.js';
import { checkOwned, type KernelBuffer } from './kernel-buffer.js';
import type { Kernels } from './kernels.js';
import { flag, type UpdateOperands } from './wasm-exports.js';

/** State of {@link Kernels.rmspropUpdate}: the mean square and the moment, each like the parameter. */
export interface RmsPropState {
  meanSquare: KernelBuffer;
  moment: KernelBuffer;
}

/** State of {@link Kernels.adamUpdate}: first and second moment estimates, each like the parameter. */
export interface AdamState {
  m: KernelBuffer;
  v: KernelBuffer;
}

/**
 * Checks an update's buffers: `param`, then `grad` and each state buffer
 * (named `state.<key>` in errors) owned by `k` and as long as `param`.
 */
function checkUpdateBuffers(
  k: Kernels,
  param: KernelBuffer,
  grad: KernelBuffer,
  state: Record<string, KernelBuffer> = {},
): void {
  checkOwned(k, 'param', param, 0);
  checkOwned(k, 'grad', grad, param.length);
  for (const [key, buffer] of Object.entries(state)) {
    checkOwned(k, `state.${key}`, buffer, param.length);
  }
}

/** The {@link UpdateOperands} of an update of `param` by `grad` with the state slots `slot0`, `slot1`. */
function operands(
  param: KernelBuffer,
  grad: KernelBuffer,
  slot0: KernelBuffer,
  slot1: KernelBuffer,
  learningRate: number,
): UpdateOperands {
  return [param.offset, grad.offset, slot0.offset, slot1.offset, param.length, learningRate];
}

/** {@link Kernels.sgdUpdate} on instance `k`. */
export function applySgd(
  k: Kernels,
  param: KernelBuffer,
  grad: KernelBuffer,
  learningRate: number,
  skip: boolean,
): void {
  checkUpdateBuffers(k, param, grad);
  checkFinite('learningRate', learningRate);
  k.wasm.sgdUpdate(param.offset, grad.offset, param.length, learningRate, flag(skip));
}

/** {@link Kernels.rmspropUpdate} on instance `k`. */
export function applyRmsProp(
  k: Kernels,
  param: KernelBuffer,
  grad: KernelBuffer,
  state: RmsPropState,
  hyper: { learningRate: number; decay: number; momentum: number; epsilon: number },
  skip: boolean,
): void {
  checkUpdateBuffers(k, param, grad, { meanSquare: state.meanSquare, moment: state.moment });
  k.wasm.rmspropUpdate(
    ...operands(param, grad, state.meanSquare, state.moment, hyper.learningRate),
    hyper.decay,
    hyper.momentum,
    hyper.epsilon,
    flag(skip),
  );
}

/** {@link Kernels.adamUpdate} on instance `k`. */
export function applyAdam(
  k: Kernels,
  param: KernelBuffer,
  grad: KernelBuffer,
  state: AdamState,
  hyper: { learningRate: number; beta1: number; beta2: number; epsilon: number; step: number },
  skip: boolean,
): void {
  checkUpdateBuffers(k, param, grad, { m: state.m, v: state.v });
  checkInt('hyper.step', hyper.step, 1);
  k.wasm.adamUpdate(
    ...operands(param, grad, state.m, state.v, hyper.learningRate),
    hyper.beta1,
    hyper.beta2,
    hyper.epsilon,
    1 - hyper.beta1 ** hyper.step,
    1 - hyper.beta2 ** hyper.step,
    flag(skip),
  );
}
