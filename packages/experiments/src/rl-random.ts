/**
 * The random agent of a task: the return of a policy that picks one of the
 * task's actions uniformly at random at every step. The RL transfer summary
 * uses it as the floor a control must clear to count as having learned (the
 * usual random-agent baseline of Atari evaluations, e.g. Mnih et al. 2015,
 * Extended Data Table 2; PathNet's paper reports none).
 *
 * @packageDocumentation
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { buildSpecEnv, type EnvSpec } from './rl-env.js';
import { type MeanCI, meanCI } from './summary.js';

/**
 * Mean return of the uniform-random policy on `spec` over `episodes` whole
 * episodes (each ends when the environment terminates or truncates it), with
 * its 95% t-interval (`meanCI`; null for one episode). In the task's return
 * units (game score after the spec's wrappers, e.g. clipped rewards under the
 * Atari preprocessing). Actions are drawn with pure-rand's xoroshiro128+
 * seeded by `seed`, and each episode's environment seed is drawn from the same
 * stream: equal arguments give equal results.
 * @param spec - the task, built as the experiment builds it (`buildSpecEnv`).
 * @param episodes - episodes to average, an integer ≥ 1.
 * @param seed - a 32-bit integer seed.
 * @throws {RangeError} if `episodes` is not an integer ≥ 1, `seed` not an
 *   integer, or the task's action space is not discrete; whatever `makeEnv` throws.
 */
export function randomAgentReturn(spec: EnvSpec, episodes: number, seed: number): MeanCI {
  if (!Number.isInteger(episodes) || episodes < 1) {
    throw new RangeError(`randomAgentReturn: episodes must be an integer ≥ 1, got ${episodes}`);
  }
  if (!Number.isInteger(seed)) {
    throw new RangeError(`randomAgentReturn: seed must be an integer, got ${seed}`);
  }
  const env = buildSpecEnv(spec);
  try {
    const space = env.actionSpace;
    if (space.kind !== 'discrete') {
      throw new RangeError(
        `randomAgentReturn: ${spec.id} has a ${space.kind} action space; expected a discrete one`,
      );
    }
    const rng = xoroshiro128plus(seed | 0);
    const returns: number[] = [];
    for (let e = 0; e < episodes; e++) {
      env.reset({ seed: uniformInt(rng, 0, 2 ** 31 - 1) });
      let total = 0;
      for (;;) {
        const step = env.step(uniformInt(rng, 0, space.n - 1));
        total += step.reward;
        if (step.terminated || step.truncated) break;
      }
      returns.push(total);
    }
    return meanCI(returns);
  } finally {
    env.close();
  }
}
