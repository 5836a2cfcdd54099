/**
 * Fast float32 CPU kernels for PathNet's dense and conv modules, compiled
 * to WebAssembly with SIMD and embedded in the bundle (no setup under Node,
 * Bun or Deno): a GEMM, fused optimizer updates, a fused dense pathway
 * training step, and conv2d forward and gradients.
 *
 * @packageDocumentation
 */

export {
  type Conv2DGeometry,
  type Conv2DOptions,
  type Conv2DShape,
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  conv2dColumns,
  conv2dColumnsLength,
  conv2dGeometry,
} from './conv2d.js';
export { attachSharedPathway, createDensePathwayKernel } from './dense-pathway.js';
export { KernelArgumentError } from './errors.js';
export type { SgemmOptions } from './gemm.js';
export { KernelBuffer } from './kernel-buffer.js';
export { Kernels, type KernelsOptions } from './kernels.js';
export type { AdamState, RmsPropState } from './optimizer-updates.js';
export type {
  ConcurrentStep,
  DenseLayerSpec,
  DenseModuleParameters,
  DenseOptimizerSpec,
  DensePathwayConfig,
  DensePathwayKernel,
  OutputGradientStepResult,
  OutputLossFn,
  SharedPathwayGrid,
  TrainStepOptions,
  TrainStepResult,
} from './pathway-types.js';
export { KernelThreadError } from './threads.js';
export { enableRelaxedSimd, type KernelsVariant, kernelsVariant } from './wasm-module.js';
