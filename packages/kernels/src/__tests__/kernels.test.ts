import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { enableRelaxedSimd, KernelArgumentError, Kernels, type KernelsVariant } from '../index.js';
import { bitEqual, refGemm, worstViolation } from './reference.js';

const f32 = (min = -2, max = 2) =>
  fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true, noDefaultInfinity: true });
/** Values with many exact zeros, like salt-and-pepper binary images or ReLU outputs. */
const sparseValues = (n: number) =>
  fc.array(fc.oneof(fc.constant(0), f32()), { minLength: n, maxLength: n });

const gemmCase = fc
  .record({
    m: fc.integer({ min: 0, max: 13 }),
    n: fc.integer({ min: 0, max: 21 }),
    k: fc.integer({ min: 0, max: 17 }),
    transA: fc.boolean(),
    transB: fc.boolean(),
    padA: fc.integer({ min: 0, max: 3 }),
    padB: fc.integer({ min: 0, max: 3 }),
    padC: fc.integer({ min: 0, max: 3 }),
    alpha: fc.constantFrom(1, -0.5, 2.25),
    beta: fc.constantFrom(0, 1, 0.75),
    skipZerosA: fc.boolean(),
  })
  .chain((s) => {
    const aCols = s.transA ? s.m : s.k;
    const aRows = s.transA ? s.k : s.m;
    const bCols = s.transB ? s.k : s.n;
    const bRows = s.transB ? s.n : s.k;
    const lda = Math.max(aCols, 1) + s.padA;
    const ldb = Math.max(bCols, 1) + s.padB;
    const ldc = Math.max(s.n, 1) + s.padC;
    return fc.record({
      s: fc.constant({ ...s, lda, ldb, ldc, skipZerosA: s.skipZerosA && !s.transB }),
      a: sparseValues(aRows * lda),
      b: fc.array(f32(), { minLength: bRows * ldb, maxLength: bRows * ldb }),
      c: fc.array(f32(), { minLength: s.m * ldc, maxLength: s.m * ldc }),
    });
  });

/** Both compiled variants where this runtime can run relaxed SIMD (Node's V8 can). */
const variants: KernelsVariant[] =
  enableRelaxedSimd() === 'relaxed-simd' ? ['simd', 'relaxed-simd'] : ['simd'];

describe.each(variants)('sgemm (%s variant)', (variant) => {
  test.prop([gemmCase], { numRuns: 300 })(
    'equals the float64 definition C = alpha op(A) op(B) + beta C for every transpose, stride and zero-skip',
    ({ s, a, b, c }) => {
      const k = Kernels.create({ variant });
      expect(k.variant).toBe(variant);
      const A = k.allocFrom(a);
      const B = k.allocFrom(b);
      const C = k.allocFrom(c);
      k.sgemm({ ...s, a: A, b: B, c: C });
      const ref = refGemm(
        s.transA,
        s.transB,
        s.m,
        s.n,
        s.k,
        s.alpha,
        a,
        s.lda,
        b,
        s.ldb,
        s.beta,
        Float32Array.from(c),
        s.ldc,
      );
      // Padding entries of C (past column n) must be untouched.
      for (let i = 0; i < s.m; i++)
        for (let j = s.n; j < s.ldc; j++)
          ref.value[i * s.ldc + j] = Math.fround(c[i * s.ldc + j] as number);
      expect(worstViolation(C.view(), ref.value, ref.magnitude, 1e-5)).toBe(0);
    },
    60_000,
  );

  it('with beta 0 overwrites NaN in C instead of propagating it (BLAS contract)', () => {
    const k = Kernels.create({ variant });
    const A = k.allocFrom([1, 2]);
    const B = k.allocFrom([3, 4]);
    const C = k.allocFrom([Number.NaN]);
    k.sgemm({ m: 1, n: 1, k: 2, a: A, b: B, c: C, beta: 0 });
    expect(C.view()[0]).toBe(11);
  }, 60_000);

  it('is right on 67x45x300 products (panel remainders, K blocks) for all four transposes', () => {
    const k = Kernels.create({ variant });
    const [m, n, kk] = [67, 45, 300];
    const a = Array.from({ length: m * kk }, (_, i) => Math.sin(i));
    const b = Array.from({ length: kk * n }, (_, i) => Math.cos(i * 0.7));
    const A = k.allocFrom(a);
    const B = k.allocFrom(b);
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const C = k.alloc(m * n);
        k.sgemm({ m, n, k: kk, a: A, b: B, c: C, transA, transB });
        const ref = refGemm(
          transA,
          transB,
          m,
          n,
          kk,
          1,
          a,
          transA ? m : kk,
          b,
          transB ? kk : n,
          0,
          new Float32Array(m * n),
          n,
        );
        expect(worstViolation(C.view(), ref.value, ref.magnitude, 1e-5)).toBe(0);
      }
    }
  }, 60_000);

  it('throws KernelArgumentError naming the buffer that is too short', () => {
    const k = Kernels.create();
    const A = k.alloc(6);
    const B = k.alloc(6);
    const C = k.alloc(3);
    expect(() => k.sgemm({ m: 2, n: 2, k: 3, a: A, b: B, c: C })).toThrowError(
      /^c: got 3 elements/,
    );
    expect(() => k.sgemm({ m: 2, n: 2, k: 3, a: A, b: B, c: C })).toThrow(KernelArgumentError);
  }, 60_000);
});

