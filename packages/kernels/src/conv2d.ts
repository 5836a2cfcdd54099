import { checkInt, KernelArgumentError } from './errors.js';
import type { KernelBuffer } from './kernel-buffer.js';
import type { Kernels } from './kernels.js';

/**
 * The shape of a 2-D convolution as tfjs's `conv2d` takes it: NHWC input
 * [batch, height, width, inChannels], HWIO filter
 * [kernelHeight, kernelWidth, inChannels, outChannels], no dilation.
 */
export interface Conv2DShape {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  kernelHeight: number;
  kernelWidth: number;
  strideHeight: number;
  strideWidth: number;
  /** tfjs/TensorFlow padding: `'valid'` (none) or `'same'` (output = ceil(input / stride)). */
  padding: 'valid' | 'same';
}

/** A {@link Conv2DShape} with its output size and padding resolved. */
export interface Conv2DGeometry extends Conv2DShape {
  outHeight: number;
  outWidth: number;
  /** Zero rows added above the input (TensorFlow puts the odd one below). */
  padTop: number;
  /** Zero columns added left of the input (TensorFlow puts the odd one right). */
  padLeft: number;
}

/**
 * Resolves output size and padding by TensorFlow's rules
 * (tensorflow/core/framework/kernel_shape_util.cc, GetWindowedOutputSize):
 * 'valid': out = ceil((in - k + 1) / s); 'same': out = ceil(in / s),
 * pad total = max((out - 1) * s + k - in, 0), pad before = floor(total / 2).
 * @throws KernelArgumentError when a size is not a positive integer, the
 *   padding is unknown, or a 'valid' window is larger than the input.
 */
export function conv2dGeometry(shape: Conv2DShape): Conv2DGeometry {
  for (const key of [
    'batch',
    'height',
    'width',
    'inChannels',
    'outChannels',
    'kernelHeight',
    'kernelWidth',
    'strideHeight',
    'strideWidth',
  ] as const) {
    checkInt(`shape.${key}`, shape[key], 1);
  }
  const axis = (size: number, k: number, s: number, name: string): [number, number] => {
    if (shape.padding === 'valid') {
      if (k > size) {
        throw new KernelArgumentError(
          `shape.kernel${name}`,
          String(k),
          `at most the input ${name.toLowerCase()} ${size} with 'valid' padding`,
        );
      }
      return [Math.ceil((size - k + 1) / s), 0];
    }
    if (shape.padding === 'same') {
      const out = Math.ceil(size / s);
      return [out, Math.floor(Math.max((out - 1) * s + k - size, 0) / 2)];
    }
    throw new KernelArgumentError('shape.padding', String(shape.padding), "'valid' or 'same'");
  };
  const [outHeight, padTop] = axis(shape.height, shape.kernelHeight, shape.strideHeight, 'Height');
  const [outWidth, padLeft] = axis(shape.width, shape.kernelWidth, shape.strideWidth, 'Width');
  return { ...shape, outHeight, outWidth, padTop, padLeft };
}

function sizes(g: Conv2DGeometry) {
  const patches = g.batch * g.outHeight * g.outWidth;
  const patchSize = g.kernelHeight * g.kernelWidth * g.inChannels;
  return {
    patches,
    patchSize,
    input: g.batch * g.height * g.width * g.inChannels,
    filter: patchSize * g.outChannels,
    output: patches * g.outChannels,
  };
}

function check(k: Kernels, name: string, b: KernelBuffer, length: number): void {
  if (b.owner !== k) {
    throw new KernelArgumentError(
      name,
      'a buffer of another Kernels instance',
      'a buffer of this instance',
    );
  }
  if (b.length < length)
    throw new KernelArgumentError(name, `${b.length} elements`, `at least ${length}`);
}

/** Elements of the unfolded input of {@link conv2dColumns}: [B * OH * OW, kh * kw * Cin]. */
export function conv2dColumnsLength(shape: Conv2DShape | Conv2DGeometry): number {
  const s = sizes(conv2dGeometry(shape));
  return s.patches * s.patchSize;
}

/**
 * Unfolds x [B, H, W, Cin] into columns [B * OH * OW, kh * kw * Cin] (im2col; row
 * (b, oy, ox), column (ky, kx, ci), zeros in the padding). Pass them as
 * `options.columns` to {@link conv2d} and {@link conv2dBackpropFilter} to unfold an
 * input once for all the modules of a layer.
 * @throws KernelArgumentError on a bad shape or a too-short buffer.
 */
