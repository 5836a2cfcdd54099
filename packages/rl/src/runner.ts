/**
 * The single-thread driver: all logical workers take turns on this thread,
 * one rollout and one update each, until the frame budget is spent.
 * Deterministic by seed.
 *
 * @packageDocumentation
 */
import type { Optimizer, Pathway } from '@pathnet/core';
import { type A3CArgs, resolveA3CArgs } from './args.js';
import type { A3CNetwork } from './network.js';
import {
  a3cOptimizer,
  actionCount,
  createWorker,
  type EnvSource,
  ensureReadout,
  pathwayShape,
  threadContext,
  workerRngs,
} from './setup.js';
import { PathwayTable } from './tournament.js';
import { COUNTER, COUNTERS, type IterationReport, workerIteration } from './worker.js';

/** Options of {@link trainA3C}. */
export interface TrainA3COptions {
  /** The environment of every worker: a registered id or a factory (one call per worker). */
  readonly env: EnvSource;
  /**
   * The grid. Its readout `args.taskId` is added (`actions + 1` outputs) when missing.
   * Modules it has frozen (transfer) may be on the workers' pathways and are never changed.
   */
  readonly net: A3CNetwork;
  /** Overrides of {@link defaultA3CArgs}. */
  readonly args?: Partial<A3CArgs>;
  /** The optimizer to use; default: a new RMSProp from the args ({@link a3cOptimizer}). */
  readonly optimizer?: Optimizer;
  /** Called after every worker iteration (for logs and learning curves). */
  readonly onIteration?: (report: IterationReport) => void;
  /** Stops the run early when it returns true (checked after every iteration). */
  readonly shouldStop?: (report: IterationReport) => boolean;
}

/** One finished episode. */
export interface EpisodeRecord {
  /** Frames of all workers when it ended. */
  readonly frame: number;
  /** The logical worker that played it. */
  readonly worker: number;
  /** Its return: the sum of the rewards the agent trained on (clipped where the environment clips). */
  readonly return: number;
  /**
   * Its game score: the unclipped sum of its rewards, as the environment reports it
   * (`info.episodeSummary.rawReturn` of `@pathnet/envs`); equal to `return` for an
   * environment that does not clip. Report and plot this one.
   */
  readonly rawReturn: number;
  /** Its steps. */
  readonly length: number;
}

/** What a run did. */
export interface A3CResult {
  /** The arguments the run used (defaults filled in). */
  readonly args: A3CArgs;
  /** Environment frames of all workers (a frame-skipping step counts its repeated frames). */
  readonly frames: number;
  /** Updates applied to the grid. */
  readonly updates: number;
  /** Updates skipped for a non-finite loss or gradient. */
  readonly skippedUpdates: number;
  /** Every finished episode, in the order they ended. */
  readonly episodes: readonly EpisodeRecord[];
  /** Tournaments run. */
  readonly tournaments: number;
  /** Tournaments in which the worker took a mutated copy of another's genotype. */
  readonly copies: number;
  /** Modules copied by module duplication (`duplicationRate > 0`). */
  readonly duplications: number;
  /** `[P]` each worker's pathway at the end. */
  readonly pathways: readonly Pathway[];
  /** `[P]` each worker's latest fitness (`null`: none since its pathway changed). */
  readonly fitness: readonly (number | null)[];
}

/**
 * The {@link A3CResult} of a finished run, on one thread or several: the totals of the
 * {@link COUNTER}s, the episodes as given, the workers' pathways (`[P]`, worker i's at i)
 * and each one's latest fitness in `table`.
 */
export function a3cResult(
  args: A3CArgs,
  counters: Int32Array,
  episodes: readonly EpisodeRecord[],
  pathways: readonly Pathway[],
  table: PathwayTable,
): A3CResult {
  const total = (counter: number) => counters[counter] as number;
  return {
    args,
    frames: total(COUNTER.frames),
    updates: total(COUNTER.updates),
    skippedUpdates: total(COUNTER.skipped),
    episodes,
    tournaments: total(COUNTER.tournaments),
    copies: total(COUNTER.copies),
    duplications: total(COUNTER.duplications),
    pathways,
    fitness: pathways.map((_, i) => table.fitness(i)),
  };
}

/**
 * Trains PathNet-A3C (or plain A3C with `evolve: false`) on one thread: the
 * logical workers take turns, each with its own environment, pathway,
 * rollout and RNG, all updating `net` through one optimizer (shared RMSProp).
 * Same seed, same network, same result.
 * @throws {InvalidA3CArgsError} on bad args, a non-discrete action space or a readout of another size.
 * @throws {ObservationShapeError} if the observations do not fit the grid's input.
 * @throws {NonFiniteTrainingError} after `maxConsecutiveSkips` non-finite updates in a row.
 */
export function trainA3C(options: TrainA3COptions): A3CResult {
  const args = resolveA3CArgs(options.args);
  const { net } = options;
  const table = new PathwayTable(args.workers, pathwayShape(net));
  const rngs = workerRngs(args.seed, args.workers);
  const workers = rngs.map((rng, i) => createWorker(i, rng, options.env, args, table));
  try {
    const env = (workers[0] as (typeof workers)[number]).env;
    ensureReadout(net, args, actionCount(env));
    const { ctx, buffers } = threadContext(
      net,
      options.optimizer ?? a3cOptimizer(args),
      args,
      env,
      table,
      new Int32Array(COUNTERS),
    );
    const episodes: EpisodeRecord[] = [];
    let stop = false;
    while (!stop && (ctx.counters[COUNTER.frames] as number) < args.totalFrames) {
      for (const w of workers) {
        const report = workerIteration(ctx, w, buffers);
        if (report.episode !== null) {
          episodes.push({ frame: report.frame, worker: w.index, ...report.episode });
        }
        options.onIteration?.(report);
        if (options.shouldStop?.(report) || report.frame >= args.totalFrames) {
          stop = true;
          break;
        }
      }
    }
    const pathways = workers.map((w) => w.pathway);
    return a3cResult(args, ctx.counters, episodes, pathways, table);
  } finally {
    for (const w of workers) w.env.close();
  }
}
