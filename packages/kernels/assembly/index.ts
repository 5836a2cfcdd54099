// Float32 CPU kernels for PathNet-TS, compiled by AssemblyScript to
// WebAssembly with 128-bit SIMD. Every pointer argument is a byte offset
// into the module's linear memory; every array is row-major float32 and
// every count is in elements. Nothing here allocates: the JavaScript side
// owns an arena over the same memory and passes workspace pointers in.

// ---------------------------------------------------------------- helpers

function at(p: usize, index: i32): usize {
  return p + ((<usize>index) << 2);
}

/**
 * a * b + c per lane: one fused multiply-add where the build enables relaxed
 * SIMD (the `-fma` build), else a multiply then an add (binaryen inlines it).
 */
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** The first byte the JavaScript arena may use. */
export function heapBase(): usize {
  return __heap_base;
}

/** c[n] = beta * c (beta === 0 writes zeros without reading c, as BLAS does). */
function scaleMatrix(M: i32, N: i32, beta: f32, c: usize, ldc: i32): void {
  if (beta === 1) return;
  for (let i = 0; i < M; i++) {
    const row = at(c, i * ldc);
    if (beta === 0) {
      memory.fill(row, 0, (<usize>N) << 2);
    } else {
      scale(row, N, beta);
    }
  }
}

// ---------------------------------------------------------------- GEMM

/** Depth of a K block in sgemm. */
const KC: i32 = 256;

/**
 * Packs op(B) [K, N] into panels of 8 columns: panel p holds
 * op(B)[k, 8p .. 8p+7] for k = 0..K-1, contiguous, zero-padded past N.
 */
function packB(transB: i32, N: i32, K: i32, b: usize, ldb: i32, dst: usize): void {
  const panels = (N + 7) >> 3;
  for (let p = 0; p < panels; p++) {
    const j0 = p << 3;
    const width = min(8, N - j0);
    const base = at(dst, p * K * 8);
    if (transB === 0) {
      for (let k = 0; k < K; k++) {
        const src = at(b, k * ldb + j0);
        const out = at(base, k * 8);
        if (width === 8) {
          v128.store(out, v128.load(src));
          v128.store(out, v128.load(src, 16), 16);
        } else {
          for (let j = 0; j < 8; j++) store<f32>(at(out, j), j < width ? load<f32>(at(src, j)) : 0);
        }
      }
    } else {
      for (let k = 0; k < K; k++) {
        const out = at(base, k * 8);
        for (let j = 0; j < 8; j++) {
          store<f32>(at(out, j), j < width ? load<f32>(at(b, (j0 + j) * ldb + k)) : 0);
        }
      }
    }
  }
}

function storeRow(pc: usize, width: i32, va: v128, lo: v128, hi: v128, tmp: usize): void {
  if (width === 8) {
    v128.store(pc, f32x4.add(v128.load(pc), f32x4.mul(va, lo)));
    v128.store(pc, f32x4.add(v128.load(pc, 16), f32x4.mul(va, hi)), 16);
  } else {
    v128.store(tmp, f32x4.mul(va, lo));
    v128.store(tmp, f32x4.mul(va, hi), 16);
    for (let j = 0; j < width; j++) {
      const q = at(pc, j);
      store<f32>(q, load<f32>(q) + load<f32>(at(tmp, j)));
    }
  }
}

/**
 * C [M, N] = alpha * op(A) * op(B) + beta * C, with op(A) [M, K] and
 * op(B) [K, N]; op(X) = X^T when the matching trans flag is 1. Leading
 * dimensions are row strides in elements. `work` must hold
 * K * 8 * ceil(N / 8) + 8 floats (op(B) is packed there).
 */
