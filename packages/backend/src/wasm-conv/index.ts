/**
 * Conv2D gradient kernels for the tfjs `wasm` backend, computed by
 * `@pathnet/kernels` (WebAssembly SIMD im2col + GEMM).
 *
 * tfjs 4.22's wasm backend has a forward `Conv2D` (XNNPACK) but no
 * `Conv2DBackpropFilter` or `Conv2DBackpropInput`, so no conv model can train
 * on it. These kernel configs fill the gap; {@link registerWasmConvKernels}
 * registers only the ones tfjs lacks, so a future tfjs with native kernels
 * keeps them.
 *
 * Semantics follow TensorFlow's `Conv2DBackpropFilter` / `Conv2DBackpropInput`
 * (tensorflow/core/kernels/conv_grad_*_ops.cc) for NHWC input, HWIO filters,
 * no dilation, 'valid' or 'same' padding (or explicit numbers equal to one of them).
 */
import {
  type Conv2DShape,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  type KernelBuffer,
  Kernels,
} from '@pathnet/kernels';
import * as tf from '@tensorflow/tfjs-core';

/** Names of the kernels this module provides. */
export const wasmConvKernelNames = ['Conv2DBackpropFilter', 'Conv2DBackpropInput'] as const;

/** One of {@link wasmConvKernelNames}. */
export type WasmConvKernelName = (typeof wasmConvKernelNames)[number];

/**
 * Thrown by a kernel when tfjs passes a convolution it does not implement:
 * NCHW data, dilations other than 1, non-float32 tensors, or explicit padding
 * that is neither 'valid' nor TensorFlow's 'same'.
 */
export class UnsupportedConvError extends Error {
  override readonly name = 'UnsupportedConvError';
  constructor(
    /** The kernel that was called. */
    readonly kernel: string,
    /** Which attribute or input. */
    readonly input: string,
    /** What was given. */
    readonly given: string,
    /** What is supported. */
    readonly expected: string,
  ) {
    super(
      `${kernel} on the wasm backend (@pathnet/backend): ${input} is ${given}; expected ${expected}. ` +
        'Fix: use that form, or PATHNET_BACKEND=cpu for this model.',
    );
  }
}

/** The part of tfjs-backend-wasm's `BackendWasm` these kernels use. */
interface WasmHeapBackend {
  typedArrayFromHeap(t: tf.TensorInfo): tf.TypedArray;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

function isWasmHeapBackend(b: unknown): b is WasmHeapBackend {
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof (b as Partial<WasmHeapBackend>).typedArrayFromHeap === 'function' &&
    typeof (b as Partial<WasmHeapBackend>).makeOutput === 'function'
  );
}

/** Lazily created kernels instance and buffers, reused across calls and grown by doubling. */
class Workspace {
  private instance: Kernels | undefined;
  private readonly slots = new Map<string, KernelBuffer>();

  get kernels(): Kernels {
    this.instance ??= Kernels.create({ threads: 'auto' });
    return this.instance;
  }

  /** A buffer of at least `length` elements for `slot`; contents undefined unless `data` is given. */
  buffer(slot: string, length: number, data?: Float32Array): KernelBuffer {
    let b = this.slots.get(slot);
    if (b === undefined || b.length < length) {
      b = this.kernels.alloc(Math.max(length, 2 * (b?.length ?? 0)));
      this.slots.set(slot, b);
    }
    const view = b.subarray(0, length);
    if (data !== undefined) view.view().set(data);
    return view;
  }
}

const workspace = new Workspace();

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dilations?: number | [number, number];
}

function readAttrs(kernel: string, attrs: tf.NamedAttrMap | undefined): ConvAttrs {
  const a = (attrs ?? {}) as Partial<ConvAttrs>;
  if (a.strides === undefined || a.pad === undefined) {
    throw new UnsupportedConvError(kernel, 'attrs', 'missing strides or pad', 'both set by tfjs');
  }
  if (a.dataFormat !== undefined && a.dataFormat !== 'NHWC') {
    throw new UnsupportedConvError(kernel, 'dataFormat', `'${a.dataFormat}'`, "'NHWC'");
  }
  const d = a.dilations;
  if (d !== undefined && !(d === 1 || (Array.isArray(d) && d[0] === 1 && d[1] === 1))) {
    throw new UnsupportedConvError(kernel, 'dilations', JSON.stringify(d), '1');
  }
  return { strides: a.strides, pad: a.pad, dimRoundingMode: a.dimRoundingMode };
}

/**
 * Resolves tfjs's convolution info to the 'valid' / 'same' padding @pathnet/kernels
 * implements: explicit numbers are accepted when they equal what one of those gives.
 */
