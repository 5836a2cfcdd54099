import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  conv2DBackpropFilterWasm,
  conv2DBackpropInputWasm,
  initBackend,
  missingKernels,
  nativeKernelsOutrun,
  registerWasmConvKernels,
  tf,
  UnsupportedConvError,
  wasmConvKernelNames,
} from '../index.js';

/** A convolution case: shapes, stride, padding and the data, drawn from one seed. */
interface ConvCase {
  batch: number;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  padding: 'valid' | 'same';
  height: number;
  width: number;
  x: number[];
  f: number[];
  w: number[];
}

function outSize(size: number, k: number, s: number, padding: 'valid' | 'same'): number {
  return padding === 'valid' ? Math.ceil((size - k + 1) / s) : Math.ceil(size / s);
}

const values = (n: number) =>
  fc.array(fc.float({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }), {
    minLength: n,
    maxLength: n,
  });

const arbCase: fc.Arbitrary<ConvCase> = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }),
    inChannels: fc.integer({ min: 1, max: 4 }),
    outChannels: fc.integer({ min: 1, max: 4 }),
    kernel: fc.integer({ min: 1, max: 5 }),
    stride: fc.integer({ min: 1, max: 3 }),
    padding: fc.constantFrom('valid' as const, 'same' as const),
    extraH: fc.integer({ min: 0, max: 6 }),
    extraW: fc.integer({ min: 0, max: 6 }),
  })
  .chain((s) => {
    const height = s.kernel + s.extraH;
    const width = s.kernel + s.extraW;
    const oh = outSize(height, s.kernel, s.stride, s.padding);
    const ow = outSize(width, s.kernel, s.stride, s.padding);
    return fc.record({
      batch: fc.constant(s.batch),
      inChannels: fc.constant(s.inChannels),
      outChannels: fc.constant(s.outChannels),
      kernel: fc.constant(s.kernel),
      stride: fc.constant(s.stride),
      padding: fc.constant(s.padding),
      height: fc.constant(height),
      width: fc.constant(width),
      x: values(s.batch * height * width * s.inChannels),
      f: values(s.kernel * s.kernel * s.inChannels * s.outChannels),
      w: values(s.batch * oh * ow * s.outChannels),
    });
  });

/** dL/dx and dL/df of L = sum(conv2d(x, f) * w), by tf.grads on the active backend. */
function convGrads(c: ConvCase): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const x = tf.tensor4d(c.x, [c.batch, c.height, c.width, c.inChannels]);
    const f = tf.tensor4d(c.f, [c.kernel, c.kernel, c.inChannels, c.outChannels]);
    const oh = outSize(c.height, c.kernel, c.stride, c.padding);
    const ow = outSize(c.width, c.kernel, c.stride, c.padding);
    const w = tf.tensor4d(c.w, [c.batch, oh, ow, c.outChannels]);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.padding), w)),
    );
    const [dx, df] = g([x, f]);
    return [dx!.dataSync() as Float32Array, df!.dataSync() as Float32Array];
  });
}

function expectClose(got: Float32Array, want: Float32Array, terms: number): void {
  expect(got.length).toBe(want.length);
  // Each entry is a sum of at most `terms` products of numbers in [-1, 1].
  const tol = 1e-5 * Math.max(1, terms);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(tol);
  }
}

