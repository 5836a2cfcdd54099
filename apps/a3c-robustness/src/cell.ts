/**
 * One cell of the robustness sweep (Fernando et al. 2017, Sec. 3.5): A3C or
 * PathNet-A3C on one MinAtar game with one learning rate, one entropy cost
 * and one seed, for a fixed frame budget; its final score and area under the
 * learning curve.
 */
import { type EngineChoice, PathNet, type PathNetConfig } from '@pathnet/core';
import { makeEnv } from '@pathnet/envs';
import { type LearningCurve, learningCurve, pointsWithData } from '@pathnet/experiments';
import { trainA3C } from '@pathnet/rl';
import type { RunSettings } from './defaults.js';

/** `pathnet`: PathNet-A3C (pathways evolve); `a3c`: plain A3C on one fixed pathway. */
export const METHODS = ['a3c', 'pathnet'] as const;
/** One of {@link METHODS}. */
export type Method = (typeof METHODS)[number];

/** Everything one run needs (plain data: a job of the experiment runner). */
export interface CellJob extends RunSettings {
  /** A registered MinAtar id, e.g. `minatar/Breakout-v1`. */
  game: string;
  method: Method;
  /** Initial RMSProp learning rate (annealed linearly to 0 over the budget). */
  learningRate: number;
  /** Entropy cost β. */
  entropyCost: number;
  seed: number;
  /** The engine of the grid (`PathNet.create`'s); absent: `fused`. */
  engine?: EngineChoice;
}

/** One run's outcome: its cell and seed, then what it measured. */
export interface CellRecord
  extends Pick<CellJob, 'game' | 'method' | 'learningRate' | 'entropyCost' | 'seed'> {
  /** Frames run (the budget, or a little more: the last rollouts finish). */
  frames: number;
  /** Episodes finished. */
  episodes: number;
  /** Mean return of the last `finalEpisodes` episodes. */
  finalScore: number;
  /**
   * Area under the learning curve divided by the span it covers: the mean, over the
   * {@link CURVE_POINTS} evenly spaced frames that have a finished episode, of the mean game
   * score of the last `finalEpisodes` episodes finished by then; in units of return.
   */
  auc: number;
  /**
   * `[frame, mean game score of the last episodes]` at those frames (`learningCurve` of
   * `@pathnet/experiments`); `null` before the first episode ends, never 0.
   */
  curve: LearningCurve;
}

/** Points of a record's learning curve. */
export const CURVE_POINTS = 20;

/**
 * The grid: two dense layers of `modules` modules of `units` ReLU units each
 * (sum reduction), `active` of them on a pathway, over the game's flattened
 * observation (MinAtar's 10×10×C frame, or a plugin environment's vector). A
 * dense grid rather than the paper's conv modules so that a sweep of hundreds
 * of runs fits a CPU (measured ≈ 2–7 k frames/s per run on MinAtar).
 * @param observation - the game's observation shape, e.g. `[10, 10, 4]`.
 */
export function gridConfig(
  job: Pick<CellJob, 'units' | 'modules' | 'active'>,
  observation: readonly number[],
): PathNetConfig {
  const layer = {
    module: { kind: 'dense' as const, units: job.units },
    activation: 'relu' as const,
    reduction: 'sum' as const,
  };
  return {
    inputShape: [...observation],
    layers: [layer, layer],
    modulesPerLayer: job.modules,
    maxActivePerLayer: job.active,
  };
}

/** Runs one cell on this thread (deterministic by its seed). */
export function runCell(job: CellJob): CellRecord {
  const net = PathNet.create(gridConfig(job, observationShape(job.game)), {
    seed: job.seed,
    engine: job.engine ?? 'fused',
  });
  try {
    const result = trainA3C({
      env: job.game,
      net,
      args: {
        seed: job.seed,
        workers: job.workers,
        totalFrames: job.frames,
        learningRate: job.learningRate,
        entropyCoef: job.entropyCost,
        evolve: job.method === 'pathnet',
        // B: @pathnet/rl's default 5, or every other worker in a smaller population.
        tournamentSize: Math.min(5, job.workers - 1),
      },
    });
    const last = result.episodes.slice(-job.finalEpisodes);
    // Game scores (unclipped); the agent trained on clipped rewards.
    const scores = result.episodes.map((e) => ({ frame: e.frame, return: e.rawReturn }));
    const curve = learningCurve(scores, job.frames, job.finalEpisodes, CURVE_POINTS);
    const withData = pointsWithData(curve);
    return {
      game: job.game,
      method: job.method,
      learningRate: job.learningRate,
      entropyCost: job.entropyCost,
      seed: job.seed,
      frames: result.frames,
      episodes: result.episodes.length,
      finalScore: last.length === 0 ? 0 : last.reduce((s, e) => s + e.rawReturn, 0) / last.length,
      auc: withData.length === 0 ? 0 : withData.reduce((s, [, v]) => s + v, 0) / withData.length,
      curve,
    };
  } finally {
    net.dispose();
  }
}

/**
 * The observation shape of a registered environment (e.g. `[10, 10, 4]` for a MinAtar
 * game, `[4]` for CartPole).
 * @throws {Error} from `makeEnv` for an id nothing registered; {@link ObservationError}
 *   for an environment whose observations are not a box of numbers.
 */
export function observationShape(game: string): number[] {
  const probe = makeEnv(game);
  const space = probe.observationSpace;
  probe.close();
  if (space.kind !== 'box') {
    throw new ObservationError(`${game} does not give a box of numbers as its observation`);
  }
  return [...space.shape];
}

/** An environment whose observations a dense grid cannot read. */
export class ObservationError extends Error {
  override readonly name = 'ObservationError';
}
