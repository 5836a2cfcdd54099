import type { Info, ResetArgs, ResetResult, StepResult } from '../env.js';
import { Wrapper } from '../env.js';
import type { EnvRng } from '../rng.js';
import type { Observation } from '../spaces.js';

/**
 * What {@link EpisodeStatistics} writes into `info.episodeSummary` on the step that
 * ends an episode (`terminated` or `truncated`), and only on that step.
 */
export interface EpisodeSummary {
  /**
   * The game score of the episode: the sum of the unclipped rewards, in the
   * game's own score units. Per step it takes `info.rawReward` where a
   * {@link ClipReward} inside set it, otherwise `reward`. Report this one.
   */
  readonly rawReturn: number;
  /** The sum of the rewards the agent received (clipped to −1/0/+1 under {@link ClipReward}). */
  readonly return: number;
  /** Agent steps of the episode (one per `step` call, after any frame skip). */
  readonly length: number;
}

/**
 * Records each episode's score for reporting (after Gymnasium's
 * `RecordEpisodeStatistics`): on the final step of an episode it sets
 * `info.episodeSummary` to an {@link EpisodeSummary}, whose `rawReturn` is the
 * unclipped game score even when the agent trains on clipped rewards.
 * Observations, rewards and flags pass through unchanged. {@link makeEnv}
 * puts it outermost on every environment, so it sees the episode end that
 * any {@link TimeLimit} inside adds.
 *
 * Rewards of steps taken inside `reset` (the no-ops of {@link NoopReset}) are
 * not part of any episode's sums, as they are not part of the agent's.
 */
export class EpisodeStatistics extends Wrapper {
  #raw = 0;
  #sum = 0;
  #length = 0;
  protected override onReset(args: ResetArgs): ResetResult {
    this.#raw = 0;
    this.#sum = 0;
    this.#length = 0;
    return this.env.reset(args);
  }
  protected override onStep(action: number, _rng: EnvRng): StepResult<Observation> {
    const r = this.env.step(action);
    const raw = r.info.rawReward;
    this.#raw += typeof raw === 'number' ? raw : r.reward;
    this.#sum += r.reward;
    this.#length++;
    if (r.terminated || r.truncated) {
      const episode: EpisodeSummary = {
        rawReturn: this.#raw,
        return: this.#sum,
        length: this.#length,
      };
      r.info.episodeSummary = episode;
    }
    return r;
  }
}

/**
 * The unclipped game score of the episode that ended with a step whose `info`
 * this is: `info.episodeSummary.rawReturn` ({@link EpisodeStatistics}, on every
 * environment made by {@link makeEnv}), else `info.rawReturn` ({@link ClipReward}
 * used directly). `undefined` when neither is there (an environment built by
 * hand without these wrappers, whose rewards are then the game score: sum them).
 */
export function rawEpisodeReturn(info: Info): number | undefined {
  const episode = info.episodeSummary as Partial<EpisodeSummary> | undefined;
  if (typeof episode === 'object' && episode !== null && typeof episode.rawReturn === 'number') {
    return episode.rawReturn;
  }
  return typeof info.rawReturn === 'number' ? info.rawReturn : undefined;
}