export function sgemm(
  transA: i32,
  transB: i32,
  M: i32,
  N: i32,
  K: i32,
  alpha: f32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f32,
  c: usize,
  ldc: i32,
  work: usize,
): void {
  scaleMatrix(M, N, beta, c, ldc);
  if (M <= 0 || N <= 0 || K <= 0 || alpha === 0) return;
  packB(transB, N, K, b, ldb, work);
  const tmp = at(work, ((N + 7) >> 3) * K * 8);
  const rsA: i32 = transA === 0 ? lda : 1;
  const csA: i32 = transA === 0 ? 1 : lda;
  const stepA = (<usize>csA) << 2;
  const va = f32x4.splat(alpha);
  const panels = (N + 7) >> 3;
  const M4 = M & ~3;
  // Blocks of K keep the slice of A that the row blocks share in cache
  // (matters for op(A) = A^T with a long K, e.g. a filter gradient).
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    for (let p = 0; p < panels; p++) {
      const j0 = p << 3;
      const width = min(8, N - j0);
      const panel = at(work, p * K * 8 + k0 * 8);
      let i = 0;
      for (; i < M4; i += 4) {
        let c00 = f32x4.splat(0);
        let c01 = f32x4.splat(0);
        let c10 = f32x4.splat(0);
        let c11 = f32x4.splat(0);
        let c20 = f32x4.splat(0);
        let c21 = f32x4.splat(0);
        let c30 = f32x4.splat(0);
        let c31 = f32x4.splat(0);
        let pa0 = at(a, i * rsA + k0 * csA);
        let pa1 = at(a, (i + 1) * rsA + k0 * csA);
        let pa2 = at(a, (i + 2) * rsA + k0 * csA);
        let pa3 = at(a, (i + 3) * rsA + k0 * csA);
        let pb = panel;
        for (let k = 0; k < kc; k++) {
          const b0 = v128.load(pb);
          const b1 = v128.load(pb, 16);
          let x = f32x4.splat(load<f32>(pa0));
          c00 = madd(x, b0, c00);
          c01 = madd(x, b1, c01);
          x = f32x4.splat(load<f32>(pa1));
          c10 = madd(x, b0, c10);
          c11 = madd(x, b1, c11);
          x = f32x4.splat(load<f32>(pa2));
          c20 = madd(x, b0, c20);
          c21 = madd(x, b1, c21);
          x = f32x4.splat(load<f32>(pa3));
          c30 = madd(x, b0, c30);
          c31 = madd(x, b1, c31);
          pa0 += stepA;
          pa1 += stepA;
          pa2 += stepA;
          pa3 += stepA;
          pb += 32;
        }
        storeRow(at(c, i * ldc + j0), width, va, c00, c01, tmp);
        storeRow(at(c, (i + 1) * ldc + j0), width, va, c10, c11, tmp);
        storeRow(at(c, (i + 2) * ldc + j0), width, va, c20, c21, tmp);
        storeRow(at(c, (i + 3) * ldc + j0), width, va, c30, c31, tmp);
      }
      for (; i < M; i++) {
        let c00 = f32x4.splat(0);
        let c01 = f32x4.splat(0);
        let pa0 = at(a, i * rsA + k0 * csA);
        let pb = panel;
        for (let k = 0; k < kc; k++) {
          const x = f32x4.splat(load<f32>(pa0));
          c00 = madd(x, v128.load(pb), c00);
          c01 = madd(x, v128.load(pb, 16), c01);
          pa0 += stepA;
          pb += 32;
        }
        storeRow(at(c, i * ldc + j0), width, va, c00, c01, tmp);
      }
    }
  }
}

/** y[0..n) += s * x[0..n) */
function axpy(n: i32, s: f32, x: usize, y: usize): void {
  const vs = f32x4.splat(s);
  const n4 = n & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    const q = at(y, j);
    v128.store(q, madd(vs, v128.load(at(x, j)), v128.load(q)));
  }
  for (; j < n; j++) {
    const q = at(y, j);
    store<f32>(q, load<f32>(q) + s * load<f32>(at(x, j)));
  }
}

/**
 * crow [N] = beta * crow + alpha * sum_t vals[t] * B[idx[t], :] for the
 * `count` listed rows of B, accumulated in registers 8 columns at a time.
 */
