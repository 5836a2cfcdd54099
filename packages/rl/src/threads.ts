/**
 * The multi-thread driver: OS threads (default: the cores) each run their
 * share of the logical workers in turn — worker i on thread i mod T — on a
 * view of one fused grid in shared memory (`PathNet.share` / `PathNet.attach`
 * of `@pathnet/core`): one set of parameters, one set of RMSProp statistics,
 * one population table and one frame counter, updated hogwild as the paper's
 * asynchronous workers do (Fernando et al. 2017, Sec. 2.2; Mnih et al. 2016).
 * Runs with more than one thread are not reproducible bit for bit.
 *
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PathNet, Pathway, SharedGrid } from '@pathnet/core';
import { type A3CArgs, resolveA3CArgs } from './args.js';
import { InvalidA3CArgsError, NonFiniteTrainingError } from './errors.js';
import { observationEncoder } from './observation.js';
import type { WorkerState } from './rollout.js';
import { type A3CResult, a3cResult, type EpisodeRecord } from './runner.js';
import {
  a3cOptimizer,
  actionCount,
  buildEnv,
  createWorker,
  ensureReadout,
  pathwayShape,
  threadContext,
  workerRngs,
} from './setup.js';
import { PathwayTable } from './tournament.js';
import { COUNTER, COUNTERS, workerIteration } from './worker.js';

/** Options of {@link trainA3CThreads}. */
export interface TrainA3CThreadsOptions {
  /** A registered environment id (threads build their own environments from it). */
  readonly env: string;
  /**
   * The grid, on engine `'fused'` (its parameters live in shared WebAssembly memory).
   * Its readout `args.taskId` is added when missing; then it is shared with the threads.
   */
  readonly net: PathNet;
  /** Overrides of {@link defaultA3CArgs}. */
  readonly args?: Partial<A3CArgs>;
  /** OS threads; default: the cores (`os.availableParallelism()`), at most `args.workers`. */
  readonly threads?: number;
  /**
   * Modules every thread imports first (URLs or package names), e.g. one that
   * registers a plugin environment or GA operator in that thread's registries.
   */
  readonly preload?: readonly string[];
  /** Called on this thread for every finished episode (in batches, as threads report them). */
  readonly onEpisode?: (record: EpisodeRecord) => void;
}

/** What the main thread hands each thread. */
export interface ThreadData {
  /** The shared grid, from `PathNet.share`. */
  readonly handle: SharedGrid;
  /** The run's arguments, resolved. */
  readonly args: A3CArgs;
  /** The registered environment id. */
  readonly env: string;
  /** This thread's index in `[0, threads)`: it runs the workers i ≡ thread (mod threads). */
  readonly thread: number;
  /** T, the number of threads. */
  readonly threads: number;
  /** The {@link PathwayTable}'s buffer. */
  readonly table: SharedArrayBuffer;
  /** `Int32Array [COUNTERS + 2]`: the {@link COUNTER}s, the stop flag, then the ready count. */
  readonly counters: SharedArrayBuffer;
  /** Modules to import first. */
  readonly preload: readonly string[];
}

/** A message from a thread to the main thread. */
export type ThreadMessage =
  | { readonly type: 'episodes'; readonly records: EpisodeRecord[] }
  | { readonly type: 'done'; readonly pathways: [number, Pathway][] }
  | {
      readonly type: 'error';
      readonly name: string;
      readonly message: string;
      readonly count?: number;
      readonly total?: number;
    };

/** Flag slot after the {@link COUNTER}s: non-zero tells every thread to stop. */
const STOP = COUNTERS;
/** Slot after the stop flag: how many threads have attached and built their workers. */
const READY = COUNTERS + 1;

/** The URL of the thread entry beside this module in `dist/` (ESM or CJS build alike). */
function threadEntry(): URL {
  return new URL('./thread.js', import.meta.url);
}

/**
 * Trains PathNet-A3C (or plain A3C) with the logical workers spread over OS threads.
 * With 1 thread the run is the same as {@link trainA3C}'s for the same seed and network.
 * @throws {InvalidA3CArgsError} on bad args or threads, a non-fused engine, a non-discrete action space.
 * @throws {NonFiniteTrainingError} when a thread's updates kept failing (the others are stopped).
 */