describe('conv gradients on the wasm backend', () => {
  it('the wasm backend reports no conv kernel missing once loaded', async () => {
    await initBackend({ backend: 'wasm' });
    expect(missingKernels('wasm').conv2d).toEqual([]);
    for (const name of wasmConvKernelNames) expect(tf.getKernel(name, 'wasm')).toBeDefined();
  }, 60_000);

  it('installs ours for both gradients (tfjs-backend-wasm 4.22 lacks one and has a slower one)', async () => {
    await initBackend({ backend: 'wasm' });
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc).toBe(conv2DBackpropFilterWasm);
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc).toBe(conv2DBackpropInputWasm);
  }, 60_000);

  it('registering again changes nothing, and a native kernel wins unless named in replaceNative', async () => {
    await initBackend({ backend: 'wasm' });
    expect(registerWasmConvKernels({ replaceNative: [...wasmConvKernelNames] })).toEqual([]);
    const ours = tf.getKernel('Conv2DBackpropInput', 'wasm')!;
    const stand: tf.KernelConfig = { ...ours, kernelFunc: (args) => ours.kernelFunc(args) };
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    tf.registerKernel(stand);
    try {
      expect(registerWasmConvKernels()).toEqual([]);
      expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc).toBe(stand.kernelFunc);
      expect(registerWasmConvKernels({ replaceNative: ['Conv2DBackpropInput'] })).toEqual([
        'Conv2DBackpropInput',
      ]);
      expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc).toBe(conv2DBackpropInputWasm);
    } finally {
      registerWasmConvKernels({ replaceNative: ['Conv2DBackpropInput'] });
    }
  }, 60_000);

  it('replaces native kernels only for the tfjs-backend-wasm versions they were measured against', () => {
    expect(nativeKernelsOutrun('4.22.0')).toEqual(['Conv2DBackpropInput']);
    expect(nativeKernelsOutrun('3.21.0')).toEqual(['Conv2DBackpropInput']);
    expect(nativeKernelsOutrun('4.23.0')).toEqual([]);
    expect(nativeKernelsOutrun('5.0.0')).toEqual([]);
    expect(nativeKernelsOutrun('not a version')).toEqual([]);
  }, 60_000);

  test.prop([arbCase], { numRuns: 60 })(
    'tf.grad input and filter gradients equal the cpu backend’s',
    async (c) => {
      await initBackend({ backend: 'cpu' });
      const [dxCpu, dfCpu] = convGrads(c);
      await initBackend({ backend: 'wasm' });
      const before = tf.memory().numTensors;
      const [dxWasm, dfWasm] = convGrads(c);
      expect(tf.memory().numTensors).toBe(before);
      expectClose(dxWasm, dxCpu, c.kernel * c.kernel * c.outChannels);
      expectClose(dfWasm, dfCpu, c.batch * c.height * c.width);
    },
    60_000,
  );

  it('rejects dilations other than 1 and NCHW with a named error', async () => {
    await initBackend({ backend: 'wasm' });
    const x = tf.zeros([1, 5, 5, 1]);
    const dy = tf.zeros([1, 3, 3, 1]);
    const filter = tf.zeros([3, 3, 1, 1]);
    const run = (name: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap) => () =>
      tf.engine().runKernel(name, inputs, attrs);
    const base = { strides: 1, pad: 'valid' };
    expect(
      run('Conv2DBackpropFilter', { x, dy }, { ...base, filterShape: [3, 3, 1, 1], dilations: 2 }),
    ).toThrow(UnsupportedConvError);
    expect(
      run(
        'Conv2DBackpropInput',
        { dy, filter },
        { ...base, inputShape: [1, 5, 5, 1], dataFormat: 'NCHW' },
      ),
    ).toThrow(/dataFormat is 'NCHW'; expected 'NHWC'/);
    // Explicit padding that is neither 'valid' nor 'same': [top, bottom] = [2, 0].
    expect(
      run(
        'Conv2DBackpropInput',
        { dy: tf.zeros([1, 4, 3, 1]), filter },
        {
          strides: 1,
          pad: [
            [0, 0],
            [2, 0],
            [0, 0],
            [0, 0],
          ],
          inputShape: [1, 5, 5, 1],
        },
      ),
    ).toThrow(/pad is/);
    tf.dispose([x, dy, filter]);
  }, 60_000);

  it('accepts explicit padding equal to "same" and matches the cpu backend', async () => {
    const c = { dyShape: [1, 5, 5, 2] as const, filterShape: [3, 3, 1, 2] as const };
    const dyData = Array.from({ length: 50 }, (_, i) => Math.sin(i));
    const fData = Array.from({ length: 18 }, (_, i) => Math.cos(i));
    const attrs = {
      strides: 1,
      pad: [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
      inputShape: [1, 5, 5, 1],
      dataFormat: 'NHWC',
    };
    const dx = async (backend: 'cpu' | 'wasm') => {
      await initBackend({ backend });
      const dy = tf.tensor4d(dyData, [...c.dyShape]);
      const filter = tf.tensor4d(fData, [...c.filterShape]);
      const out = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrs) as tf.Tensor;
      const v = out.dataSync().slice();
      tf.dispose([dy, filter, out]);
      return v as Float32Array;
    };
    expectClose(await dx('wasm'), await dx('cpu'), 18);
  }, 60_000);
});
