/**
 * `@pathnet/backend`: the one place PathNet-TS touches tfjs. It resolves the
 * tensor backend once (tfjs-node-gpu > tfjs-node > wasm > cpu), reports why
 * each candidate was or was not used, and re-exports the tfjs-core namespace
 * as `tf` so that every other package imports tfjs only from here.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs-core';
// Registers the gradient of every op (tfjs-core alone has none under Node).
import '@tensorflow/tfjs';

export { type BackendCandidate, builtinCandidates, wasmBinaryDir } from './candidates.js';
export { type BackendFailure, BackendResolutionError } from './errors.js';
export {
  assertCanTrain,
  MissingKernelError,
  type ModuleKernelKind,
  missingKernels,
  requiredKernels,
} from './kernels.js';
export {
  type BackendDescription,
  backendNames,
  type CandidateStatus,
  describeBackend,
  formatBackendDescription,
  type InitBackendOptions,
  initBackend,
  registerBackendCandidate,
} from './resolve.js';
export {
  conv2DBackpropFilterWasm,
  conv2DBackpropInputWasm,
  nativeKernelsOutrun,
  type RegisterWasmConvOptions,
  registerWasmConvKernels,
  UnsupportedConvError,
  type WasmConvKernelName,
  wasmConvKernelConfigs,
  wasmConvKernelNames,
} from './wasm-conv/index.js';
export { tf };
