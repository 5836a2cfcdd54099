import { fc, test } from '@fast-check/vitest';
import { uniformFloat32 } from 'pure-rand/distribution/uniformFloat32';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Conv2DShape,
  conv2dBackpropInput,
  conv2dColumns,
  conv2dColumnsLength,
  KernelArgumentError,
  Kernels,
} from '../index.js';
import { SPLIT_MIN_MACS } from '../parallel-calls.js';
import { bitEqual } from './reference.js';

const single = Kernels.create();
const threaded = Kernels.create({ threads: 2 });
beforeAll(async () => {
  await threaded.ready();
});
afterAll(() => threaded.dispose());

function seeded(length: number, seed: number): Float32Array {
  const rng = xoroshiro128plus(seed);
  return Float32Array.from({ length }, () => 2 * uniformFloat32(rng) - 1);
}

/** Shapes big enough to be split in two: tall C (split by rows) and short wide C (split by columns). */
const splitShape = fc.oneof(
  fc.record({
    m: fc.integer({ min: 16, max: 300 }),
    n: fc.integer({ min: 1, max: 70 }),
    k: fc.integer({ min: 1, max: 300 }),
  }),
  fc.record({
    m: fc.integer({ min: 1, max: 15 }),
    n: fc.integer({ min: 32, max: 400 }),
    k: fc.integer({ min: 1, max: 600 }),
  }),
);

const threadedCase = fc
  .record({
    shape: splitShape,
    transA: fc.boolean(),
    transB: fc.boolean(),
    pad: fc.integer({ min: 0, max: 3 }),
    alpha: fc.constantFrom(1, -0.5),
    beta: fc.constantFrom(0, 1, 0.75),
    seed: fc.integer({ min: 0, max: 1 << 30 }),
  })
  .filter(({ shape: { m, n, k } }) => m * n * k >= 2 * SPLIT_MIN_MACS);

describe('kernels on helper threads', () => {
  it('starts the helper thread it was asked for', async () => {
    expect(await threaded.ready()).toBe(threaded);
    expect(threaded.threadsUnavailable).toBeUndefined();
    expect(threaded.threads).toBe(2);
    expect(single.threads).toBe(1);
  }, 60_000);

  test.prop([threadedCase], { numRuns: 30 })(
    'gives bit-identical C to the single-threaded GEMM for every split, transpose, stride and beta',
    ({ shape: { m, n, k }, transA, transB, pad, alpha, beta, seed }) => {
      const lda = (transA ? m : k) + pad;
      const ldb = (transB ? k : n) + pad;
      const ldc = n + pad;
      const a = seeded((transA ? k : m) * lda, seed);
      const b = seeded((transB ? n : k) * ldb, seed + 1);
      const c = seeded(m * ldc, seed + 2);
      const results = [single, threaded].map((kernels) => {
        const C = kernels.allocFrom(c);
        kernels.sgemm({
          m,
          n,
          k,
          transA,
          transB,
          alpha,
          beta,
          lda,
          ldb,
          ldc,
          a: kernels.allocFrom(a),
          b: kernels.allocFrom(b),
          c: C,
        });
        return C.toArray();
      });
      expect(bitEqual(results[0]!, results[1]!)).toBe(true);
    },
    60_000,
  );

  it('unfolds (im2col) and folds back (col2im) a large batch split by example, bit-identically', () => {
    // 12 frames of the paper's first Atari layer: 1.2 M column values, split in two.
    const shape: Conv2DShape = {
      batch: 12,
      height: 84,
      width: 84,
      inChannels: 4,
      outChannels: 8,
      kernelHeight: 8,
      kernelWidth: 8,
      strideHeight: 4,
      strideWidth: 4,
      padding: 'valid',
    };
    expect(conv2dColumnsLength(shape)).toBeGreaterThanOrEqual(2 * SPLIT_MIN_MACS);
    const x = seeded(12 * 84 * 84 * 4, 5);
    const dy = seeded(12 * 20 * 20 * 8, 6);
    const filter = seeded(8 * 8 * 4 * 8, 7);
    const [one, two] = [single, threaded].map((kernels) => {
      const cols = kernels.alloc(conv2dColumnsLength(shape));
      conv2dColumns(kernels, shape, kernels.allocFrom(x), cols);
      const dx = kernels.alloc(x.length);
      conv2dBackpropInput(kernels, shape, kernels.allocFrom(dy), kernels.allocFrom(filter), dx);
      return [cols.toArray(), dx.toArray()];
    });
    expect(bitEqual(two![0]!, one![0]!)).toBe(true);
    expect(bitEqual(two![1]!, one![1]!)).toBe(true);
  }, 60_000);

  it('runs on the calling thread alone after dispose', async () => {
    const k = await Kernels.create({ threads: 2 }).ready();
    expect(k.threads).toBe(2);
    k.dispose();
    expect(k.threads).toBe(1);
    const [after, reference] = [k, single].map((kernels) => {
      const a = kernels.allocFrom(seeded(256 * 256, 3));
      const c = kernels.alloc(256 * 256);
      kernels.sgemm({ m: 256, n: 256, k: 256, a, b: a, c });
      return c.toArray();
    });
    expect(bitEqual(after!, reference!)).toBe(true);
  }, 60_000);

  it.each([0, 1.5, -2, Number.NaN])(
    'rejects threads = %s naming the option',
    (threads) => {
      expect(() => Kernels.create({ threads })).toThrow(KernelArgumentError);
      expect(() => Kernels.create({ threads })).toThrow(/options\.threads/);
    },
    60_000,
  );
});