function rowFromList(
  count: i32,
  idx: usize,
  vals: usize,
  b: usize,
  ldb: i32,
  N: i32,
  alpha: f32,
  beta: f32,
  crow: usize,
): void {
  const va = f32x4.splat(alpha);
  const vb = f32x4.splat(beta);
  const N8 = N & ~7;
  let j = 0;
  for (; j < N8; j += 8) {
    let acc0 = f32x4.splat(0);
    let acc1 = f32x4.splat(0);
    const bcol = at(b, j);
    for (let t = 0; t < count; t++) {
      const x = f32x4.splat(load<f32>(at(vals, t)));
      const row = at(bcol, load<i32>(at(idx, t)) * ldb);
      acc0 = madd(x, v128.load(row), acc0);
      acc1 = madd(x, v128.load(row, 16), acc1);
    }
    const q = at(crow, j);
    if (beta === 0) {
      v128.store(q, f32x4.mul(va, acc0));
      v128.store(q, f32x4.mul(va, acc1), 16);
    } else {
      v128.store(q, f32x4.add(f32x4.mul(vb, v128.load(q)), f32x4.mul(va, acc0)));
      v128.store(q, f32x4.add(f32x4.mul(vb, v128.load(q, 16)), f32x4.mul(va, acc1)), 16);
    }
  }
  if (N - j >= 4) {
    let acc0 = f32x4.splat(0);
    const bcol = at(b, j);
    for (let t = 0; t < count; t++) {
      const x = f32x4.splat(load<f32>(at(vals, t)));
      acc0 = madd(x, v128.load(at(bcol, load<i32>(at(idx, t)) * ldb)), acc0);
    }
    const q = at(crow, j);
    if (beta === 0) v128.store(q, f32x4.mul(va, acc0));
    else v128.store(q, f32x4.add(f32x4.mul(vb, v128.load(q)), f32x4.mul(va, acc0)));
    j += 4;
  }
  for (; j < N; j++) {
    let acc: f32 = 0;
    for (let t = 0; t < count; t++) {
      acc += load<f32>(at(vals, t)) * load<f32>(at(b, load<i32>(at(idx, t)) * ldb + j));
    }
    const q = at(crow, j);
    store<f32>(q, beta === 0 ? alpha * acc : beta * load<f32>(q) + alpha * acc);
  }
}

/**
 * C [M, N] = alpha * op(A) * B + beta * C, skipping the zero entries of A:
 * each row of op(A) is first compacted (branch-free) to its non-zero
 * entries, then C's row is accumulated from the matching rows of B. Pays off
 * when A is sparse, e.g. salt-and-pepper binary images or ReLU outputs.
 * `work` must hold 2 * K words.
 */
export function sgemmSparseA(
  transA: i32,
  M: i32,
  N: i32,
  K: i32,
  alpha: f32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f32,
  c: usize,
  ldc: i32,
  work: usize,
): void {
  const idx = work;
  const vals = at(work, K);
  const rs: i32 = transA === 0 ? lda : 1;
  const cs = (<usize>(transA === 0 ? 1 : lda)) << 2;
  for (let i = 0; i < M; i++) {
    let p = at(a, i * rs);
    let count = 0;
    for (let k = 0; k < K; k++) {
      const v = load<f32>(p);
      store<i32>(at(idx, count), k);
      store<f32>(at(vals, count), v);
      count += i32(v !== 0);
      p += cs;
    }
    rowFromList(count, idx, vals, b, ldb, N, alpha, beta, at(c, i * ldc));
  }
}

/**
 * Lists the non-zero entries of each row of op(A) [M, K] (branch-free):
 * row i's column indices go to idx[i*K ..], its values to vals[i*K ..] and
 * their number to counts[i]. Lets several products share one compaction.
 */
export function compactRows(
  transA: i32,
  M: i32,
  K: i32,
  a: usize,
  lda: i32,
  idx: usize,
  vals: usize,
  counts: usize,
): void {
  const rs: i32 = transA === 0 ? lda : 1;
  const cs = (<usize>(transA === 0 ? 1 : lda)) << 2;
  for (let i = 0; i < M; i++) {
    let p = at(a, i * rs);
    const li = at(idx, i * K);
    const lv = at(vals, i * K);
    let count = 0;
    for (let k = 0; k < K; k++) {
      const v = load<f32>(p);
      store<i32>(at(li, count), k);
      store<f32>(at(lv, count), v);
      count += i32(v !== 0);
      p += cs;
    }
    store<i32>(at(counts, i), count);
  }
}

