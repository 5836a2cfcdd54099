import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import type { Conv2DGeometry } from './conv2d.js';
import { checkFinite, checkInt, KernelArgumentError } from './errors.js';
import {
  kernelsFmaWasmBase64,
  kernelsMemoryPages,
  kernelsWasmBase64,
} from './generated/kernels-wasm.js';
import { type HelperFunction, HelperThreads } from './threads.js';

/** The part of a WebAssembly.Memory the kernels use. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

// The WebAssembly global exists in Node, Bun and Deno; its types live in
// lib.dom, which this package does not load, so declare what is used.
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
};

/** The raw exports of the kernels' WebAssembly module (pointers are byte offsets). */
interface WasmExports {
  heapBase(): number;
  sgemm(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
    work: number,
  ): void;
  sgemmSparseA(
    transA: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
    work: number,
  ): void;
  compactRows(
    transA: number,
    m: number,
    k: number,
    a: number,
    lda: number,
    idx: number,
    vals: number,
    counts: number,
  ): void;
  sgemmFromLists(
    m: number,
    n: number,
    k: number,
    alpha: number,
    idx: number,
    vals: number,
    counts: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
  ): void;
  scale(x: number, n: number, s: number): void;
  axpyInto(n: number, s: number, x: number, y: number): void;
  biasAdd(x: number, rows: number, n: number, bias: number): void;
  columnSum(x: number, rows: number, n: number, beta: number, out: number): void;
  reluForward(x: number, y: number, n: number): void;
  reluBackward(dy: number, y: number, dx: number, n: number): void;
  blockSum(x: number, rows: number, blocks: number, width: number, y: number): void;
  blockTile(x: number, rows: number, blocks: number, width: number, y: number): void;
  copyMatrix(src: number, lds: number, rows: number, width: number, dst: number, ldd: number): void;
  squaredNorm(x: number, n: number): number;
  sgdUpdate(p: number, g: number, n: number, lr: number, skip: number): void;
  rmspropUpdate(
    p: number,
    g: number,
    ms: number,
    mom: number,
    n: number,
    lr: number,
    decay: number,
    momentum: number,
    epsilon: number,
    skip: number,
  ): void;
  adamUpdate(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    bc1: number,
    bc2: number,
    skip: number,
  ): void;
  im2col(
    x: number,
    b: number,
    h: number,
    w: number,
    c: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    padTop: number,
    padLeft: number,
    oh: number,
    ow: number,
    cols: number,
  ): void;
  col2im(
    dcols: number,
    b: number,
    h: number,
    w: number,
    c: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    padTop: number,
    padLeft: number,
    oh: number,
    ow: number,
    dx: number,
    accumulate: number,
  ): void;
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A compiled variant of the kernels: `'relaxed-simd'` uses fused
 * multiply-add in the GEMM loops (WebAssembly relaxed SIMD: Node ≥ 22,
 * Deno, or Node 20–21 after {@link enableRelaxedSimd}); `'simd'` is plain
 * 128-bit SIMD and runs everywhere. Fused multiply-add rounds once instead
 * of twice, so the variants' results differ in the last bits.
 */
export type KernelsVariant = 'relaxed-simd' | 'simd';

const compiled = new Map<KernelsVariant, object>();
let fmaBytes: Uint8Array | undefined;

function relaxedSimdBytes(): Uint8Array {
  fmaBytes ??= decodeBase64(kernelsFmaWasmBase64);
  return fmaBytes;
}

/** True when this runtime validates the relaxed-SIMD module (checked anew until it does). */
function hasRelaxedSimd(): boolean {
  return compiled.has('relaxed-simd') || WebAssembly.validate(relaxedSimdBytes());
}

/** Compiles one embedded variant, once per process (synchronously). */
function wasmModule(variant: KernelsVariant): object {
  let module = compiled.get(variant);
  if (module === undefined) {
    const bytes = variant === 'simd' ? decodeBase64(kernelsWasmBase64) : relaxedSimdBytes();
    module = new WebAssembly.Module(bytes);
    compiled.set(variant, module);
  }
  return module;
}

/** The variant {@link Kernels.create} picks by default here: `'relaxed-simd'` where the runtime has it. */
export function kernelsVariant(): KernelsVariant {
  return hasRelaxedSimd() ? 'relaxed-simd' : 'simd';
}

/**
 * Turns on WebAssembly relaxed SIMD where Node has it behind a V8 flag
 * (Node 20 and 21: `--experimental-wasm-relaxed-simd`), so that instances
 * created afterwards run the fused multiply-add variant by default. An
 * application's choice, made once at start-up: it changes a process-wide
 * V8 setting. Does nothing where relaxed SIMD is already on or cannot be
 * turned on (Bun).
 * @returns the variant new instances will use by default.
 */
export function enableRelaxedSimd(): KernelsVariant {
  if (!hasRelaxedSimd() && !('bun' in process.versions)) {
    try {
      setFlagsFromString('--experimental-wasm-relaxed-simd');
    } catch {
      // a runtime without V8 flags: keep the plain SIMD variant
    }
  }
  return kernelsVariant();
}

const PAGE_BYTES = 65536;

/**
 * A float32 array living in a {@link Kernels} instance's WebAssembly memory.
 * The memory is a shared one that grows in place, so a view stays valid;
 * {@link KernelBuffer.view} returns one over the memory's current buffer.
 */
export class KernelBuffer {
  /** @internal */
  readonly owner: Kernels;
  /** Byte offset in the owning instance's memory (16-byte aligned for `alloc`ed buffers). */
  readonly offset: number;
  /** Number of float32 elements. */
  readonly length: number;
  private cachedFor: ArrayBuffer | undefined;
  private cached: Float32Array | undefined;

