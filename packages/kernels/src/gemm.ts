import { checkFinite, checkInt, KernelArgumentError } from './errors.js';
import { checkOwned, type KernelBuffer } from './kernel-buffer.js';
import type { Kernels } from './kernels.js';
import { flag, type GemmOperands } from './wasm-exports.js';

/** Options of {@link Kernels.sgemm}: C = alpha * op(A) * op(B) + beta * C. */
export interface SgemmOptions {
  /** op(A) = A^T when true. A is stored [m, k] (or [k, m] when transposed). */
  transA?: boolean;
  /** op(B) = B^T when true. B is stored [k, n] (or [n, k] when transposed). */
  transB?: boolean;
  /** Rows of op(A) and C. */
  m: number;
  /** Columns of op(B) and C. */
  n: number;
  /** Columns of op(A), rows of op(B). */
  k: number;
  /** Default 1. */
  alpha?: number;
  /** Default 0 (C is then only written, never read, as in BLAS). */
  beta?: number;
  a: KernelBuffer;
  b: KernelBuffer;
  c: KernelBuffer;
  /** Row stride of stored A in elements (default: its column count). */
  lda?: number;
  ldb?: number;
  ldc?: number;
  /**
   * Skip the zero entries of A (AXPY form). Faster for sparse A, such as
   * salt-and-pepper binary images; not allowed with `transB`.
   */
  skipZerosA?: boolean;
}

/** {@link Kernels.sgemm} on instance `kernels`: checks the sizes, strides and buffers, then runs the GEMM. */
export function runSgemm(kernels: Kernels, o: SgemmOptions): void {
  const { m, n, k } = o;
  checkInt('m', m, 0);
  checkInt('n', n, 0);
  checkInt('k', k, 0);
  const alpha = o.alpha ?? 1;
  const beta = o.beta ?? 0;
  checkFinite('alpha', alpha);
  checkFinite('beta', beta);
  const aCols = o.transA ? m : k;
  const aRows = o.transA ? k : m;
  const bCols = o.transB ? k : n;
  const bRows = o.transB ? n : k;
  const lda = o.lda ?? aCols;
  const ldb = o.ldb ?? bCols;
  const ldc = o.ldc ?? n;
  checkInt('lda', lda, Math.max(aCols, 1));
  checkInt('ldb', ldb, Math.max(bCols, 1));
  checkInt('ldc', ldc, Math.max(n, 1));
  checkOwned(kernels, 'a', o.a, aRows === 0 ? 0 : (aRows - 1) * lda + aCols);
  checkOwned(kernels, 'b', o.b, bRows === 0 ? 0 : (bRows - 1) * ldb + bCols);
  checkOwned(kernels, 'c', o.c, m === 0 ? 0 : (m - 1) * ldc + n);
  const operands: GemmOperands = [
    m,
    n,
    k,
    alpha,
    o.a.offset,
    lda,
    o.b.offset,
    ldb,
    beta,
    o.c.offset,
    ldc,
  ];
  if (o.skipZerosA) {
    if (o.transB) throw new KernelArgumentError('skipZerosA', 'true with transB', 'transB false');
    kernels.wasm.sgemmSparseA(flag(o.transA), ...operands, kernels.scratch(2 * k).offset);
    return;
  }
  kernels.parallel.sgemmRaw(flag(o.transA), flag(o.transB), ...operands);
}
