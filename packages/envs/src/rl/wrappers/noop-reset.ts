import { type Env, type ResetArgs, type ResetResult, type StepResult, Wrapper } from '../env.js';
import { InvalidEnvOptionError } from '../errors.js';
import type { EnvRng } from '../rng.js';
import type { Observation } from '../spaces.js';

/**
 * After each reset, takes a uniform number in `[1, noopMax]` of `noopAction`
 * steps (Mnih et al. 2015, "no-op starts"), drawn from this wrapper's seeded
 * stream. If the episode ends during the no-ops, it resets again.
 * `info.noops` is the number taken.
 *
 * @throws {InvalidEnvOptionError} unless `noopMax` is a positive integer.
 */
export class NoopReset extends Wrapper {
  constructor(
    env: Env,
    readonly noopMax = 30,
    readonly noopAction = 0,
  ) {
    super(env);
    if (!Number.isInteger(noopMax) || noopMax <= 0) {
      throw new InvalidEnvOptionError(env.id, 'noopMax', noopMax, 'a positive integer');
    }
  }
  protected override get salt(): number {
    return 0x6e6f6f70;
  }
  protected override onReset(args: ResetArgs, rng: EnvRng): ResetResult {
    let r = this.env.reset(args);
    const noops = 1 + rng.int(this.noopMax);
    for (let i = 0; i < noops; i++) {
      const s = this.env.step(this.noopAction);
      r = { observation: s.observation, info: s.info };
      if (s.terminated || s.truncated) r = this.env.reset({ options: args.options ?? {} });
    }
    r.info.noops = noops;
    return r;
  }
  protected override onStep(action: number, _rng: EnvRng): StepResult<Observation> {
    return this.env.step(action);
  }
}
