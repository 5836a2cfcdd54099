import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  type Conv2DGeometry,
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  conv2dColumns,
  conv2dColumnsLength,
  conv2dGeometry,
  KernelArgumentError,
  Kernels,
} from '../index.js';
import { worstViolation } from './reference.js';

/**
 * The 7 loops of the convolution's definition: calls `visit(yi, xi, fi)` for
 * every output element y[b,oy,ox,co] and every tap (ky, kx, ci) of it inside
 * the input, with the flat indices of y, x and the filter.
 */
function forEachTap(g: Conv2DGeometry, visit: (yi: number, xi: number, fi: number) => void): void {
  const { batch: B, height: H, width: W, inChannels: Ci, outChannels: Co } = g;
  for (let b = 0; b < B; b++)
    for (let oy = 0; oy < g.outHeight; oy++)
      for (let ox = 0; ox < g.outWidth; ox++)
        for (let co = 0; co < Co; co++) {
          const yi = ((b * g.outHeight + oy) * g.outWidth + ox) * Co + co;
          for (let ky = 0; ky < g.kernelHeight; ky++)
            for (let kx = 0; kx < g.kernelWidth; kx++)
              for (let ci = 0; ci < Ci; ci++) {
                const iy = oy * g.strideHeight + ky - g.padTop;
                const ix = ox * g.strideWidth + kx - g.padLeft;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                visit(
                  yi,
                  ((b * H + iy) * W + ix) * Ci + ci,
                  ((ky * g.kernelWidth + kx) * Ci + ci) * Co + co,
                );
              }
        }
}

/** y[b,oy,ox,co] = sum_{ky,kx,ci} x[b, oy*sh+ky-pt, ox*sw+kx-pl, ci] * f[ky,kx,ci,co] (7 loops), with |terms| sums. */
function refConv(g: Conv2DGeometry, x: ArrayLike<number>, f: ArrayLike<number>) {
  const y = new Float64Array(g.batch * g.outHeight * g.outWidth * g.outChannels);
  const mag = new Float64Array(y.length);
  forEachTap(g, (yi, xi, fi) => {
    const t = (x[xi] as number) * (f[fi] as number);
    y[yi] = (y[yi] as number) + t;
    mag[yi] = (mag[yi] as number) + Math.abs(t);
  });
  return { y, mag };
}

/** The gradients of L = sum(y * dy) from the same 7-loop definition. */
function refGrads(
  g: Conv2DGeometry,
  x: ArrayLike<number>,
  f: ArrayLike<number>,
  dy: ArrayLike<number>,
) {
  const dx = new Float64Array(g.batch * g.height * g.width * g.inChannels);
  const dxMag = new Float64Array(dx.length);
  const df = new Float64Array(g.kernelHeight * g.kernelWidth * g.inChannels * g.outChannels);
  const dfMag = new Float64Array(df.length);
  forEachTap(g, (yi, xi, fi) => {
    const d = dy[yi] as number;
    dx[xi] = (dx[xi] as number) + d * (f[fi] as number);
    dxMag[xi] = (dxMag[xi] as number) + Math.abs(d * (f[fi] as number));
    df[fi] = (df[fi] as number) + d * (x[xi] as number);
    dfMag[fi] = (dfMag[fi] as number) + Math.abs(d * (x[xi] as number));
  });
  return { dx, dxMag, df, dfMag };
}

const shapeArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }),
    height: fc.integer({ min: 1, max: 9 }),
    width: fc.integer({ min: 1, max: 9 }),
    inChannels: fc.integer({ min: 1, max: 4 }),
    outChannels: fc.integer({ min: 1, max: 10 }),
    kernelHeight: fc.integer({ min: 1, max: 4 }),
    kernelWidth: fc.integer({ min: 1, max: 4 }),
    strideHeight: fc.integer({ min: 1, max: 3 }),
    strideWidth: fc.integer({ min: 1, max: 3 }),
    padding: fc.constantFrom('valid' as const, 'same' as const),
  })
  .filter((s) => s.padding === 'same' || (s.kernelHeight <= s.height && s.kernelWidth <= s.width));

const caseArb = shapeArb.chain((s) => {
  const g = conv2dGeometry(s);
  const vec = (n: number) =>
    fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n });
  return fc.record({
    g: fc.constant(g),
    x: vec(g.batch * g.height * g.width * g.inChannels),
    f: vec(g.kernelHeight * g.kernelWidth * g.inChannels * g.outChannels),
    dy: vec(g.batch * g.outHeight * g.outWidth * g.outChannels),
  });
});