export function conv2dColumns(
  k: Kernels,
  shape: Conv2DShape | Conv2DGeometry,
  x: KernelBuffer,
  columns: KernelBuffer,
): void {
  const g = conv2dGeometry(shape);
  const s = sizes(g);
  check(k, 'x', x, s.input);
  check(k, 'columns', columns, s.patches * s.patchSize);
  unfold(k, g, x, columns);
}

/** Options of {@link conv2d} and {@link conv2dBackpropFilter}. */
export interface Conv2DOptions {
  /** Scale of the existing output before adding (0 overwrites, 1 sums). Default 0. */
  beta?: number;
  /** x already unfolded by {@link conv2dColumns}; x itself is then not read. */
  columns?: KernelBuffer;
}

function im2col(
  k: Kernels,
  g: Conv2DGeometry,
  x: KernelBuffer,
  given: KernelBuffer | undefined,
): KernelBuffer {
  const s = sizes(g);
  if (given !== undefined) {
    check(k, 'options.columns', given, s.patches * s.patchSize);
    return given;
  }
  check(k, 'x', x, s.input);
  return unfold(k, g, x, k.scratch(s.patches * s.patchSize, 'im2col'));
}

function unfold(k: Kernels, g: Conv2DGeometry, x: KernelBuffer, cols: KernelBuffer): KernelBuffer {
  k.parallel.im2colRaw(g, x.offset, cols.offset);
  return cols;
}

/**
 * Convolution forward: y [B, OH, OW, Cout] = beta * y + conv(x [B, H, W, Cin], filter [kh, kw, Cin, Cout]),
 * as tfjs `conv2d(x, filter, strides, padding)` (NHWC, no dilation), by im2col and the SIMD GEMM.
 * @throws KernelArgumentError on a bad shape or a too-short buffer.
 */
export function conv2d(
  k: Kernels,
  shape: Conv2DShape | Conv2DGeometry,
  x: KernelBuffer,
  filter: KernelBuffer,
  y: KernelBuffer,
  options: Conv2DOptions = {},
): void {
  const g = conv2dGeometry(shape);
  const s = sizes(g);
  check(k, 'filter', filter, s.filter);
  check(k, 'y', y, s.output);
  const cols = im2col(k, g, x, options.columns);
  k.sgemm({
    m: s.patches,
    n: g.outChannels,
    k: s.patchSize,
    a: cols,
    b: filter,
    c: y,
    beta: options.beta ?? 0,
  });
}

/**
 * Gradient of the loss with respect to the filter (tfjs `Conv2DBackpropFilter`):
 * dfilter [kh, kw, Cin, Cout] = beta * dfilter + sum over batch and positions of x-window ⊗ dy,
 * by im2col and the SIMD GEMM.
 * @throws KernelArgumentError on a bad shape or a too-short buffer.
 */
export function conv2dBackpropFilter(
  k: Kernels,
  shape: Conv2DShape | Conv2DGeometry,
  x: KernelBuffer,
  dy: KernelBuffer,
  dfilter: KernelBuffer,
  options: Conv2DOptions = {},
): void {
  const g = conv2dGeometry(shape);
  const s = sizes(g);
  check(k, 'dy', dy, s.output);
  check(k, 'dfilter', dfilter, s.filter);
  const cols = im2col(k, g, x, options.columns);
  k.sgemm({
    transA: true,
    m: s.patchSize,
    n: g.outChannels,
    k: s.patches,
    a: cols,
    b: dy,
    c: dfilter,
    beta: options.beta ?? 0,
  });
}

/**
 * Gradient of the loss with respect to the input (tfjs `Conv2DBackpropInput`):
 * dx [B, H, W, Cin] (+)= the transposed convolution of dy [B, OH, OW, Cout] with filter.
 * With `accumulate`, adds to dx (sums the input gradients of several modules); else overwrites it.
 * @throws KernelArgumentError on a bad shape or a too-short buffer.
 */
export function conv2dBackpropInput(
  k: Kernels,
  shape: Conv2DShape | Conv2DGeometry,
  dy: KernelBuffer,
  filter: KernelBuffer,
  dx: KernelBuffer,
  accumulate = false,
): void {
  const g = conv2dGeometry(shape);
  const s = sizes(g);
  check(k, 'dy', dy, s.output);
  check(k, 'filter', filter, s.filter);
  check(k, 'dx', dx, s.input);
  const dcols = k.scratch(s.patches * s.patchSize, 'im2col');
  k.sgemm({
    transB: true,
    m: s.patches,
    n: s.patchSize,
    k: g.outChannels,
    a: dy,
    b: filter,
    c: dcols,
  });
  k.parallel.col2imRaw(g, dcols.offset, dx.offset, accumulate ? 1 : 0);
}
