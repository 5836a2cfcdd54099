import { type Env, type ResetArgs, type ResetResult, type StepResult, Wrapper } from '../env.js';
import { InvalidEnvOptionError } from '../errors.js';
import type { EnvRng } from '../rng.js';
import type { Observation } from '../spaces.js';

/**
 * Ends an episode with `truncated: true` after `maxEpisodeSteps` steps
 * (Gymnasium `TimeLimit`). `terminated` is passed through untouched, so a
 * learner bootstraps from V(s') on truncation and from 0 on termination.
 * `info.elapsedSteps` counts the steps of this episode.
 *
 * @throws {InvalidEnvOptionError} unless `maxEpisodeSteps` is a positive integer.
 */
export class TimeLimit extends Wrapper {
  #elapsed = 0;
  constructor(
    env: Env,
    readonly maxEpisodeSteps: number,
  ) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps <= 0) {
      throw new InvalidEnvOptionError(
        env.id,
        'maxEpisodeSteps',
        maxEpisodeSteps,
        'a positive integer',
      );
    }
  }
  protected override onReset(args: ResetArgs): ResetResult {
    this.#elapsed = 0;
    return this.env.reset(args);
  }
  protected override onStep(action: number, _rng: EnvRng): StepResult<Observation> {
    const r = this.env.step(action);
    this.#elapsed++;
    r.info.elapsedSteps = this.#elapsed;
    if (this.#elapsed >= this.maxEpisodeSteps) r.truncated = true;
    return r;
  }
}