describe('Kernels.create options', () => {
  it('picks relaxed SIMD by default once the runtime has it', () => {
    expect(Kernels.create().variant).toBe(variants.at(-1));
  }, 60_000);

  it('rejects an unknown variant naming the option and the choices', () => {
    const create = () => Kernels.create({ variant: 'avx' as KernelsVariant });
    expect(create).toThrow(KernelArgumentError);
    expect(create).toThrow(/options\.variant: got avx, expected 'auto', 'simd' or 'relaxed-simd'/);
  }, 60_000);
});

describe('elementwise kernels', () => {
  test.prop([
    fc.integer({ min: 0, max: 9 }),
    fc.integer({ min: 0, max: 11 }),
    fc.infiniteStream(f32()),
  ])(
    'biasAdd adds the bias to every row and columnSum sums the rows',
    (rows, n, values) => {
      const x = Array.from({ length: rows * n }, () => values.next().value as number);
      const bias = Array.from({ length: n }, () => values.next().value as number);
      const k = Kernels.create();
      const X = k.allocFrom(x);
      const Bb = k.allocFrom(bias);
      k.biasAdd(X, rows, n, Bb);
      const expected = x.map((v, i) => Math.fround(v) + Math.fround(bias[i % n] as number));
      expect(worstViolation(X.view(), expected, undefined, 1e-6)).toBe(0);
      const S = k.allocFrom(bias);
      k.columnSum(X, rows, n, S, 1);
      const sums = bias.map((b, j) => {
        let s = Math.fround(b);
        for (let i = 0; i < rows; i++) s += X.view()[i * n + j] as number;
        return s;
      });
      expect(worstViolation(S.view(), sums, undefined, 1e-5)).toBe(0);
    },
    60_000,
  );

  test.prop([
    fc.array(f32(), { maxLength: 40 }),
    fc.array(f32(), { minLength: 40, maxLength: 40 }),
  ])(
    'reluForward is max(x, 0) and reluBackward passes dy exactly where the output is positive',
    (x, dy) => {
      const k = Kernels.create();
      const X = k.allocFrom(x);
      const Y = k.alloc(x.length);
      k.reluForward(X, Y);
      expect(Array.from(Y.view())).toEqual(x.map((v) => Math.max(Math.fround(v), 0)));
      const D = k.allocFrom(dy.slice(0, x.length));
      const DX = k.alloc(x.length);
      k.reluBackward(D, Y, DX);
      expect(Array.from(DX.view())).toEqual(
        x.map((v, i) => (Math.fround(v) > 0 ? Math.fround(dy[i] as number) : 0)),
      );
    },
    60_000,
  );

  test.prop([fc.array(f32(-100, 100), { maxLength: 3000 })])(
    'squaredNorm is the sum of squares',
    (x) => {
      const k = Kernels.create();
      const expected = x.reduce((s, v) => s + Math.fround(v) ** 2, 0);
      expect(Math.abs(k.squaredNorm(k.allocFrom(x)) - expected)).toBeLessThanOrEqual(
        1e-5 * expected + 1e-9,
      );
    },
    60_000,
  );
});