  /** @internal */
  constructor(owner: Kernels, offset: number, length: number) {
    this.owner = owner;
    this.offset = offset;
    this.length = length;
  }

  /** A Float32Array [length] over the buffer's memory (re-created after memory growth). */
  view(): Float32Array {
    const memory = this.owner.memory.buffer;
    if (this.cachedFor !== memory || this.cached === undefined) {
      this.cached = new Float32Array(memory, this.offset, this.length);
      this.cachedFor = memory;
    }
    return this.cached;
  }

  /**
   * A buffer over elements [start, start + length) of this one (shares memory).
   * @throws KernelArgumentError when the range leaves this buffer.
   */
  subarray(start: number, length: number): KernelBuffer {
    checkInt('start', start, 0, this.length);
    checkInt('length', length, 0, this.length - start);
    return new KernelBuffer(this.owner, this.offset + start * 4, length);
  }

  /** Copies `data` into the buffer from element `start` (default 0). */
  set(data: ArrayLike<number>, start = 0): void {
    if (start + data.length > this.length) {
      throw new KernelArgumentError(
        'data',
        `${data.length} elements at ${start}`,
        `at most ${this.length - start} elements`,
      );
    }
    this.view().set(data, start);
  }

  /** A copy of the buffer's contents, detached from wasm memory. */
  toArray(): Float32Array {
    return this.view().slice();
  }
}

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

/** State of {@link Kernels.rmspropUpdate}: the mean square and the moment, each like the parameter. */
export interface RmsPropState {
  meanSquare: KernelBuffer;
  moment: KernelBuffer;
}

/** State of {@link Kernels.adamUpdate}: first and second moment estimates, each like the parameter. */
export interface AdamState {
  m: KernelBuffer;
  v: KernelBuffer;
}

/** @internal A part of one instance's memory lent to an instance in another thread. */
export interface KernelsRegion {
  memory: WasmMemory;
  module: object;
  variant: KernelsVariant;
  /** First byte (16-byte aligned). */
  start: number;
  /** End, exclusive. */
  end: number;
}

/** Options of {@link Kernels.create}. */
export interface KernelsOptions {
  /**
   * Threads that run large GEMMs (conv layers, big batches), the caller's
   * included: 1 (default) runs everything on the calling thread; `'auto'`
   * takes `os.availableParallelism()`. Extra threads are worker_threads over
   * the instance's shared memory; where they cannot start, the instance
   * runs on the calling thread and {@link Kernels.threadsUnavailable} says why.
   * Helpers start in the background; `await kernels.ready()` waits for them.
   * Results do not depend on the thread count (the split never changes a sum's order).
   */
  threads?: number | 'auto';
  /** Compiled variant (default `'auto'`: {@link kernelsVariant}). */
  variant?: KernelsVariant | 'auto';
}

/** @internal Fewest multiply-adds a thread gets of a split GEMM (waking a helper costs ~10–50 µs). */
export const SPLIT_MIN_MACS = 1 << 19;

/** The geometry arguments of the wasm im2col and col2im, for `batch` examples. */
function geometryArgs(g: Conv2DGeometry, batch: number): number[] {
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

function flag(b: boolean | undefined): number {
  return b === true ? 1 : 0;
}

/**
 * One WebAssembly instance of the kernels with its own memory and a bump
 * arena over it. Buffers are allocated once (for a model's lifetime) and
 * reused; dropping the instance releases everything (call {@link Kernels.dispose}
 * first when it has helper threads). Use it from one thread at a time.
 *
 * Kernels are float32, row-major; they follow BLAS's SGEMM contract and
 * tfjs's optimizer formulas (see each method).
 */
export class Kernels {
  /** @internal */
  readonly wasm: WasmExports;
  /** The instance's linear memory; it grows as buffers are allocated. */
  readonly memory: WasmMemory;
  private top: number;
  private readonly workspaces = new Map<string, KernelBuffer>();

  private helpers: HelperThreads | undefined;

  /** The compiled variant this instance runs. */
  readonly variant: KernelsVariant;

  /** @internal The compiled module of this instance (other threads instantiate it on the same memory). */
  readonly module: object;
  /** End of the arena (exclusive), in bytes; Infinity when the arena may grow the memory. */
  private readonly limit: number;

  private constructor(
    threads: number,
    variant: KernelsVariant,
    region?: Omit<KernelsRegion, 'variant'>,
  ) {
    this.variant = variant;
    this.memory = region?.memory ?? new WebAssembly.Memory({ ...kernelsMemoryPages, shared: true });
    this.module = region?.module ?? wasmModule(variant);
    const instance = new WebAssembly.Instance(this.module, { env: { memory: this.memory } });
    this.wasm = instance.exports as WasmExports;
    this.top = region?.start ?? (this.wasm.heapBase() + 15) & ~15;
    this.limit = region?.end ?? Number.POSITIVE_INFINITY;
    if (threads > 1) this.helpers = new HelperThreads(this.module, this.memory, threads - 1);
  }

  /**
   * @internal An instance over `region` of another instance's memory (in
   * another thread): its arena allocates only inside the region, which the
   * owner reserved with {@link Kernels.reserve}.
   */
  static attach(region: KernelsRegion): Kernels {
    return new Kernels(1, region.variant, region);
  }

  /**
   * @internal Reserves `bytes` of this instance's arena for an instance in
   * another thread ({@link Kernels.attach}); the memory is grown to hold it.
   */
  reserve(bytes: number): KernelsRegion {
    const buffer = this.alloc(Math.ceil(bytes / 4));
    return {
      memory: this.memory,
      module: this.module,
      variant: this.variant,
      start: buffer.offset,
      end: buffer.offset + buffer.length * 4,
    };
  }

  /** @internal A buffer over `length` floats at byte `offset` of this memory (allocated elsewhere). */
  bufferAt(offset: number, length: number): KernelBuffer {
    return new KernelBuffer(this, offset, length);
  }

  /**
   * Instantiates the embedded module synchronously (works in Node, Bun and Deno).
   * @throws KernelArgumentError when `options.threads` is neither `'auto'` nor an integer ≥ 1,
   *   or `options.variant` is unknown or `'relaxed-simd'` where the runtime lacks relaxed SIMD.
   */
  static create(options: KernelsOptions = {}): Kernels {
    const threads = options.threads ?? 1;
    if (threads !== 'auto') checkInt('options.threads', threads, 1);
    const variant = options.variant ?? 'auto';
    if (variant !== 'auto' && variant !== 'simd' && variant !== 'relaxed-simd') {
      throw new KernelArgumentError(
        'options.variant',
        String(variant),
        "'auto', 'simd' or 'relaxed-simd'",
      );
    }
    if (variant === 'relaxed-simd' && !hasRelaxedSimd()) {
      throw new KernelArgumentError(
        'options.variant',
        "'relaxed-simd' on a runtime without WebAssembly relaxed SIMD",
        "'simd' or 'auto' (on Node 20–21 call enableRelaxedSimd() first)",
      );
    }
    return new Kernels(
      threads === 'auto' ? Math.max(1, availableParallelism()) : threads,
      variant === 'auto' ? kernelsVariant() : variant,
    );
  }

  /**
   * Threads that run large GEMMs now, the caller's included: 1 until the
   * helpers have started (see {@link Kernels.ready}), or when they cannot.
   */
  get threads(): number {
    return 1 + (this.readyHelpers?.count ?? 0);
  }

  /** Why the helper threads asked for cannot run (undefined while they can or may still start). */
  get threadsUnavailable(): string | undefined {
    return this.helpers?.unavailable;
  }

  /**
   * Waits until the helper threads have started (or could not; see
   * {@link Kernels.threadsUnavailable}). Helpers start in the background at
   * {@link Kernels.create}; until then every GEMM runs on the calling thread.
   * @returns this instance.
   */
  async ready(): Promise<Kernels> {
    await this.helpers?.whenReady();
    return this;
  }

  /** Stops the helper threads (buffers stay usable, single-threaded). */
  dispose(): void {
    this.helpers?.dispose();
    this.helpers = undefined;
  }

  /** Bytes allocated so far (including the module's static data). */
  get allocatedBytes(): number {
    return this.top;
  }

  /**
   * Allocates `length` zeroed float32 elements, 16-byte aligned.
   * @throws KernelArgumentError when length is not a non-negative integer.
   */
  alloc(length: number): KernelBuffer {
    checkInt('length', length, 0);
    const offset = this.top;
    const end = offset + ((length * 4 + 15) & ~15);
    if (end > this.limit) {
      throw new KernelArgumentError(
        'length',
        `${length} floats beyond the ${this.limit - offset} bytes left in this instance's region`,
        'an allocation that fits the region reserved for it',
      );
    }
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE_BYTES));
    this.top = end;
    const buffer = new KernelBuffer(this, offset, length);
    buffer.view().fill(0);
    return buffer;
  }

