import { availableParallelism } from 'node:os';
import { checkFinite, checkInt, KernelArgumentError } from './errors.js';
import { runSgemm, type SgemmOptions } from './gemm.js';
import { checkOwned, KernelBuffer } from './kernel-buffer.js';
import {
  type AdamState,
  applyAdam,
  applyRmsProp,
  applySgd,
  type RmsPropState,
} from './optimizer-updates.js';
import { ParallelCalls } from './parallel-calls.js';
import { HelperThreads } from './threads.js';
import type { WasmExports } from './wasm-exports.js';
import {
  createMemory,
  hasRelaxedSimd,
  instantiate,
  type KernelsVariant,
  kernelsVariant,
  type WasmMemory,
  wasmModule,
} from './wasm-module.js';

const PAGE_BYTES = 65536;

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

  /** @internal The GEMM, im2col and col2im on byte offsets, split over the helper threads when large. */
  readonly parallel: ParallelCalls;

  private constructor(
    threads: number,
    variant: KernelsVariant,
    region?: Omit<KernelsRegion, 'variant'>,
  ) {
    this.variant = variant;
    this.memory = region?.memory ?? createMemory();
    this.module = region?.module ?? wasmModule(variant);
    this.wasm = instantiate(this.module, this.memory);
    this.top = region?.start ?? (this.wasm.heapBase() + 15) & ~15;
    this.limit = region?.end ?? Number.POSITIVE_INFINITY;
    if (threads > 1) this.helpers = new HelperThreads(this.module, this.memory, threads - 1);
    this.parallel = new ParallelCalls(
      this.wasm,
      () => this.readyHelpers,
      (length, slot) => this.scratch(length, slot),
    );
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

  /** The helper threads, once they have started. */
  private get readyHelpers(): HelperThreads | undefined {
    return this.helpers?.ready === true ? this.helpers : undefined;
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

  /**
   * Single-precision GEMM (BLAS SGEMM, row-major): C [m, n] = alpha * op(A) [m, k] * op(B) [k, n] + beta * C.
   * @throws KernelArgumentError on non-integer or negative sizes, too-short buffers, strides below the row length,
   *   or `skipZerosA` with `transB`.
   */
  sgemm(o: SgemmOptions): void {
    runSgemm(this, o);
  }

  /**
   * x [rows, n] += bias [n], broadcast over rows.
   * @throws KernelArgumentError when x is shorter than rows * n or bias shorter than n.
   */
  biasAdd(x: KernelBuffer, rows: number, n: number, bias: KernelBuffer): void {
    checkInt('rows', rows, 0);
    checkInt('n', n, 0);
    checkOwned(this, 'x', x, rows * n);
    checkOwned(this, 'bias', bias, n);
    this.wasm.biasAdd(x.offset, rows, n, bias.offset);
  }

  /**
   * out [n] = beta * out + sum over rows of x [rows, n] (the bias gradient).
   * @throws KernelArgumentError on too-short buffers.
   */
  columnSum(x: KernelBuffer, rows: number, n: number, out: KernelBuffer, beta = 0): void {
    checkInt('rows', rows, 0);
    checkInt('n', n, 0);
    checkOwned(this, 'x', x, rows * n);
    checkOwned(this, 'out', out, n);
    this.wasm.columnSum(x.offset, rows, n, beta, out.offset);
  }

  /** y = max(x, 0) elementwise over x's length (y may be x). @throws KernelArgumentError when y is shorter. */
  reluForward(x: KernelBuffer, y: KernelBuffer = x): void {
    checkOwned(this, 'x', x, 0);
    checkOwned(this, 'y', y, x.length);
    this.wasm.reluForward(x.offset, y.offset, x.length);
  }

  /**
   * dx = y > 0 ? dy : 0 with y the ReLU output (dx may be dy).
   * @throws KernelArgumentError when y or dx is shorter than dy.
   */
  reluBackward(dy: KernelBuffer, y: KernelBuffer, dx: KernelBuffer = dy): void {
    checkOwned(this, 'dy', dy, 0);
    checkOwned(this, 'y', y, dy.length);
    checkOwned(this, 'dx', dx, dy.length);
    this.wasm.reluBackward(dy.offset, y.offset, dx.offset, dy.length);
  }

  /** x *= s elementwise. */
  scale(x: KernelBuffer, s: number): void {
    checkOwned(this, 'x', x, 0);
    checkFinite('s', s);
    this.wasm.scale(x.offset, x.length, s);
  }

  /** y += s * x elementwise over x's length. @throws KernelArgumentError when y is shorter than x. */
  axpy(s: number, x: KernelBuffer, y: KernelBuffer): void {
    checkOwned(this, 'x', x, 0);
    checkOwned(this, 'y', y, x.length);
    checkFinite('s', s);
    this.wasm.axpyInto(x.length, s, x.offset, y.offset);
  }

  /** Sum of squares of x (for global-norm gradient clipping), accumulated in float64 blocks. */
  squaredNorm(x: KernelBuffer): number {
    checkOwned(this, 'x', x, 0);
    return this.wasm.squaredNorm(x.offset, x.length);
  }

  /**
   * Plain SGD: param -= learningRate * grad. With `skip` (a frozen parameter) nothing is touched.
   * @throws KernelArgumentError when grad is shorter than param.
   */
  sgdUpdate(param: KernelBuffer, grad: KernelBuffer, learningRate: number, skip = false): void {
    applySgd(this, param, grad, learningRate, skip);
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
    applyRmsProp(this, param, grad, state, hyper, skip);
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
    applyAdam(this, param, grad, state, hyper, skip);
  }
}
