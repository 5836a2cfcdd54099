/**
 * The A3C worker loop (Mnih et al. 2016, Algorithm S3) with PathNet's
 * asynchronous tournament (Fernando et al. 2017, Sec. 2.2), one iteration
 * per call, top to bottom: rollout, learning rate, update, episode end and
 * tournament.
 *
 * @packageDocumentation
 */
import type { Optimizer } from '@pathnet/core';
import type { DuplicationOperator, DuplicationProposal } from '@pathnet/evolution';
import type { A3CArgs } from './args.js';
import { InvalidA3CArgsError, NonFiniteTrainingError } from './errors.js';
import { type A3CLoss, a3cLoss } from './loss.js';
import type { A3CNetwork } from './network.js';
import type { ObservationEncoder } from './observation.js';
import { bootstrapValue, nStepReturns } from './returns.js';
import {
  collectRollout,
  type FinishedEpisode,
  type RolloutBuffers,
  type WorkerState,
} from './rollout.js';
import type { AsyncPathwayTournament, TournamentResult } from './tournament.js';

/** Counters every worker of a run adds to (an `Int32Array`, on shared memory across threads). */
export const COUNTER = {
  /** Environment frames of all workers (a frame-skipping step counts its repeated frames). */
  frames: 0,
  /** Updates applied. */
  updates: 1,
  /** Updates skipped for a non-finite loss or gradient. */
  skipped: 2,
  /** Episodes finished. */
  episodes: 3,
  /** Tournaments run. */
  tournaments: 4,
  /** Tournaments in which the worker took another's genotype. */
  copies: 5,
  /** Modules copied by module duplication. */
  duplications: 6,
} as const;
/** Length of the counters array. */
export const COUNTERS = 7;

/** Everything a worker iteration uses besides its own {@link WorkerState}. */
export interface WorkerContext {
  /** The grid (or a thread's view of it). */
  readonly net: A3CNetwork;
  /** The one RMSProp optimizer of the run (shared statistics). */
  readonly optimizer: Optimizer;
  /** The run's arguments, resolved. */
  readonly args: A3CArgs;
  /** Size of the environment's action space; the readout has `actions + 1` outputs. */
  readonly actions: number;
  /** Observations to the grid's input. */
  readonly encode: ObservationEncoder;
  /** The tournament, or `null` in plain A3C (`evolve: false`). */
  readonly tournament: AsyncPathwayTournament | null;
  /** The module-duplication operator, or `null` when `duplicationRate` is 0 or in plain A3C. */
  readonly duplication: DuplicationOperator | null;
  /** See {@link COUNTER}; updated with `Atomics`. */
  readonly counters: Int32Array;
  /** Consecutive skipped updates on this thread (reset by an applied update). */
  consecutiveSkips: number;
}

/** What one iteration did. */
export interface IterationReport {
  /** The worker. */
  readonly worker: number;
  /** Frames of all workers after this rollout. */
  readonly frame: number;
  /** The loss and its parts, or `null` when the update was skipped. */
  readonly loss: A3CLoss | null;
  /** The episode that ended in this rollout, if any. */
  readonly episode: FinishedEpisode | null;
  /** The tournament run after it, if any. */
  readonly tournament: TournamentResult | null;
  /** The module duplication done after the tournament, if any. */
  readonly duplication: DuplicationProposal | null;
}

/**
 * One iteration of worker `w`:
 * 1. a rollout of up to t_max steps with its pathway on its environment;
 * 2. the learning rate annealed linearly to 0 over the frame budget;
 * 3. one update of the shared grid from the A3C loss, its returns bootstrapped
 *    with 0 after `terminated` and with V(s') otherwise (V(s') comes from the
 *    same forward pass, as an extra row with zero gradient);
 * 4. after T finished episodes, the asynchronous tournament, then (with
 *    `duplicationRate > 0`) module duplication: the operator may propose copying a
 *    module of the evaluated pathway onto another unfrozen module of its layer,
 *    and the worker copies it (`copyModule`, noise seeded from its stream).
 * @throws {NonFiniteTrainingError} after `maxConsecutiveSkips` skipped updates in a row.
 */
