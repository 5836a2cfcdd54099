import type { Conv2DGeometry } from './conv2d.js';
import type { KernelBuffer } from './kernel-buffer.js';
import type { HelperFunction, HelperThreads } from './threads.js';
import type { ConvGeometryArgs, GemmOperands, WasmExports } from './wasm-exports.js';

/** @internal Fewest multiply-adds a thread gets of a split GEMM (waking a helper costs ~10–50 µs). */
export const SPLIT_MIN_MACS = 1 << 19;

/** The geometry arguments of the wasm im2col and col2im, for `batch` examples. */
function geometryArgs(g: Conv2DGeometry, batch: number): ConvGeometryArgs {
  return [
    batch,
    g.height,
    g.width,
    g.inChannels,
    g.kernelHeight,
    g.kernelWidth,
    g.strideHeight,
    g.strideWidth,
    g.padTop,
    g.padLeft,
    g.outHeight,
    g.outWidth,
  ];
}

/** Floats of one example in im2col's columns [OH·OW, KH·KW·Cin] and in its input [H, W, Cin]. */
function perExample(g: Conv2DGeometry): { cols: number; input: number } {
  return {
    cols: g.outHeight * g.outWidth * g.kernelHeight * g.kernelWidth * g.inChannels,
    input: g.height * g.width * g.inChannels,
  };
}

/**
 * @internal The kernel calls that split over an instance's helper threads
 * when large (GEMM, im2col, col2im): on byte offsets, without checks. Each
 * part computes its elements exactly as the whole call would, so results do
 * not depend on the thread count.
 */
export class ParallelCalls {
  private readonly wasm: WasmExports;
  /** The helper threads once they have started, else undefined. */
  private readonly helpers: () => HelperThreads | undefined;
  /** A reused scratch buffer of at least `length` elements for one use (`slot`). */
  private readonly scratch: (length: number, slot: string) => KernelBuffer;

  constructor(
    wasm: WasmExports,
    helpers: () => HelperThreads | undefined,
    scratch: (length: number, slot: string) => KernelBuffer,
  ) {
    this.wasm = wasm;
    this.helpers = helpers;
    this.scratch = scratch;
  }

  /**
   * Runs `fn` in `parts` parts: part 0 on this thread, parts 1… on the
   * helpers (at most one each), with `args(i)` the arguments of part i.
   */
  private runParts(fn: HelperFunction, parts: number, args: (part: number) => number[]): void {
    const call = (a: number[]) => (this.wasm[fn] as (...a: number[]) => void)(...a);
    const helpers = this.helpers();
    if (helpers === undefined || parts < 2) {
      call(args(0));
      return;
    }
    const jobs = Array.from({ length: parts - 1 }, (_, i) => ({ fn, args: args(i + 1) }));
    helpers.run(jobs, () => call(args(0)));
  }

  /** Parts a call of `work` floats or multiply-adds splits into: each gets at least SPLIT_MIN_MACS. */
  private partsFor(work: number): number {
    return Math.min(1 + (this.helpers()?.count ?? 0), Math.floor(work / SPLIT_MIN_MACS));
  }

  /**
   * Runs `fn` over a batch of `batch` examples, split into contiguous example
   * ranges over the helper threads when large; `args(from, count)` gives the
   * call's arguments for examples [from, from + count).
   */
  private splitByBatch(
    fn: 'im2col' | 'col2im',
    batch: number,
    floatsPerExample: number,
    args: (from: number, count: number) => number[],
  ): void {
    const parts = Math.max(1, Math.min(batch, this.partsFor(batch * floatsPerExample)));
    const cut = (i: number) => Math.round((batch * i) / parts);
    this.runParts(fn, parts, (i) => args(cut(i), cut(i + 1) - cut(i)));
  }

  /**
   * @internal im2col (assembly/index.ts) of `x` [B, H, W, Cin] into `cols`
   * [B·OH·OW, KH·KW·Cin], byte offsets, split over the helper threads by
   * example when large.
   */
  im2colRaw(g: Conv2DGeometry, x: number, cols: number): void {
    const size = perExample(g);
    this.splitByBatch('im2col', g.batch, size.cols, (from, count) => [
      x + 4 * from * size.input,
      ...geometryArgs(g, count),
      cols + 4 * from * size.cols,
    ]);
  }

  /**
   * @internal col2im (assembly/index.ts): folds `dcols` [B·OH·OW, KH·KW·Cin]
   * back into `dx` [B, H, W, Cin] (added to it with `accumulate` 1), byte
   * offsets, split over the helper threads by example when large.
   */
  col2imRaw(g: Conv2DGeometry, dcols: number, dx: number, accumulate: 0 | 1): void {
    const size = perExample(g);
    this.splitByBatch('col2im', g.batch, size.cols, (from, count) => [
      dcols + 4 * from * size.cols,
      ...geometryArgs(g, count),
      dx + 4 * from * size.input,
      accumulate,
    ]);
  }

  /**
   * @internal The wasm sgemm on byte offsets, without checks; split over the
   * helper threads by rows of C (or by 8-column panels when C has few rows)
   * when it is large. Each part computes its elements exactly as the whole would.
   */
  sgemmRaw(transA: number, transB: number, ...operands: GemmOperands): void {
    const [m, n, k, alpha, a, lda, b, ldb, beta, c, ldc] = operands;
    const workLength = (k: number, n: number) => k * 8 * Math.ceil(n / 8) + 8;
    let parts = this.partsFor(m * n * k);
    const byRows = m >= 8 * parts;
    if (parts < 2 || (!byRows && n < 16 * parts)) parts = 1;
    // Part i gets rows (or columns) [cut(i), cut(i + 1)), cut aligned to the micro-kernel's 4 rows / 8 columns.
    const align = byRows ? 4 : 8;
    const total = byRows ? m : n;
    const cut = (i: number) =>
      i === parts ? total : Math.round((total * i) / parts / align) * align;
    this.runParts('sgemm', parts, (i) => {
      const from = cut(i);
      const size = cut(i + 1) - from;
      const work = this.scratch(
        workLength(k, byRows ? n : size),
        i === 0 ? 'gemm' : `gemm${i}`,
      ).offset;
      if (byRows) {
        const aFrom = a + 4 * (transA === 0 ? from * lda : from);
        return [
          transA,
          transB,
          size,
          n,
          k,
          alpha,
          aFrom,
          lda,
          b,
          ldb,
          beta,
          c + 4 * from * ldc,
          ldc,
          work,
        ];
      }
      const bFrom = b + 4 * (transB === 0 ? from : from * ldb);
      return [transA, transB, m, size, k, alpha, a, lda, bFrom, ldb, beta, c + 4 * from, ldc, work];
    });
  }
}
