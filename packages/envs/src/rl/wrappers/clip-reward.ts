import { type ResetArgs, type ResetResult, type StepResult, Wrapper } from '../env.js';
import type { EnvRng } from '../rng.js';
import type { Observation } from '../spaces.js';

/**
 * Clips each reward to its sign, −1, 0 or +1 (Mnih et al. 2015), while keeping
 * the game score for reporting: `info.rawReward` is this step's unclipped
 * reward and `info.rawReturn` the unclipped score of the episode so far.
 */
export class ClipReward extends Wrapper {
  #raw = 0;
  protected override onReset(args: ResetArgs): ResetResult {
    this.#raw = 0;
    const r = this.env.reset(args);
    r.info.rawReturn = 0;
    return r;
  }
  protected override onStep(action: number, _rng: EnvRng): StepResult<Observation> {
    const r = this.env.step(action);
    this.#raw += r.reward;
    r.info.rawReward = r.reward;
    r.info.rawReturn = this.#raw;
    r.reward = Math.sign(r.reward);
    return r;
  }
}
