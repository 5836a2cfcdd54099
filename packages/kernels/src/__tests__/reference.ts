// Plain-JS float64 references for the kernels, written from the definitions.

/** op(X)[r, c] of a row-major X with row stride ld. */
export function opAt(
  x: ArrayLike<number>,
  trans: boolean,
  ld: number,
  r: number,
  c: number,
): number {
  return (trans ? x[c * ld + r] : x[r * ld + c]) as number;
}

/** Reference C = alpha op(A) op(B) + beta C, also returning sum |alpha a b| per entry for tolerances. */
export function refGemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: ArrayLike<number>,
  lda: number,
  b: ArrayLike<number>,
  ldb: number,
  beta: number,
  c: ArrayLike<number>,
  ldc: number,
): { value: Float64Array; magnitude: Float64Array } {
  const value = Float64Array.from(c as ArrayLike<number>);
  const magnitude = new Float64Array(value.length);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let mag = 0;
      for (let p = 0; p < k; p++) {
        const t = opAt(a, transA, lda, i, p) * opAt(b, transB, ldb, p, j);
        s += t;
        mag += Math.abs(t);
      }
      const old = beta === 0 ? 0 : beta * (c[i * ldc + j] as number);
      value[i * ldc + j] = alpha * s + old;
      magnitude[i * ldc + j] = Math.abs(alpha) * mag + Math.abs(old);
    }
  }
  return { value, magnitude };
}

/** Largest violation of |actual - expected| <= rel * scale + abs, or 0 when all hold. */
export function worstViolation(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  scale: ArrayLike<number> | undefined,
  rel = 1e-4,
  abs = 1e-6,
): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i] as number;
    const s = scale === undefined ? Math.abs(e) : (scale[i] as number);
    const d = Math.abs((actual[i] as number) - e) - (rel * s + abs);
    if (!(d <= 0)) worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
  }
  return worst;
}

/** Bitwise equality of two float32 arrays (NaN-safe, -0 != +0). */
export function bitEqual(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