/** C [M, N] = alpha * op(A) * B + beta * C with op(A) given by compactRows' lists. */
export function sgemmFromLists(
  M: i32,
  N: i32,
  K: i32,
  alpha: f32,
  idx: usize,
  vals: usize,
  counts: usize,
  b: usize,
  ldb: i32,
  beta: f32,
  c: usize,
  ldc: i32,
): void {
  for (let i = 0; i < M; i++) {
    rowFromList(
      load<i32>(at(counts, i)),
      at(idx, i * K),
      at(vals, i * K),
      b,
      ldb,
      N,
      alpha,
      beta,
      at(c, i * ldc),
    );
  }
}

// ---------------------------------------------------------------- elementwise

/** x[0..n) *= s */
export function scale(x: usize, n: i32, s: f32): void {
  const vs = f32x4.splat(s);
  const n4 = n & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    const q = at(x, j);
    v128.store(q, f32x4.mul(v128.load(q), vs));
  }
  for (; j < n; j++) store<f32>(at(x, j), load<f32>(at(x, j)) * s);
}

/** y[0..n) += s * x[0..n) */
export function axpyInto(n: i32, s: f32, x: usize, y: usize): void {
  axpy(n, s, x, y);
}

/** x [rows, n] += bias [n] broadcast over rows. */
export function biasAdd(x: usize, rows: i32, n: i32, bias: usize): void {
  for (let i = 0; i < rows; i++) axpy(n, 1, bias, at(x, i * n));
}

/** out [n] = beta * out + sum over rows of x [rows, n] (the bias gradient). */
export function columnSum(x: usize, rows: i32, n: i32, beta: f32, out: usize): void {
  scaleMatrix(1, n, beta, out, n);
  for (let i = 0; i < rows; i++) axpy(n, 1, at(x, i * n), out);
}

/** y[0..n) = max(x, 0); y may equal x. */
export function reluForward(x: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const n4 = n & ~3;
  let j = 0;
  for (; j < n4; j += 4) v128.store(at(y, j), f32x4.max(v128.load(at(x, j)), zero));
  for (; j < n; j++) store<f32>(at(y, j), max<f32>(load<f32>(at(x, j)), 0));
}

/**
 * y [rows, width] = sum over s of x [rows, blocks * width] columns [s * width, (s + 1) * width),
 * added in the order s = 0, 1, … (the sum of a layer's concatenated module outputs).
 */
export function blockSum(x: usize, rows: i32, blocks: i32, width: i32, y: usize): void {
  const stride = blocks * width;
  for (let r = 0; r < rows; r++) {
    const out = at(y, r * width);
    memory.copy(out, at(x, r * stride), (<usize>width) << 2);
    for (let s = 1; s < blocks; s++) axpy(width, 1, at(x, r * stride + s * width), out);
  }
}

/** dst [rows, width] (row stride ldd) = src [rows, width] (row stride lds). */
export function copyMatrix(
  src: usize,
  lds: i32,
  rows: i32,
  width: i32,
  dst: usize,
  ldd: i32,
): void {
  const bytes = (<usize>width) << 2;
  for (let r = 0; r < rows; r++) memory.copy(at(dst, r * ldd), at(src, r * lds), bytes);
}

/** y [rows, blocks * width] = x [rows, width] repeated in each of the blocks (blockSum's adjoint). */
export function blockTile(x: usize, rows: i32, blocks: i32, width: i32, y: usize): void {
  const bytes = (<usize>width) << 2;
  for (let r = 0; r < rows; r++) {
    const src = at(x, r * width);
    for (let s = 0; s < blocks; s++) memory.copy(at(y, (r * blocks + s) * width), src, bytes);
  }
}

/** dx[0..n) = y > 0 ? dy : 0, with y the ReLU output; dx may equal dy. */
export function reluBackward(dy: usize, y: usize, dx: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const n4 = n & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    const mask = f32x4.gt(v128.load(at(y, j)), zero);
    v128.store(at(dx, j), v128.and(v128.load(at(dy, j)), mask));
  }
  for (; j < n; j++) store<f32>(at(dx, j), load<f32>(at(y, j)) > 0 ? load<f32>(at(dy, j)) : 0);
}

