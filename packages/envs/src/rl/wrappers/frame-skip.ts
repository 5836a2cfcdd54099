import { type Env, type StepResult, Wrapper } from '../env.js';
import { InvalidEnvOptionError } from '../errors.js';
import type { EnvRng } from '../rng.js';
import type { Observation } from '../spaces.js';

/**
 * Repeats each action `skip` times (Mnih et al. 2015, "frame skipping"): the
 * reward is the sum over the repeated frames, and with `maxPool` the
 * observation is the element-wise maximum of the last two frames (removes
 * Atari sprite flicker). Stops early when the episode ends.
 * `info.frames` is the number of inner frames stepped.
 *
 * @throws {InvalidEnvOptionError} unless `skip` is a positive integer.
 */
export class FrameSkip extends Wrapper {
  constructor(
    env: Env,
    readonly skip: number,
    readonly maxPool = true,
  ) {
    super(env);
    if (!Number.isInteger(skip) || skip <= 0) {
      throw new InvalidEnvOptionError(env.id, 'frameSkip', skip, 'a positive integer');
    }
  }
  protected override onStep(action: number, _rng: EnvRng): StepResult<Observation> {
    let total = 0;
    let previous: Observation | undefined;
    let r: StepResult<Observation> | undefined;
    let frames = 0;
    for (let i = 0; i < this.skip; i++) {
      if (r) previous = r.observation;
      r = this.env.step(action);
      total += r.reward;
      frames++;
      if (r.terminated || r.truncated) break;
    }
    const last = r as StepResult<Observation>;
    if (this.maxPool && previous) {
      const obs = last.observation;
      for (let i = 0; i < obs.length; i++) {
        const p = previous[i] as number;
        if (p > (obs[i] as number)) obs[i] = p;
      }
    }
    last.reward = total;
    last.info.frames = frames;
    return last;
  }
}
