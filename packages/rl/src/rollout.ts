/**
 * One A3C rollout (Mnih et al. 2016, Algorithm S3): up to t_max steps of a
 * worker's pathway on its own environment, actions drawn from the softmax
 * policy with the worker's own RNG, stopping early at the end of an episode.
 *
 * @packageDocumentation
 */
import type { Pathway } from '@pathnet/core';
import { type Env, type Observation, rawEpisodeReturn } from '@pathnet/envs';
import type { Rng } from '@pathnet/evolution';
import type { A3CNetwork } from './network.js';
import type { ObservationEncoder } from './observation.js';
import { sampleAction, softmaxInto } from './policy.js';
import type { RolloutEnd } from './returns.js';

/** One logical worker: its environment, pathway, RNG and episode bookkeeping. */
export interface WorkerState {
  /** Index in the population, `[0, workers)`. */
  readonly index: number;
  /** The worker's own environment. */
  readonly env: Env;
  /** The worker's own random stream (actions, tournaments). */
  readonly rng: Rng;
  /** The pathway it trains, `[L][N]` module indices. */
  pathway: Pathway;
  /** The observation its next step acts on (never a zero placeholder: it comes from `reset` or `step`). */
  observation: Observation;
  /** Sum of the rewards of the running episode. */
  episodeReturn: number;
  /** Steps of the running episode. */
  episodeLength: number;
  /** Returns of the episodes played with the current pathway since the last tournament. */
  readonly recentReturns: number[];
}

/** A collected rollout, ready for one update. */
export interface Rollout {
  /** n, steps taken (1 … t_max). */
  readonly steps: number;
  /**
   * Environment frames of those steps: a step counts the frames a frame-skip wrapper
   * repeated its action for (`info.frames` of `@pathnet/envs`' `FrameSkip`), else 1.
   */
  readonly frames: number;
  /**
   * Network inputs `[rows · D]`: the n observations acted on, then (unless the episode
   * terminated) the observation after the last step, whose value V(s') bootstraps the returns.
   */
  readonly x: Float32Array;
  /** n, or n + 1 with the bootstrap row. */
  readonly rows: number;
  /** `[n]` actions taken. */
  readonly actions: Int32Array;
  /** `[n]` rewards received. */
  readonly rewards: Float64Array;
  /** How it ended (decides the bootstrap). */
  readonly end: RolloutEnd;
  /** The episode that ended with this rollout, if one did. */
  readonly episode: FinishedEpisode | null;
}

/** An episode that ended in a rollout. */
export interface FinishedEpisode {
  /** The sum of the rewards the agent trained on (clipped where the environment clips). */
  readonly return: number;
  /**
   * The game score: the environment's unclipped episode return
   * (`rawEpisodeReturn` of `@pathnet/envs` on the last step's `info`), or
   * `return` when the environment reports none (its rewards are then the score).
   */
  readonly rawReturn: number;
  /** Its steps. */
  readonly length: number;
}

/** Reusable buffers of a worker's rollouts. */
export interface RolloutBuffers {
  /** Network inputs, `[(tMax + 1) · D]`. */
  readonly x: Float32Array;
  /** Actions taken, `[tMax]`. */
  readonly actions: Int32Array;
  /** Rewards received, `[tMax]`. */
  readonly rewards: Float64Array;
  /** The policy of the current step, `[actions]`. */
  readonly probs: Float64Array;
}

/** Buffers for rollouts of up to `tMax` steps of `inputSize` inputs and `actions` actions. */
export function rolloutBuffers(tMax: number, inputSize: number, actions: number): RolloutBuffers {
  return {
    x: new Float32Array((tMax + 1) * inputSize),
    actions: new Int32Array(tMax),
    rewards: new Float64Array(tMax),
    probs: new Float64Array(actions),
  };
}

/**
 * Plays up to `tMax` steps of worker `w`. At the end of an episode the
 * environment is reset at once (a frame stack refills with the new episode's
 * first observation), its return is pushed to `w.recentReturns`, and the rollout stops.
 * @param actions - the size of the environment's `Discrete` action space.
 * @returns views into `buffers` (valid until the next rollout with them).
 */
export function collectRollout(
  net: A3CNetwork,
  taskId: string,
  w: WorkerState,
  tMax: number,
  actions: number,
  encode: ObservationEncoder,
  buffers: RolloutBuffers,
): Rollout {
  const D = buffers.x.length / (tMax + 1);
  const C = actions + 1;
  let n = 0;
  let frames = 0;
  let end: RolloutEnd = 'continuing';
  let episode: Rollout['episode'] = null;
  while (n < tMax) {
    const row = buffers.x.subarray(n * D, (n + 1) * D);
    encode(w.observation, row, 0);
    const out = net.forward(w.pathway, taskId, row, 1);
    softmaxInto(out.subarray(0, C), 0, actions, buffers.probs);
    const a = sampleAction(buffers.probs, actions, w.rng.float());
    const r = w.env.step(a);
    buffers.actions[n] = a;
    buffers.rewards[n] = r.reward;
    n++;
    frames += typeof r.info.frames === 'number' ? r.info.frames : 1;
    w.episodeReturn += r.reward;
    w.episodeLength++;
    w.observation = r.observation;
    if (r.terminated || r.truncated) {
      end = r.terminated ? 'terminated' : 'truncated';
      episode = {
        return: w.episodeReturn,
        rawReturn: rawEpisodeReturn(r.info) ?? w.episodeReturn,
        length: w.episodeLength,
      };
      w.recentReturns.push(w.episodeReturn);
      break;
    }
  }
  if (end !== 'terminated') encode(w.observation, buffers.x, n * D);
  if (episode !== null) {
    w.observation = w.env.reset().observation;
    w.episodeReturn = 0;
    w.episodeLength = 0;
  }
  const rows = end === 'terminated' ? n : n + 1;
  return {
    steps: n,
    frames,
    x: buffers.x.subarray(0, rows * D),
    rows,
    actions: buffers.actions.subarray(0, n),
    rewards: buffers.rewards.subarray(0, n),
    end,
    episode,
  };
}