/** Sum of squares of x[0..n), accumulated in float64 per SIMD lane group. */
export function squaredNorm(x: usize, n: i32): f64 {
  let total: f64 = 0;
  const n4 = n & ~3;
  let j = 0;
  // Blocks of 1024 accumulate in float32 lanes, then move to float64.
  while (j < n4) {
    const end = min(n4, j + 1024);
    let acc = f32x4.splat(0);
    for (; j < end; j += 4) {
      const v = v128.load(at(x, j));
      acc = madd(v, v, acc);
    }
    total +=
      <f64>f32x4.extract_lane(acc, 0) +
      <f64>f32x4.extract_lane(acc, 1) +
      <f64>f32x4.extract_lane(acc, 2) +
      <f64>f32x4.extract_lane(acc, 3);
  }
  for (; j < n; j++) {
    const v = <f64>load<f32>(at(x, j));
    total += v * v;
  }
  return total;
}

// ---------------------------------------------------------------- optimizers

/** p -= lr * g over n elements; untouched when skip !== 0. */
export function sgdUpdate(p: usize, g: usize, n: i32, lr: f32, skip: i32): void {
  if (skip !== 0) return;
  axpy(n, -lr, g, p);
}

/**
 * tfjs RMSPropOptimizer (non-centered):
 *   ms  = decay * ms + (1 - decay) * g^2
 *   mom = momentum * mom + lr * g / sqrt(ms + epsilon)
 *   p  -= mom
 * Untouched (parameters and state) when skip !== 0.
 */
export function rmspropUpdate(
  p: usize,
  g: usize,
  ms: usize,
  mom: usize,
  n: i32,
  lr: f32,
  decay: f32,
  momentum: f32,
  epsilon: f32,
  skip: i32,
): void {
  if (skip !== 0) return;
  const vd = f32x4.splat(decay);
  const vd1 = f32x4.splat(1 - decay);
  const vm = f32x4.splat(momentum);
  const vlr = f32x4.splat(lr);
  const veps = f32x4.splat(epsilon);
  const n4 = n & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    const gv = v128.load(at(g, j));
    const m2 = f32x4.add(f32x4.mul(vd, v128.load(at(ms, j))), f32x4.mul(vd1, f32x4.mul(gv, gv)));
    v128.store(at(ms, j), m2);
    const step = f32x4.add(
      f32x4.mul(vm, v128.load(at(mom, j))),
      f32x4.div(f32x4.mul(vlr, gv), f32x4.sqrt(f32x4.add(m2, veps))),
    );
    v128.store(at(mom, j), step);
    v128.store(at(p, j), f32x4.sub(v128.load(at(p, j)), step));
  }
  for (; j < n; j++) {
    const gv = load<f32>(at(g, j));
    const m2 = decay * load<f32>(at(ms, j)) + (1 - decay) * gv * gv;
    store<f32>(at(ms, j), m2);
    const step = momentum * load<f32>(at(mom, j)) + (lr * gv) / Mathf.sqrt(m2 + epsilon);
    store<f32>(at(mom, j), step);
    store<f32>(at(p, j), load<f32>(at(p, j)) - step);
  }
}

/**
 * tfjs AdamOptimizer:
 *   m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g^2
 *   p -= lr * (m / bc1) / (sqrt(v / bc2) + epsilon)
 * with bc1 = 1 - beta1^t, bc2 = 1 - beta2^t for the step count t >= 1.
 * Untouched (parameters and state) when skip !== 0.
 */
