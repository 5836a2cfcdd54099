/**
 * `@pathnet/backend`: the one place PathNet-TS touches tfjs. It resolves the
 * tensor backend once (tfjs-node-gpu > tfjs-node > wasm > cpu), reports why
 * each candidate was or was not used, and re-exports the tfjs-core namespace
 * as `tf` so that every other package imports tfjs only from here.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs-core';
// Registers the gradient of every op: tfjs-core defines them, but its Node entry registers
// none (the umbrella `@tensorflow/tfjs` does, with layers, converter, data and webgl beside).
// That module ships only as extension-less ESM that Node cannot import, so the build bundles
// it (tsup.config.ts); tfjs's registries are global, so it serves every copy of tfjs-core.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
// Registers the cpu backend on import, as `@tensorflow/tfjs` did, so `tf` computes before
// (or without) initBackend(); initBackend() then picks the best backend.
import '@tensorflow/tfjs-backend-cpu';

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