function geometry(
  kernel: string,
  inputShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  attrs: ConvAttrs,
) {
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const shape = {
    batch: info.batchSize,
    height: info.inHeight,
    width: info.inWidth,
    inChannels: info.inChannels,
    outChannels: info.outChannels,
    kernelHeight: info.filterHeight,
    kernelWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
  };
  const p = info.padInfo;
  const noPad = p.top === 0 && p.left === 0 && p.bottom === 0 && p.right === 0;
  const valid = (size: number, k: number, s: number) => Math.ceil((size - k + 1) / s);
  const same = (size: number, k: number, s: number) => {
    const out = Math.ceil(size / s);
    const total = Math.max((out - 1) * s + k - size, 0);
    const before = Math.floor(total / 2);
    return { out, before, after: total - before };
  };
  const sh = same(info.inHeight, info.filterHeight, info.strideHeight);
  const sw = same(info.inWidth, info.filterWidth, info.strideWidth);
  if (
    noPad &&
    info.outHeight === valid(info.inHeight, info.filterHeight, info.strideHeight) &&
    info.outWidth === valid(info.inWidth, info.filterWidth, info.strideWidth)
  ) {
    return { ...shape, padding: 'valid' as const, outShape: info.outShape };
  }
  if (
    info.outHeight === sh.out &&
    info.outWidth === sw.out &&
    p.top === sh.before &&
    p.bottom === sh.after &&
    p.left === sw.before &&
    p.right === sw.after
  ) {
    return { ...shape, padding: 'same' as const, outShape: info.outShape };
  }
  throw new UnsupportedConvError(
    kernel,
    'pad',
    `${JSON.stringify(attrs.pad)} (top ${p.top}, bottom ${p.bottom}, left ${p.left}, right ${p.right})`,
    "'valid', 'same', or explicit padding equal to one of them",
  );
}

function float32(kernel: string, name: string, t: tf.TensorInfo): void {
  if (t.dtype !== 'float32') {
    throw new UnsupportedConvError(kernel, name, `dtype '${t.dtype}'`, "'float32'");
  }
}

function rank4(kernel: string, name: string, shape: readonly number[]) {
  if (shape.length !== 4) {
    throw new UnsupportedConvError(kernel, name, `shape [${shape.join(', ')}]`, 'a rank-4 shape');
  }
  return shape as [number, number, number, number];
}

function backendOf(kernel: string, b: unknown): WasmHeapBackend {
  if (!isWasmHeapBackend(b)) {
    throw new UnsupportedConvError(kernel, 'backend', 'not tfjs-backend-wasm', 'the wasm backend');
  }
  return b;
}

function input(kernel: string, inputs: tf.NamedTensorInfoMap, name: string): tf.TensorInfo {
  const t = inputs[name];
  if (t === undefined)
    throw new UnsupportedConvError(kernel, `inputs.${name}`, 'missing', 'a tensor');
  float32(kernel, name, t);
  return t;
}

/** Copies a tensor from the wasm backend's heap into the kernels' workspace slot. */
function staged(b: WasmHeapBackend, slot: string, t: tf.TensorInfo): KernelBuffer {
  return workspace.buffer(
    slot,
    tf.util.sizeFromShape(t.shape),
    b.typedArrayFromHeap(t) as Float32Array,
  );
}

/** A new float32 tensor of the wasm backend holding `values`. */
function output(b: WasmHeapBackend, shape: readonly number[], values: KernelBuffer): tf.TensorInfo {
  const result = b.makeOutput([...shape], 'float32');
  (b.typedArrayFromHeap(result) as Float32Array).set(values.view());
  return result;
}

/** A rank-4 shape (NHWC tensors, HWIO filters). */
type Shape4 = [number, number, number, number];

/**
 * A conv gradient kernel for the wasm backend: checks the backend, reads the
 * float32 inputs `inputNames` and the rank-4 output shape from attribute
 * `outShapeAttr`, resolves the geometry from the input and filter shapes that
 * `shapes` gives, runs `run` on the staged inputs and returns its result as a
 * new tensor of the backend.
 */