export async function trainA3CThreads(options: TrainA3CThreadsOptions): Promise<A3CResult> {
  const args = resolveA3CArgs(options.args);
  const threads = Math.min(options.threads ?? availableParallelism(), args.workers);
  if (!Number.isSafeInteger(threads) || threads < 1) {
    throw new InvalidA3CArgsError('threads', options.threads, 'an integer >= 1');
  }
  const { net } = options;
  if (net.engine !== 'fused') {
    throw new InvalidA3CArgsError('net', net.engine, "a PathNet on engine 'fused' (shared memory)");
  }
  const probe = buildEnv(options.env);
  try {
    const actions = actionCount(probe);
    observationEncoder(probe.id, probe.observationSpace, net.config.inputShape);
    ensureReadout(net, args, actions);
  } finally {
    probe.close();
  }
  const handle = net.share(a3cOptimizer(args), { views: threads, maxBatchSize: args.tMax + 1 });
  const table = new PathwayTable(args.workers, pathwayShape(net), { shared: true });
  const counters = new Int32Array(new SharedArrayBuffer(4 * (COUNTERS + 2)));
  const episodes: EpisodeRecord[] = [];
  const pathways: Pathway[] = new Array(args.workers);
  const runs = Array.from({ length: threads }, (_, thread) => {
    const data: ThreadData = {
      handle,
      args,
      env: options.env,
      thread,
      threads,
      table: table.buffer as SharedArrayBuffer,
      counters: counters.buffer as SharedArrayBuffer,
      preload: options.preload ?? [],
    };
    return new Promise<void>((resolve, reject) => {
      const w = new Worker(threadEntry(), { workerData: data });
      let failed: Error | null = null;
      w.on('message', (m: ThreadMessage) => {
        if (m.type === 'episodes') {
          for (const r of m.records) {
            episodes.push(r);
            options.onEpisode?.(r);
          }
        } else if (m.type === 'done') {
          for (const [i, p] of m.pathways) pathways[i] = p;
        } else {
          failed =
            m.name === 'NonFiniteTrainingError'
              ? new NonFiniteTrainingError(m.count ?? 0, m.total ?? 0)
              : Object.assign(new Error(m.message), { name: m.name });
          Atomics.store(counters, STOP, 1);
        }
      });
      w.on('error', (e) => {
        Atomics.store(counters, STOP, 1);
        failed ??= e;
      });
      w.on('exit', () => (failed ? reject(failed) : resolve()));
    });
  });
  const settled = await Promise.allSettled(runs);
  const rejected = settled.find((s) => s.status === 'rejected');
  if (rejected) throw (rejected as PromiseRejectedResult).reason;
  episodes.sort((a, b) => a.frame - b.frame);
  return a3cResult(args, counters, episodes, pathways, table);
}

/**
 * The body of one thread: attaches to the shared grid, builds its logical workers
 * (i ≡ thread mod threads), and runs them in turn until the frame budget is spent or
 * another thread failed. Episodes are posted in batches through `post`.
 */
export async function runThread(
  data: ThreadData,
  attach: (handle: SharedGrid) => Promise<PathNet>,
  post: (m: ThreadMessage) => void,
): Promise<void> {
  for (const m of data.preload) await import(m);
  const { args } = data;
  const net = await attach(data.handle);
  const table = new PathwayTable(args.workers, pathwayShape(net), { buffer: data.table });
  const counters = new Int32Array(data.counters);
  const rngs = workerRngs(args.seed, args.workers);
  const workers: WorkerState[] = [];
  for (let i = data.thread; i < args.workers; i += data.threads) {
    workers.push(createWorker(i, rngs[i] as (typeof rngs)[number], data.env, args, table));
  }
  try {
    const { ctx, buffers } = threadContext(
      net,
      net.optimizer ?? a3cOptimizer(args),
      args,
      (workers[0] as WorkerState).env,
      table,
      counters,
    );
    // Start together: a thread that attached early would otherwise spend the shared
    // frame budget before a slower one has built its workers.
    Atomics.add(counters, READY, 1);
    Atomics.notify(counters, READY);
    for (;;) {
      const ready = Atomics.load(counters, READY);
      if (ready >= data.threads || Atomics.load(counters, STOP) !== 0) break;
      Atomics.wait(counters, READY, ready, 100);
    }
    let batch: EpisodeRecord[] = [];
    const running = () =>
      Atomics.load(counters, STOP) === 0 &&
      Atomics.load(counters, COUNTER.frames) < args.totalFrames;
    while (running()) {
      for (const w of workers) {
        const report = workerIteration(ctx, w, buffers);
        if (report.episode !== null) {
          batch.push({ frame: report.frame, worker: w.index, ...report.episode });
          if (batch.length >= 64) {
            post({ type: 'episodes', records: batch });
            batch = [];
          }
        }
        if (!running()) break;
      }
    }
    post({ type: 'episodes', records: batch });
    post({ type: 'done', pathways: workers.map((w) => [w.index, w.pathway]) });
  } finally {
    for (const w of workers) w.env.close();
  }
}