  /** Allocates a buffer holding a copy of `data`. */
  allocFrom(data: ArrayLike<number>): KernelBuffer {
    const buffer = this.alloc(data.length);
    buffer.view().set(data);
    return buffer;
  }

  /**
   * @internal A scratch buffer of at least `length` elements for one use
   * (`slot`), reused across calls; its contents are undefined.
   */
  scratch(length: number, slot = 'gemm'): KernelBuffer {
    const have = this.workspaces.get(slot);
    if (have !== undefined && have.length >= length) return have;
    const buffer = this.alloc(Math.max(length, 2 * (have?.length ?? 0)));
    this.workspaces.set(slot, buffer);
    return buffer;
  }

  private own(name: string, buffer: KernelBuffer, minLength: number): void {
    if (buffer.owner !== this) {
      throw new KernelArgumentError(
        name,
        'a buffer of another Kernels instance',
        'a buffer of this instance',
      );
    }
    if (buffer.length < minLength) {
      throw new KernelArgumentError(name, `${buffer.length} elements`, `at least ${minLength}`);
    }
  }

  /**
   * Single-precision GEMM (BLAS SGEMM, row-major): C [m, n] = alpha * op(A) [m, k] * op(B) [k, n] + beta * C.
   * @throws KernelArgumentError on non-integer or negative sizes, too-short buffers, strides below the row length,
   *   or `skipZerosA` with `transB`.
   */
  sgemm(o: SgemmOptions): void {
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
    this.own('a', o.a, aRows === 0 ? 0 : (aRows - 1) * lda + aCols);
    this.own('b', o.b, bRows === 0 ? 0 : (bRows - 1) * ldb + bCols);
    this.own('c', o.c, m === 0 ? 0 : (m - 1) * ldc + n);
    if (o.skipZerosA) {
      if (o.transB) throw new KernelArgumentError('skipZerosA', 'true with transB', 'transB false');
      this.wasm.sgemmSparseA(
        flag(o.transA),
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
        this.scratch(2 * k).offset,
      );
      return;
    }
    this.sgemmRaw(
      flag(o.transA),
      flag(o.transB),
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
    );
  }