function gradientKernel(
  name: WasmConvKernelName,
  inputNames: readonly [string, string],
  outShapeAttr: 'filterShape' | 'inputShape',
  shapes: (outShape: Shape4, first: tf.TensorInfo, second: tf.TensorInfo) => [Shape4, Shape4],
  run: (
    k: Kernels,
    g: Conv2DShape,
    first: KernelBuffer,
    second: KernelBuffer,
    out: KernelBuffer,
  ) => void,
): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const b = backendOf(name, backend);
    const [firstName, secondName] = inputNames;
    const first = input(name, inputs, firstName);
    const second = input(name, inputs, secondName);
    const a = readAttrs(name, attrs);
    const outShape = rank4(name, outShapeAttr, (attrs?.[outShapeAttr] ?? []) as number[]);
    const g = geometry(name, ...shapes(outShape, first, second), a);
    const k = workspace.kernels;
    const out = workspace.buffer('out', tf.util.sizeFromShape(outShape));
    run(k, g, staged(b, firstName, first), staged(b, secondName, second), out);
    return output(b, outShape, out);
  };
}

/**
 * tfjs `Conv2DBackpropFilter` for the wasm backend: inputs `x` [B, H, W, Cin] and
 * `dy` [B, OH, OW, Cout], attrs `strides`, `pad`, `filterShape` [kh, kw, Cin, Cout];
 * returns dfilter [kh, kw, Cin, Cout] (float32).
 * @throws UnsupportedConvError for NCHW, dilations ≠ 1, non-float32 or unsupported padding.
 */
export const conv2DBackpropFilterWasm: tf.KernelFunc = gradientKernel(
  'Conv2DBackpropFilter',
  ['x', 'dy'],
  'filterShape',
  (filterShape, x) => [rank4('Conv2DBackpropFilter', 'x', x.shape), filterShape],
  conv2dBackpropFilter,
);

/**
 * tfjs `Conv2DBackpropInput` for the wasm backend: inputs `dy` [B, OH, OW, Cout] and
 * `filter` [kh, kw, Cin, Cout], attrs `strides`, `pad`, `inputShape` [B, H, W, Cin];
 * returns dx [B, H, W, Cin] (float32).
 * @throws UnsupportedConvError for NCHW, dilations ≠ 1, non-float32 or unsupported padding.
 */
export const conv2DBackpropInputWasm: tf.KernelFunc = gradientKernel(
  'Conv2DBackpropInput',
  ['dy', 'filter'],
  'inputShape',
  (inputShape, _dy, filter) => [inputShape, rank4('Conv2DBackpropInput', 'filter', filter.shape)],
  conv2dBackpropInput,
);

/** The kernel configs, as `tf.registerKernel` takes them (backend `'wasm'`). */
export const wasmConvKernelConfigs: readonly tf.KernelConfig[] = [
  { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilterWasm },
  { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: conv2DBackpropInputWasm },
];

/** Options of {@link registerWasmConvKernels}. */
export interface RegisterWasmConvOptions {
  /**
   * Kernels to install even where tfjs has a native one for `'wasm'` (replacing it).
   * Default none: a native kernel wins.
   */
  readonly replaceNative?: readonly WasmConvKernelName[];
}

/**
 * Native wasm kernels that these ones outrun, by the tfjs-backend-wasm version they were
 * measured against. tfjs-backend-wasm 4.22's `Conv2DBackpropInput` is a direct loop,
 * ~8× slower than im2col + GEMM on the Atari grid's layers (README, "Conv on wasm").
 * Versions after the last one measured keep their native kernels.
 *
 * @param wasmVersion - tfjs-backend-wasm's version string, e.g. `"4.22.0"`.
 * @returns the kernel names worth replacing for that version.
 */
export function nativeKernelsOutrun(wasmVersion: string): WasmConvKernelName[] {
  const [major, minor] = wasmVersion.split('.').map((v) => Number.parseInt(v, 10));
  if (major === undefined || minor === undefined || Number.isNaN(major) || Number.isNaN(minor)) {
    return [];
  }
  return major < 4 || (major === 4 && minor <= 22) ? ['Conv2DBackpropInput'] : [];
}

/**
 * Registers each kernel of {@link wasmConvKernelConfigs} that tfjs does not already
 * have for `'wasm'` (a native one wins unless named in `options.replaceNative`).
 * Safe to call many times: a kernel already ours is left as it is.
 * @returns the kernel names registered by this call (empty when nothing changed).
 */
export function registerWasmConvKernels(
  options: RegisterWasmConvOptions = {},
): WasmConvKernelName[] {
  const added: WasmConvKernelName[] = [];
  for (const config of wasmConvKernelConfigs) {
    const name = config.kernelName as WasmConvKernelName;
    const present = tf.getKernel(name, 'wasm');
    if (present?.kernelFunc === config.kernelFunc) continue;
    if (present !== undefined) {
      if (!(options.replaceNative ?? []).includes(name)) continue;
      tf.unregisterKernel(name, 'wasm');
    }
    tf.registerKernel(config);
    added.push(name);
  }
  return added;
}