describe('optimizer updates', () => {
  const vec = (n: number) => fc.array(f32(-1, 1), { minLength: n, maxLength: n });
  const updateCase = fc
    .integer({ min: 1, max: 23 })
    .chain((n) => fc.record({ p: vec(n), g1: vec(n), g2: vec(n), g3: vec(n) }));

  test.prop([updateCase, fc.constantFrom(0.1, 0.01)])(
    'sgdUpdate is p - lr g over three steps',
    ({ p, g1, g2, g3 }, lr) => {
      const k = Kernels.create();
      const P = k.allocFrom(p);
      const ref = Float64Array.from(p, Math.fround);
      for (const g of [g1, g2, g3]) {
        k.sgdUpdate(P, k.allocFrom(g), lr);
        g.forEach((gv, i) => {
          ref[i] = (ref[i] as number) - lr * Math.fround(gv);
        });
      }
      expect(worstViolation(P.view(), ref, undefined, 1e-5)).toBe(0);
    },
    60_000,
  );

  test.prop([updateCase, fc.constantFrom(0, 0.9), fc.constantFrom(0.9, 0.99)])(
    'rmspropUpdate follows tfjs RMSProp (mean square, moment, update) over three steps',
    ({ p, g1, g2, g3 }, momentum, decay) => {
      const k = Kernels.create();
      const n = p.length;
      const P = k.allocFrom(p);
      const state = { meanSquare: k.alloc(n), moment: k.alloc(n) };
      const hyper = { learningRate: 0.01, decay, momentum, epsilon: 1e-7 };
      const ref = Float64Array.from(p, Math.fround);
      const ms = new Float64Array(n);
      const mom = new Float64Array(n);
      for (const g of [g1, g2, g3]) {
        k.rmspropUpdate(P, k.allocFrom(g), state, hyper);
        for (let i = 0; i < n; i++) {
          const gv = Math.fround(g[i] as number);
          ms[i] = decay * (ms[i] as number) + (1 - decay) * gv * gv;
          mom[i] =
            momentum * (mom[i] as number) + (0.01 * gv) / Math.sqrt((ms[i] as number) + 1e-7);
          ref[i] = (ref[i] as number) - (mom[i] as number);
        }
      }
      expect(worstViolation(P.view(), ref, undefined, 1e-4, 1e-6)).toBe(0);
      expect(worstViolation(state.meanSquare.view(), ms, undefined, 1e-4, 1e-9)).toBe(0);
    },
    60_000,
  );

  test.prop([updateCase])(
    'adamUpdate follows tfjs Adam with bias correction over three steps',
    ({ p, g1, g2, g3 }) => {
      const k = Kernels.create();
      const n = p.length;
      const P = k.allocFrom(p);
      const state = { m: k.alloc(n), v: k.alloc(n) };
      const [b1, b2, eps, lr] = [0.9, 0.999, 1e-7, 0.001];
      const ref = Float64Array.from(p, Math.fround);
      const m = new Float64Array(n);
      const v = new Float64Array(n);
      let step = 0;
      for (const g of [g1, g2, g3]) {
        step++;
        k.adamUpdate(P, k.allocFrom(g), state, {
          learningRate: lr,
          beta1: b1,
          beta2: b2,
          epsilon: eps,
          step,
        });
        for (let i = 0; i < n; i++) {
          const gv = Math.fround(g[i] as number);
          m[i] = b1 * (m[i] as number) + (1 - b1) * gv;
          v[i] = b2 * (v[i] as number) + (1 - b2) * gv * gv;
          const mh = (m[i] as number) / (1 - b1 ** step);
          const vh = (v[i] as number) / (1 - b2 ** step);
          ref[i] = (ref[i] as number) - (lr * mh) / (Math.sqrt(vh) + eps);
        }
      }
      // Adam divides by sqrt(v) + eps, which amplifies float32 rounding when g is tiny.
      expect(worstViolation(P.view(), ref, undefined, 1e-4, 1e-5)).toBe(0);
    },
    60_000,
  );

  test.prop([updateCase])(
    'with skip, every update leaves the parameter and its optimizer state bit-identical',
    ({ p, g1 }) => {
      const k = Kernels.create();
      const n = p.length;
      const P = k.allocFrom(p);
      const G = k.allocFrom(g1);
      const ms = k.allocFrom(g1.map((x) => x * x));
      const mom = k.allocFrom(g1);
      const before = [P.toArray(), ms.toArray(), mom.toArray()];
      k.sgdUpdate(P, G, 0.1, true);
      k.rmspropUpdate(
        P,
        G,
        { meanSquare: ms, moment: mom },
        { learningRate: 0.1, decay: 0.9, momentum: 0.5, epsilon: 1e-7 },
        true,
      );
      k.adamUpdate(
        P,
        G,
        { m: mom, v: ms },
        { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 1 },
        true,
      );
      expect(bitEqual(P.view(), before[0] as Float32Array)).toBe(true);
      expect(bitEqual(ms.view(), before[1] as Float32Array)).toBe(true);
      expect(bitEqual(mom.view(), before[2] as Float32Array)).toBe(true);
      expect(n).toBe(p.length);
    },
    60_000,
  );
});

describe('arena', () => {
  it('keeps contents and views valid when the shared memory grows', () => {
    const k = Kernels.create();
    const first = k.allocFrom([1, 2, 3]);
    const oldView = first.view();
    const before = k.memory.buffer.byteLength;
    const big = k.alloc(4_000_000);
    expect(k.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(big.view().length).toBe(4_000_000);
    oldView[0] = 7; // a shared memory grows in place: old views still see it
    expect(Array.from(first.view())).toEqual([7, 2, 3]);
    expect(first.offset % 16).toBe(0);
    expect(big.offset % 16).toBe(0);
  }, 60_000);

  it('subarray shares memory with its parent and rejects ranges outside it', () => {
    const k = Kernels.create();
    const b = k.allocFrom([0, 1, 2, 3, 4]);
    const s = b.subarray(2, 2);
    s.view()[0] = 9;
    expect(b.view()[2]).toBe(9);
    expect(() => b.subarray(4, 2)).toThrowError(/^length: got 2/);
  }, 60_000);

  it('rejects a buffer of another instance', () => {
    const k1 = Kernels.create();
    const k2 = Kernels.create();
    expect(() => k1.reluForward(k2.alloc(3))).toThrowError(
      /^x: got a buffer of another Kernels instance/,
    );
  }, 60_000);
});
