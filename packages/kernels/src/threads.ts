import { Worker } from 'node:worker_threads';

/**
 * Worker threads over the same shared WebAssembly memory as the calling
 * thread. GEMM helpers instantiate the kernels module on that memory and
 * wait on a futex (Atomics.wait) for jobs; the caller posts a job's
 * arguments, computes its own part, then waits for the helpers. Nothing is
 * copied: arguments are byte offsets into the memory. Step workers
 * (step-workers.ts) use the same control blocks.
 */

/** Int32 slots of a thread's control block. */
export const SEQ = 0; // job number posted by the caller
export const DONE = 1; // job number the thread finished
export const STATUS = 2; // 0 ok, 1 failed (the message is in the block's text bytes)
export const READY = 3; // 1 once the thread waits for jobs, 2 if it could not start
export const STOP = 4; // 1 asks the thread to exit
const INTS = 8;
/** Float64 slots after the Int32 ones: a helper call's arguments (at most 16), or a step's results. */
const ARGS = 16;
/** Bytes after the numbers: a failed job's error message, UTF-8, zero-padded. */
const TEXT = 512;
const BLOCK_BYTES = INTS * 4 + ARGS * 8 + TEXT;

/** How long {@link ThreadPool.whenReady} waits for the threads by default. */
const START_TIMEOUT_MS = 10_000;
/** Spins on the shared word before sleeping on it (a futex wake costs tens of µs). */
const SPINS = 400_000;

/** Kernels a helper runs (index = the FN slot's value); each takes at most {@link ARGS} numbers. */
export const HELPER_FUNCTIONS = ['sgemm', 'im2col', 'col2im'] as const;
/** A kernel a helper runs. */
export type HelperFunction = (typeof HELPER_FUNCTIONS)[number];
/** Int32 slots of a helper job: which function, and how many arguments. */
const FN = 5;
const ARGC = 6;