export function adamUpdate(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  epsilon: f32,
  bc1: f32,
  bc2: f32,
  skip: i32,
): void {
  if (skip !== 0) return;
  const vb1 = f32x4.splat(beta1);
  const vb11 = f32x4.splat(1 - beta1);
  const vb2 = f32x4.splat(beta2);
  const vb21 = f32x4.splat(1 - beta2);
  const vlr = f32x4.splat(lr);
  const vbc1 = f32x4.splat(bc1);
  const vbc2 = f32x4.splat(bc2);
  const veps = f32x4.splat(epsilon);
  const n4 = n & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    const gv = v128.load(at(g, j));
    const m1 = f32x4.add(f32x4.mul(vb1, v128.load(at(m, j))), f32x4.mul(vb11, gv));
    const v1 = f32x4.add(f32x4.mul(vb2, v128.load(at(v, j))), f32x4.mul(vb21, f32x4.mul(gv, gv)));
    v128.store(at(m, j), m1);
    v128.store(at(v, j), v1);
    const step = f32x4.div(
      f32x4.mul(vlr, f32x4.div(m1, vbc1)),
      f32x4.add(f32x4.sqrt(f32x4.div(v1, vbc2)), veps),
    );
    v128.store(at(p, j), f32x4.sub(v128.load(at(p, j)), step));
  }
  for (; j < n; j++) {
    const gv = load<f32>(at(g, j));
    const m1 = beta1 * load<f32>(at(m, j)) + (1 - beta1) * gv;
    const v1 = beta2 * load<f32>(at(v, j)) + (1 - beta2) * gv * gv;
    store<f32>(at(m, j), m1);
    store<f32>(at(v, j), v1);
    const step = (lr * (m1 / bc1)) / (Mathf.sqrt(v1 / bc2) + epsilon);
    store<f32>(at(p, j), load<f32>(at(p, j)) - step);
  }
}

// ---------------------------------------------------------------- conv2d

/**
 * im2col for NHWC input x [B, H, W, C] and an HWIO filter of kh x kw:
 * cols [B * OH * OW, kh * kw * C], row (b, oy, ox), column (ky, kx, c),
 * with zeros where the window leaves the (padded) input.
 */
export function im2col(
  x: usize,
  B: i32,
  H: i32,
  W: i32,
  C: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  padTop: i32,
  padLeft: i32,
  OH: i32,
  OW: i32,
  cols: usize,
): void {
  const rowLen = kh * kw * C;
  const runBytes = (<usize>(kw * C)) << 2;
  let row = cols;
  for (let b = 0; b < B; b++) {
    const img = at(x, b * H * W * C);
    for (let oy = 0; oy < OH; oy++) {
      const iy0 = oy * sh - padTop;
      for (let ox = 0; ox < OW; ox++) {
        const ix0 = ox * sw - padLeft;
        const inside = ix0 >= 0 && ix0 + kw <= W;
        for (let ky = 0; ky < kh; ky++) {
          const iy = iy0 + ky;
          const dst = at(row, ky * kw * C);
          if (iy < 0 || iy >= H) {
            memory.fill(dst, 0, runBytes);
          } else if (inside) {
            memory.copy(dst, at(img, (iy * W + ix0) * C), runBytes);
          } else {
            for (let kx = 0; kx < kw; kx++) {
              const ix = ix0 + kx;
              const d = at(dst, kx * C);
              if (ix < 0 || ix >= W) memory.fill(d, 0, (<usize>C) << 2);
              else memory.copy(d, at(img, (iy * W + ix) * C), (<usize>C) << 2);
            }
          }
        }
        row = at(row, rowLen);
      }
    }
  }
}

/**
 * col2im, the adjoint of im2col: dx [B, H, W, C] (+)= sum of the windows of
 * dcols [B * OH * OW, kh * kw * C]; dx is overwritten unless accumulate != 0.
 */
export function col2im(
  dcols: usize,
  B: i32,
  H: i32,
  W: i32,
  C: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  padTop: i32,
  padLeft: i32,
  OH: i32,
  OW: i32,
  dx: usize,
  accumulate: i32,
): void {
  if (accumulate === 0) memory.fill(dx, 0, (<usize>(B * H * W * C)) << 2);
  const rowLen = kh * kw * C;
  let row = dcols;
  for (let b = 0; b < B; b++) {
    const img = at(dx, b * H * W * C);
    for (let oy = 0; oy < OH; oy++) {
      const iy0 = oy * sh - padTop;
      for (let ox = 0; ox < OW; ox++) {
        const ix0 = ox * sw - padLeft;
        for (let ky = 0; ky < kh; ky++) {
          const iy = iy0 + ky;
          if (iy < 0 || iy >= H) continue;
          const kx0 = max(0, -ix0);
          const kx1 = min(kw, W - ix0);
          if (kx1 <= kx0) continue;
          axpy((kx1 - kx0) * C, 1, at(row, (ky * kw + kx0) * C), at(img, (iy * W + ix0 + kx0) * C));
        }
        row = at(row, rowLen);
      }
    }
  }
}
