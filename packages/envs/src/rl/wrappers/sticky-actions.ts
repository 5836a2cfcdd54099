import { type Env, type ResetArgs, type ResetResult, type StepResult, Wrapper } from '../env.js';
import { checkProbability } from '../errors.js';
import type { EnvRng } from '../rng.js';
import type { Observation } from '../spaces.js';

/**
 * With probability `p` the environment repeats the previously executed action
 * instead of the agent's (Machado et al. 2018, "sticky actions"; ALE v5 uses
 * p = 0.25, MinAtar p = 0.1). The previous action is 0 (no-op) after reset.
 * `info.executedAction` is the action actually taken.
 *
 * @throws {InvalidEnvOptionError} unless `0 <= p <= 1`.
 */
export class StickyActions extends Wrapper {
  #last = 0;
  constructor(
    env: Env,
    readonly p = 0.25,
  ) {
    super(env);
    checkProbability(env.id, 'stickyActions', p);
  }
  protected override get salt(): number {
    return 0x73746b79;
  }
  protected override onReset(args: ResetArgs): ResetResult {
    this.#last = 0;
    return this.env.reset(args);
  }
  protected override onStep(action: number, rng: EnvRng): StepResult<Observation> {
    const executed = rng.float() < this.p ? this.#last : action;
    this.#last = executed;
    const r = this.env.step(executed);
    r.info.executedAction = executed;
    return r;
  }
}