export function workerIteration(
  ctx: WorkerContext,
  w: WorkerState,
  buffers: RolloutBuffers,
): IterationReport {
  const { args, actions, net, counters } = ctx;

  // 1. Rollout.
  const r = collectRollout(net, args.taskId, w, args.tMax, actions, ctx.encode, buffers);
  const frame = Atomics.add(counters, COUNTER.frames, r.frames) + r.frames;

  // 2. Learning rate, linearly to 0 over the budget (kept > 0: the optimizer refuses 0).
  if (args.annealLearningRate) {
    const left = Math.max(1 - frame / args.totalFrames, 1e-9);
    ctx.optimizer.setLearningRate(args.learningRate * left);
  }

  // 3. Update from the A3C loss of the readout's outputs.
  let loss: A3CLoss | null = null;
  const step = net.trainStepFromOutputGradient(
    w.pathway,
    args.taskId,
    r.x,
    r.rows,
    (outputs) => {
      const next =
        r.end === 'terminated' ? 0 : (outputs[r.steps * (actions + 1) + actions] as number);
      const returns = nStepReturns(r.rewards, bootstrapValue(r.end, next), args.gamma);
      loss = a3cLoss(outputs, {
        actions,
        steps: r.steps,
        taken: r.actions,
        returns,
        valueCoef: args.valueCoef,
        entropyCoef: args.entropyCoef,
      });
      return loss;
    },
    ctx.optimizer,
  );
  if (step.skipped) {
    loss = null;
    Atomics.add(counters, COUNTER.skipped, 1);
    ctx.consecutiveSkips++;
    if (ctx.consecutiveSkips >= args.maxConsecutiveSkips) {
      throw new NonFiniteTrainingError(
        ctx.consecutiveSkips,
        Atomics.load(counters, COUNTER.skipped),
      );
    }
  } else {
    Atomics.add(counters, COUNTER.updates, 1);
    ctx.consecutiveSkips = 0;
  }

  // 4. Episode end; after T episodes with this pathway, the tournament.
  let tournament: TournamentResult | null = null;
  let duplication: DuplicationProposal | null = null;
  if (r.episode !== null) {
    Atomics.add(counters, COUNTER.episodes, 1);
    if (ctx.tournament !== null && w.recentReturns.length >= args.evaluationEpisodes) {
      const evaluated = w.pathway;
      tournament = ctx.tournament.report(w.index, w.recentReturns, w.rng);
      w.recentReturns.length = 0;
      w.pathway = tournament.pathway;
      Atomics.add(counters, COUNTER.tournaments, 1);
      if (tournament.copiedFrom !== null) Atomics.add(counters, COUNTER.copies, 1);
      if (ctx.duplication !== null) duplication = duplicate(ctx, w, evaluated);
    }
  }
  return { worker: w.index, frame, loss, episode: r.episode, tournament, duplication };
}

/** Module duplication on the evaluated pathway: the operator's proposal, carried out. */
function duplicate(
  ctx: WorkerContext,
  w: WorkerState,
  evaluated: WorkerState['pathway'],
): DuplicationProposal | null {
  const { net } = ctx;
  if (net.copyModule === undefined || net.frozenModules === undefined) {
    throw new InvalidA3CArgsError(
      'duplicationRate',
      ctx.args.duplicationRate,
      '0 for a network without copyModule and frozenModules',
    );
  }
  const p = (ctx.duplication as DuplicationOperator).apply(w.rng, evaluated, net.frozenModules());
  if (p === null) return null;
  net.copyModule(p.layer, p.source, p.target, {
    perturbation: p.perturbation,
    seed: w.rng.int(0, 2 ** 31 - 1),
  });
  Atomics.add(ctx.counters, COUNTER.duplications, 1);
  return p;
}