describe('conv2d', () => {
  test.prop([caseArb], { numRuns: 150 })(
    'forward equals the 7-loop definition for random batch, channels, kernel, stride and padding',
    ({ g, x, f }) => {
      const k = Kernels.create();
      const y = k.alloc(g.batch * g.outHeight * g.outWidth * g.outChannels);
      conv2d(k, g, k.allocFrom(x), k.allocFrom(f), y);
      const ref = refConv(g, x, f);
      expect(worstViolation(y.view(), ref.y, ref.mag, 1e-5)).toBe(0);
      // From pre-unfolded columns, summing into y (beta 1): twice the convolution.
      const cols = k.alloc(conv2dColumnsLength(g));
      conv2dColumns(k, g, k.allocFrom(x), cols);
      conv2d(k, g, k.alloc(0), k.allocFrom(f), y, { columns: cols, beta: 1 });
      expect(
        worstViolation(
          y.view(),
          ref.y.map((v) => 2 * v),
          ref.mag.map((v) => 2 * v),
          1e-5,
        ),
      ).toBe(0);
    },
    60_000,
  );

  test.prop([caseArb], { numRuns: 150 })(
    'backprop-input and backprop-filter equal the gradients of sum(conv(x, f) * dy)',
    ({ g, x, f, dy }) => {
      const k = Kernels.create();
      const dx = k.alloc(x.length);
      const df = k.alloc(f.length);
      const X = k.allocFrom(x);
      const F = k.allocFrom(f);
      const DY = k.allocFrom(dy);
      conv2dBackpropInput(k, g, DY, F, dx);
      conv2dBackpropFilter(k, g, X, DY, df);
      const ref = refGrads(g, x, f, dy);
      expect(worstViolation(dx.view(), ref.dx, ref.dxMag, 1e-5)).toBe(0);
      expect(worstViolation(df.view(), ref.df, ref.dfMag, 1e-5)).toBe(0);
      const cols = k.alloc(conv2dColumnsLength(g));
      conv2dColumns(k, g, X, cols);
      const df2 = k.alloc(f.length);
      conv2dBackpropFilter(k, g, k.alloc(0), DY, df2, { columns: cols });
      expect(worstViolation(df2.view(), ref.df, ref.dfMag, 1e-5)).toBe(0);
      // Accumulating adds a second copy of the input gradient.
      conv2dBackpropInput(k, g, DY, F, dx, true);
      const twice = ref.dx.map((v) => 2 * v);
      expect(
        worstViolation(
          dx.view(),
          twice,
          ref.dxMag.map((v) => 2 * v),
          1e-5,
        ),
      ).toBe(0);
    },
    60_000,
  );

  it('resolves geometry by TensorFlow rules (the paper Atari layers)', () => {
    const geometry = (
      [height, width]: [number, number],
      [kernelHeight, kernelWidth]: [number, number],
      [strideHeight, strideWidth]: [number, number],
      padding: 'valid' | 'same' = 'valid',
    ) =>
      conv2dGeometry({
        batch: 20,
        inChannels: 4,
        outChannels: 8,
        padding,
        height,
        width,
        kernelHeight,
        kernelWidth,
        strideHeight,
        strideWidth,
      });
    const l1 = geometry([84, 84], [8, 8], [4, 4]);
    expect([l1.outHeight, l1.outWidth]).toEqual([20, 20]);
    const l2 = geometry([20, 20], [4, 4], [2, 2]);
    expect([l2.outHeight, l2.outWidth]).toEqual([9, 9]);
    const same = geometry([7, 8], [4, 3], [2, 3], 'same');
    // out = ceil(in / s); pad = max((out-1)s + k - in, 0), the smaller half first.
    expect([same.outHeight, same.outWidth, same.padTop, same.padLeft]).toEqual([4, 3, 1, 0]);
  }, 60_000);

  it('rejects a window larger than a valid-padded input and too-short buffers', () => {
    const shape = {
      batch: 1,
      height: 3,
      width: 3,
      inChannels: 1,
      outChannels: 1,
      kernelHeight: 4,
      kernelWidth: 1,
      strideHeight: 1,
      strideWidth: 1,
      padding: 'valid' as const,
    };
    expect(() => conv2dGeometry(shape)).toThrowError(/^shape.kernelHeight: got 4/);
    const k = Kernels.create();
    const ok = { ...shape, kernelHeight: 2 };
    expect(() => conv2d(k, ok, k.alloc(9), k.alloc(2), k.alloc(5))).toThrow(KernelArgumentError);
  }, 60_000);
});