  /** The helper threads, once they have started. */
  private get readyHelpers(): HelperThreads | undefined {
    return this.helpers?.ready === true ? this.helpers : undefined;
  }

  /**
   * Runs `fn` in `parts` parts: part 0 on this thread, parts 1… on the
   * helpers (at most one each), with `args(i)` the arguments of part i.
   */
  private runParts(fn: HelperFunction, parts: number, args: (part: number) => number[]): void {
    const call = (a: number[]) => (this.wasm[fn] as (...a: number[]) => void)(...a);
    const helpers = this.readyHelpers;
    if (helpers === undefined || parts < 2) {
      call(args(0));
      return;
    }
    const jobs = Array.from({ length: parts - 1 }, (_, i) => ({ fn, args: args(i + 1) }));
    helpers.run(jobs, () => call(args(0)));
  }

  /** Parts a call of `work` floats or multiply-adds splits into: each gets at least SPLIT_MIN_MACS. */
  private partsFor(work: number): number {
    return Math.min(1 + (this.readyHelpers?.count ?? 0), Math.floor(work / SPLIT_MIN_MACS));
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
    const colsPerExample = g.outHeight * g.outWidth * g.kernelHeight * g.kernelWidth * g.inChannels;
    const inputPerExample = g.height * g.width * g.inChannels;
    this.splitByBatch('im2col', g.batch, colsPerExample, (from, count) => [
      x + 4 * from * inputPerExample,
      ...geometryArgs(g, count),
      cols + 4 * from * colsPerExample,
    ]);
  }

