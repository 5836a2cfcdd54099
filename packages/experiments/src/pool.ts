import { Worker } from 'node:worker_threads';
import type { Job } from './jobs.js';
import { reviveError, type SerializedError } from './worker-errors.js';

/** How a {@link JobPool} starts its threads. */
export interface PoolOptions {
  /** Worker threads, each running one job at a time (≥ 1). */
  threads: number;
  /** Tensor backend each thread initialises (`@pathnet/backend` `initBackend`); default the best available. */
  backend?: string;
  /**
   * Modules each thread imports before its first job (absolute paths or
   * `file:` URLs): the registrations of the job kinds, tasks and operators
   * the jobs use. Worker threads do not share this thread's registries.
   */
  plugins?: readonly string[];
}

/** What the pool sends a thread. */
export interface PoolRequest {
  id: number;
  job: Job;
}

/** What a thread posts back. */
export type PoolThreadMessage =
  | { type: 'ready' }
  | { type: 'progress'; id: number; event: unknown }
  | { type: 'record'; id: number; record: unknown }
  | { type: 'error'; id: number; error: SerializedError };

interface Pending {
  id: number;
  job: Job;
  onProgress: (event: unknown) => void;
  resolve: (record: unknown) => void;
  reject: (error: Error) => void;
}

/** The thread script next to this file, in this build's module format. */
function threadUrl(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.cjs') ? './job-thread.cjs' : './job-thread.js', here);
}

/**
 * Worker threads that run jobs by their registered kind, one job per thread
 * at a time; more jobs wait for a thread. A thread that dies while running a
 * job fails that job and is replaced; a thread that fails before its first
 * job (a plugin that does not load, a backend that cannot start) fails the pool.
 */
export class JobPool {
  readonly #waiting: Pending[] = [];
  readonly #idle: Worker[] = [];
  readonly #busy = new Map<Worker, Pending>();
  readonly #threads = new Set<Worker>();
  #nextId = 0;
  #failure: Error | undefined;
  #closed = false;

  /** @throws {TypeError} if `options.threads` is not an integer ≥ 1. */
  constructor(readonly options: PoolOptions) {
    if (!Number.isInteger(options.threads) || options.threads < 1) {
      throw new TypeError(`JobPool: threads must be an integer ≥ 1, got ${options.threads}`);
    }
    for (let i = 0; i < options.threads; i++) this.#spawn();
  }

  /**
   * Runs `job` on the next idle thread.
   * @returns the job's record.
   * @throws the job's error, the thread's failure, or the pool's if it failed or was closed.
   */
  run(job: Job, onProgress: (event: unknown) => void = () => {}): Promise<unknown> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closed) return Promise.reject(new Error('JobPool: closed'));
    return new Promise((resolve, reject) => {
      this.#waiting.push({ id: this.#nextId++, job, onProgress, resolve, reject });
      this.#dispatch();
    });
  }

  /** Stops every thread; jobs still waiting or running are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#rejectAll(new Error('JobPool: closed'));
    await Promise.all([...this.#threads].map((t) => t.terminate()));
  }

  #spawn(): void {
    const workerData = {
      backend: this.options.backend,
      plugins: [...(this.options.plugins ?? [])],
    };
    const thread = new Worker(threadUrl(), { workerData });
    let ready = false;
    this.#threads.add(thread);
    thread.on('message', (m: PoolThreadMessage) => {
      if (m.type === 'ready') {
        ready = true;
        this.#release(thread);
        return;
      }
      const pending = this.#busy.get(thread);
      if (pending === undefined || pending.id !== m.id) return;
      if (m.type === 'progress') {
        pending.onProgress(m.event);
        return;
      }
      this.#busy.delete(thread);
      if (m.type === 'record') pending.resolve(m.record);
      // The job's error, re-created with its class and fields (see reviveError).
      else pending.reject(reviveError(m.error));
      this.#release(thread);
    });
    thread.on('error', (error) => {
      this.#threads.delete(thread);
      void thread.terminate();
      const pending = this.#busy.get(thread);
      this.#busy.delete(thread);
      pending?.reject(error);
      if (this.#closed) return;
      if (!ready) {
        this.#failure = error;
        this.#rejectAll(error);
        void this.close();
      } else {
        this.#spawn();
      }
    });
  }

  #release(thread: Worker): void {
    if (this.#closed) return;
    this.#idle.push(thread);
    this.#dispatch();
  }

  #dispatch(): void {
    while (this.#idle.length > 0 && this.#waiting.length > 0) {
      const thread = this.#idle.pop()!;
      const pending = this.#waiting.shift()!;
      this.#busy.set(thread, pending);
      thread.postMessage({ id: pending.id, job: pending.job } satisfies PoolRequest);
    }
  }

  #rejectAll(error: Error): void {
    for (const pending of this.#waiting.splice(0)) pending.reject(error);
    for (const pending of this.#busy.values()) pending.reject(error);
    this.#busy.clear();
  }
}