// Runs in each helper as a CommonJS script (worker_threads `eval`).
const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { wasmModule, memory, control, index, names } = workerData;
const ctl = new Int32Array(control, index * ${BLOCK_BYTES}, ${INTS});
const args = new Float64Array(control, index * ${BLOCK_BYTES} + ${INTS * 4}, ${ARGS});
const text = new Uint8Array(control, index * ${BLOCK_BYTES} + ${INTS * 4 + ARGS * 8}, ${TEXT});
const fail = (error) => new TextEncoder().encodeInto(String(error).slice(0, ${TEXT / 4}), text);
let fns;
try {
  const exports = new WebAssembly.Instance(wasmModule, { env: { memory } }).exports;
  fns = names.map((name) => exports[name]);
  Atomics.store(ctl, ${READY}, 1);
} catch (error) {
  fail(error);
  Atomics.store(ctl, ${READY}, 2);
}
Atomics.notify(ctl, ${READY});
let seen = 0;
while (fns !== undefined) {
  let spins = 0;
  while (Atomics.load(ctl, ${SEQ}) === seen) {
    if (++spins > ${SPINS}) Atomics.wait(ctl, ${SEQ}, seen);
  }
  seen = Atomics.load(ctl, ${SEQ});
  if (Atomics.load(ctl, ${STOP}) === 1) break;
  try {
    Atomics.store(ctl, ${STATUS}, 0);
    fns[ctl[${FN}]](...args.subarray(0, ctl[${ARGC}]));
  } catch (error) {
    fail(error);
    Atomics.store(ctl, ${STATUS}, 1);
  }
  Atomics.store(ctl, ${DONE}, seen);
  Atomics.notify(ctl, ${DONE});
}
`;

/** The text a helper wrote into its block. */
function message(text: Uint8Array): string {
  const end = text.indexOf(0);
  return new TextDecoder().decode(text.slice(0, end < 0 ? text.length : end));
}

/** Thread `index`'s control block in `control` (block i starts at i · {@link BLOCK_BYTES}). */
export function controlBlock(control: SharedArrayBuffer, index: number): ControlBlock {
  const at = index * BLOCK_BYTES;
  return {
    ctl: new Int32Array(control, at, INTS),
    numbers: new Float64Array(control, at + INTS * 4, ARGS),
    text: new Uint8Array(control, at + INTS * 4 + ARGS * 8, TEXT),
  };
}

/** Writes `error`'s message into a control block's text bytes and marks the job failed. */
export function reportFailure({ ctl, text }: ControlBlock, error: unknown): void {
  text.fill(0);
  new TextEncoder().encodeInto(String(error).slice(0, TEXT / 4), text);
  Atomics.store(ctl, STATUS, 1);
}

/**
 * Waits until `ctl[slot]` differs from `seen`, spinning first (a futex wake
 * costs tens of µs), then sleeping on it. @returns the new value.
 */
export function awaitChange(ctl: Int32Array, slot: number, seen: number): number {
  let spins = 0;
  for (let now = Atomics.load(ctl, slot); ; now = Atomics.load(ctl, slot)) {
    if (now !== seen) return now;
    if (++spins > SPINS) Atomics.wait(ctl, slot, seen);
  }
}

/** One call a helper makes: a kernel and its arguments (byte offsets and sizes). */
export interface HelperJob {
  fn: HelperFunction;
  args: readonly number[];
}

/** Thrown when a helper thread fails while running a kernel. */
export class KernelThreadError extends Error {
  override readonly name = 'KernelThreadError';
}

/** One thread's control block: Int32 slots, Float64 arguments or results, error text. */
export interface ControlBlock {
  ctl: Int32Array;
  numbers: Float64Array;
  text: Uint8Array;
}

/**
 * Worker threads that share one WebAssembly memory, each with a control
 * block in a SharedArrayBuffer (job number, done number, status, readiness,
 * numbers, error text). They start in the background; use them once
 * {@link ThreadPool.ready}. Not re-entrant: one job at a time, from the
 * thread that made the pool.
 */
export class ThreadPool {
  /** Number of threads asked for. */
  readonly count: number;
  protected readonly blocks: ControlBlock[] = [];
  protected seq = 0;
  private readonly workers: Worker[] = [];
  private started = false;
  private failure: string | undefined;

  /**
   * Starts `count` workers made by `spawn` (given its index and the control
   * buffer holding every block; block i starts at i · {@link BLOCK_BYTES}).
   */
  constructor(count: number, spawn: (index: number, control: SharedArrayBuffer) => Worker) {
    this.count = count;
    try {
      const control = new SharedArrayBuffer(BLOCK_BYTES * count);
      for (let index = 0; index < count; index++) {
        this.blocks.push(controlBlock(control, index));
        const worker = spawn(index, control);
        worker.on('error', (error) => this.fail(`a worker thread failed: ${String(error)}`));
        worker.unref();
        this.workers.push(worker);
      }
    } catch (error) {
      this.fail(`worker threads are not available here: ${String(error)}`);
    }
  }

  /** Why the threads cannot run (undefined while they can, or may still start). */
  get unavailable(): string | undefined {
    this.poll();
    return this.failure;
  }

  /** True once every thread has started and waits for jobs, until one fails. */
  get ready(): boolean {
    this.poll();
    return this.started && this.failure === undefined;
  }

  /**
   * Resolves once every thread has started, or they failed, or `timeoutMs`
   * passed (some runtimes start workers only while the event loop turns).
   */
  async whenReady(timeoutMs = START_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ready && this.failure === undefined) {
      if (Date.now() > deadline) {
        this.fail(`a worker thread did not start within ${timeoutMs} ms`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  private poll(): void {
    if (this.started || this.failure !== undefined) return;
    let all = true;
    for (const { ctl, text } of this.blocks) {
      const state = Atomics.load(ctl, READY);
      if (state === 2) {
        this.fail(`a worker thread did not start: ${message(text)}`);
        return;
      }
      if (state !== 1) all = false;
    }
    this.started = all;
  }

  private fail(reason: string): void {
    this.failure = reason;
    this.dispose();
  }

  /**
   * Waits until thread i has finished job `seq`.
   * @returns its error message, or undefined when it succeeded.
   */
  protected waitFor(i: number, seq: number): string | undefined {
    const { ctl, text } = this.blocks[i]!;
    for (let done = Atomics.load(ctl, DONE); done !== seq; ) done = awaitChange(ctl, DONE, done);
    return Atomics.load(ctl, STATUS) === 0 ? undefined : message(text);
  }

  /** Stops the threads; the pool must not be used afterwards. */
  dispose(): void {
    for (const { ctl } of this.blocks) {
      Atomics.store(ctl, STOP, 1);
      Atomics.add(ctl, SEQ, 1);
      Atomics.notify(ctl, SEQ);
    }
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
  }
}

/** Helper threads that run parts of a GEMM, an im2col or a col2im (see the module comment). */
export class HelperThreads extends ThreadPool {
  /** Starts `count` helpers in the background (they take ~10–50 ms to instantiate the module). */
  constructor(wasmModule: object, memory: object, count: number) {
    super(
      count,
      (index, control) =>
        new Worker(HELPER_SOURCE, {
          eval: true,
          workerData: { wasmModule, memory, control, index, names: HELPER_FUNCTIONS },
        }),
    );
  }

  /**
   * Runs one call per helper (`jobs[i]` on helper i) while the caller runs
   * `own`, then waits until every helper has finished.
   * @throws KernelThreadError when a helper's kernel failed.
   */
  run(jobs: readonly HelperJob[], own: () => void): void {
    const seq = ++this.seq;
    jobs.forEach((job, i) => {
      const { ctl, numbers } = this.blocks[i]!;
      numbers.set(job.args);
      ctl[FN] = HELPER_FUNCTIONS.indexOf(job.fn);
      ctl[ARGC] = job.args.length;
      Atomics.store(ctl, SEQ, seq);
      Atomics.notify(ctl, SEQ);
    });
    own();
    let failed: string | undefined;
    for (let i = 0; i < jobs.length; i++) failed ??= this.waitFor(i, seq);
    if (failed !== undefined)
      throw new KernelThreadError(`a kernel failed in a helper thread: ${failed}`);
  }
}
