import { checkFinite, checkInt } from './errors.js';
import { checkOwned, type KernelBuffer } from './kernel-buffer.js';
import type { Kernels } from './kernels.js';
import { flag } from './wasm-exports.js';

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

/** {@link Kernels.sgdUpdate} on instance `k`. */
export function applySgd(
  k: Kernels,
  param: KernelBuffer,
  grad: KernelBuffer,
  learningRate: number,
  skip: boolean,
): void {
  checkOwned(k, 'param', param, 0);
  checkOwned(k, 'grad', grad, param.length);
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
  checkOwned(k, 'param', param, 0);
  checkOwned(k, 'grad', grad, param.length);
  checkOwned(k, 'state.meanSquare', state.meanSquare, param.length);
  checkOwned(k, 'state.moment', state.moment, param.length);
  k.wasm.rmspropUpdate(
    param.offset,
    grad.offset,
    state.meanSquare.offset,
    state.moment.offset,
    param.length,
    hyper.learningRate,
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
  checkOwned(k, 'param', param, 0);
  checkOwned(k, 'grad', grad, param.length);
  checkOwned(k, 'state.m', state.m, param.length);
  checkOwned(k, 'state.v', state.v, param.length);
  checkInt('hyper.step', hyper.step, 1);
  k.wasm.adamUpdate(
    param.offset,
    grad.offset,
    state.m.offset,
    state.v.offset,
    param.length,
    hyper.learningRate,
    hyper.beta1,
    hyper.beta2,
    hyper.epsilon,
    1 - hyper.beta1 ** hyper.step,
    1 - hyper.beta2 ** hyper.step,
    flag(skip),
  );
}