  /**
   * @internal col2im (assembly/index.ts): folds `dcols` [B·OH·OW, KH·KW·Cin]
   * back into `dx` [B, H, W, Cin] (added to it with `accumulate` 1), byte
   * offsets, split over the helper threads by example when large.
   */
  col2imRaw(g: Conv2DGeometry, dcols: number, dx: number, accumulate: 0 | 1): void {
    const colsPerExample = g.outHeight * g.outWidth * g.kernelHeight * g.kernelWidth * g.inChannels;
    const inputPerExample = g.height * g.width * g.inChannels;
    this.splitByBatch('col2im', g.batch, colsPerExample, (from, count) => [
      dcols + 4 * from * colsPerExample,
      ...geometryArgs(g, count),
      dx + 4 * from * inputPerExample,
      accumulate,
    ]);
  }

  /**
   * @internal The wasm sgemm on byte offsets, without checks; split over the
   * helper threads by rows of C (or by 8-column panels when C has few rows)
   * when it is large. Each part computes its elements exactly as the whole would.
   */
  sgemmRaw(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
  ): void {
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

  /**
   * x [rows, n] += bias [n], broadcast over rows.
   * @throws KernelArgumentError when x is shorter than rows * n or bias shorter than n.
   */
  biasAdd(x: KernelBuffer, rows: number, n: number, bias: KernelBuffer): void {
    checkInt('rows', rows, 0);
    checkInt('n', n, 0);
    this.own('x', x, rows * n);
    this.own('bias', bias, n);
    this.wasm.biasAdd(x.offset, rows, n, bias.offset);
  }

  /**
   * out [n] = beta * out + sum over rows of x [rows, n] (the bias gradient).
   * @throws KernelArgumentError on too-short buffers.
   */
  columnSum(x: KernelBuffer, rows: number, n: number, out: KernelBuffer, beta = 0): void {
    checkInt('rows', rows, 0);
    checkInt('n', n, 0);
    this.own('x', x, rows * n);
    this.own('out', out, n);
    this.wasm.columnSum(x.offset, rows, n, beta, out.offset);
  }

  /** y = max(x, 0) elementwise over x's length (y may be x). @throws KernelArgumentError when y is shorter. */
  reluForward(x: KernelBuffer, y: KernelBuffer = x): void {
    this.own('x', x, 0);
    this.own('y', y, x.length);
    this.wasm.reluForward(x.offset, y.offset, x.length);
  }

  /**
   * dx = y > 0 ? dy : 0 with y the ReLU output (dx may be dy).
   * @throws KernelArgumentError when y or dx is shorter than dy.
   */
  reluBackward(dy: KernelBuffer, y: KernelBuffer, dx: KernelBuffer = dy): void {
    this.own('dy', dy, 0);
    this.own('y', y, dy.length);
    this.own('dx', dx, dy.length);
    this.wasm.reluBackward(dy.offset, y.offset, dx.offset, dy.length);
  }

  /** x *= s elementwise. */
  scale(x: KernelBuffer, s: number): void {
    this.own('x', x, 0);
    checkFinite('s', s);
    this.wasm.scale(x.offset, x.length, s);
  }

  /** y += s * x elementwise over x's length. @throws KernelArgumentError when y is shorter than x. */
  axpy(s: number, x: KernelBuffer, y: KernelBuffer): void {
    this.own('x', x, 0);
    this.own('y', y, x.length);
    checkFinite('s', s);
    this.wasm.axpyInto(x.length, s, x.offset, y.offset);
  }

  /** Sum of squares of x (for global-norm gradient clipping), accumulated in float64 blocks. */
  squaredNorm(x: KernelBuffer): number {
    this.own('x', x, 0);
    return this.wasm.squaredNorm(x.offset, x.length);
  }

  /**
   * Plain SGD: param -= learningRate * grad. With `skip` (a frozen parameter) nothing is touched.
   * @throws KernelArgumentError when grad is shorter than param.
   */
  sgdUpdate(param: KernelBuffer, grad: KernelBuffer, learningRate: number, skip = false): void {
    this.own('param', param, 0);
    this.own('grad', grad, param.length);
    checkFinite('learningRate', learningRate);
    this.wasm.sgdUpdate(param.offset, grad.offset, param.length, learningRate, flag(skip));
  }

  /**
   * RMSProp as tfjs's `RMSPropOptimizer` (non-centered):
   * ms = decay·ms + (1−decay)·g²; mom = momentum·mom + lr·g/√(ms+ε); param −= mom.
   * With `skip` (a frozen parameter) neither the parameter nor its state is touched.
   * @throws KernelArgumentError when grad or a state buffer is shorter than param.
   */
  rmspropUpdate(
    param: KernelBuffer,
    grad: KernelBuffer,
    state: RmsPropState,
    hyper: { learningRate: number; decay: number; momentum: number; epsilon: number },
    skip = false,
  ): void {
    this.own('param', param, 0);
    this.own('grad', grad, param.length);
    this.own('state.meanSquare', state.meanSquare, param.length);
    this.own('state.moment', state.moment, param.length);
    this.wasm.rmspropUpdate(
      param.offset,
      grad.offset,
      state.meanSquare.offset,
      state.moment.offset,
      param.length,
      hyper.learningRate,
      hyper.decay,
      hyper.momentum,
      hyper.epsilon,
      flag(skip),
    );
  }

  /**
   * Adam as tfjs's `AdamOptimizer`: m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
   * param −= lr·(m/(1−β1^t)) / (√(v/(1−β2^t)) + ε), for step count t ≥ 1.
   * With `skip` (a frozen parameter) neither the parameter nor its state is touched.
   * @throws KernelArgumentError when a buffer is shorter than param or t is not a positive integer.
   */
  adamUpdate(
    param: KernelBuffer,
    grad: KernelBuffer,
    state: AdamState,
    hyper: { learningRate: number; beta1: number; beta2: number; epsilon: number; step: number },
    skip = false,
  ): void {
    this.own('param', param, 0);
    this.own('grad', grad, param.length);
    this.own('state.m', state.m, param.length);
    this.own('state.v', state.v, param.length);
    checkInt('hyper.step', hyper.step, 1);
    this.wasm.adamUpdate(
      param.offset,
      grad.offset,
      state.m.offset,
      state.v.offset,
      param.length,
      hyper.learningRate,
      hyper.beta1,
      hyper.beta2,
      hyper.epsilon,
      1 - hyper.beta1 ** hyper.step,
      1 - hyper.beta2 ** hyper.step,
      flag(skip),
    );
  }
}
