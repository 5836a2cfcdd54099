/**
 * n-step returns and advantages of A3C (Mnih et al. 2016, Algorithm S3).
 *
 * @packageDocumentation
 */

/** How a rollout ended, which decides its bootstrap value. */
export type RolloutEnd =
  /** The episode ended inside the MDP (game over): the return after it is 0. */
  | 'terminated'
  /** The episode was cut from outside (time limit): bootstrap with V(final observation). */
  | 'truncated'
  /** t_max steps were taken and the episode goes on: bootstrap with V(next observation). */
  | 'continuing';

/**
 * The value the return of the step after a rollout is estimated by:
 * 0 after `terminated`, V(s') after `truncated` or `continuing` (Gymnasium's
 * split of the two endings; OR-ing them, as some ports do, is wrong for time limits).
 * @param nextValue - V(s'), the critic's value of the observation after the last step.
 */
export function bootstrapValue(end: RolloutEnd, nextValue: number): number {
  return end === 'terminated' ? 0 : nextValue;
}

/**
 * n-step discounted returns `R_t = r_t + γ R_{t+1}` backwards from
 * `R_n = bootstrap`, for a rollout of n steps (each return looks ahead to the
 * rollout's end, so step t gets an (n − t)-step return).
 * @param rewards - `[n]` rewards r_0 … r_{n−1}.
 * @param bootstrap - the value after the last step ({@link bootstrapValue}).
 * @param gamma - discount γ in [0, 1].
 * @returns Float64Array `[n]`.
 */
export function nStepReturns(
  rewards: ArrayLike<number>,
  bootstrap: number,
  gamma: number,
): Float64Array {
  const out = new Float64Array(rewards.length);
  let r = bootstrap;
  for (let t = rewards.length - 1; t >= 0; t--) {
    r = (rewards[t] as number) + gamma * r;
    out[t] = r;
  }
  return out;
}

/**
 * Advantages `A_t = R_t − V(s_t)` (Mnih et al. 2016); the policy gradient treats
 * them as constants.
 * @param returns - `[n]` n-step returns.
 * @param values - `[n]` critic values V(s_t).
 * @returns Float64Array `[n]`.
 */
export function advantages(returns: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(returns.length);
  for (let t = 0; t < returns.length; t++) {
    out[t] = (returns[t] as number) - (values[t] as number);
  }
  return out;
}
