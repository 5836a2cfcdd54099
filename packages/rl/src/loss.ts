/**
 * The A3C objective on the readout's outputs and its gradient with respect to
 * those outputs (Mnih et al. 2016), so that the grid's engine backpropagates
 * it in one pass. Each row of the readout holds `actions` policy logits z and
 * one value V (C = actions + 1 outputs).
 *
 * For a rollout of n steps with actions a_t, n-step returns R_t and
 * advantages A_t = R_t − V(s_t) (constants):
 *
 *   L = Σ_t [ −log π(a_t|s_t) · A_t  +  c_v · ½ (R_t − V(s_t))²  −  β · H(π(·|s_t)) ]
 *
 * summed over the rollout as in Mnih et al. 2016 and the public ports (not
 * averaged: the gradient-norm clip of 40 is sized for sums). Gradients:
 *   ∂L/∂z_t = A_t (π_t − onehot(a_t)) + β π_t ⊙ (log π_t + H_t),
 *   ∂L/∂V_t = c_v (V_t − R_t).
 * Rows after the n-th (the bootstrap row V(s')) get a zero gradient.
 *
 * @packageDocumentation
 */
import { entropy, logSumExp, softmaxInto } from './policy.js';

/** What {@link a3cLoss} needs beside the outputs. */
export interface A3CLossInput {
  /** Number of actions (the readout has `actions + 1` outputs per row). */
  readonly actions: number;
  /** n, the rollout's steps: rows `0 … n−1` of the outputs are trained. */
  readonly steps: number;
  /** `[n]` actions taken. */
  readonly taken: ArrayLike<number>;
  /** `[n]` n-step returns R_t. */
  readonly returns: ArrayLike<number>;
  /** c_v, the value-loss weight. */
  readonly valueCoef: number;
  /** β, the entropy weight. */
  readonly entropyCoef: number;
}

/** The loss, its parts and its gradient. */
export interface A3CLoss {
  /** L, the sum over the rollout (see the module description). */
  readonly loss: number;
  /** ∂L/∂outputs, Float32Array `[rows · (actions + 1)]`; zero on rows ≥ n. */
  readonly gradient: Float32Array;
  /** Σ −log π(a_t|s_t) A_t. */
  readonly policyLoss: number;
  /** Σ ½ (R_t − V_t)², unweighted. */
  readonly valueLoss: number;
  /** Mean policy entropy over the rollout, in nats. */
  readonly entropy: number;
}

/**
 * The A3C loss of `outputs` and its gradient with respect to them.
 * @param outputs - Float32Array `[rows · (actions + 1)]`, rows ≥ n, row-major.
 * @returns the loss and `gradient` (same length as `outputs`). Non-finite inputs give
 *   non-finite results (the engine then skips the step).
 */
export function a3cLoss(outputs: Float32Array, input: A3CLossInput): A3CLoss {
  const { actions: A, steps: n, taken, returns, valueCoef, entropyCoef } = input;
  const C = A + 1;
  const gradient = new Float32Array(outputs.length);
  const p = new Float64Array(A);
  let policyLoss = 0;
  let valueLoss = 0;
  let entropySum = 0;
  for (let t = 0; t < n; t++) {
    const o = t * C;
    softmaxInto(outputs, o, A, p);
    const a = taken[t] as number;
    const v = outputs[o + A] as number;
    const R = returns[t] as number;
    const adv = R - v;
    const h = entropy(p, A);
    policyLoss -= ((outputs[o + a] as number) - logSumExp(outputs, o, A)) * adv;
    valueLoss += 0.5 * (R - v) * (R - v);
    entropySum += h;
    for (let k = 0; k < A; k++) {
      const pk = p[k] as number;
      const logp = pk > 0 ? Math.log(pk) : 0;
      gradient[o + k] = adv * (pk - (k === a ? 1 : 0)) + entropyCoef * pk * (logp + h);
    }
    gradient[o + A] = valueCoef * (v - R);
  }
  return {
    loss: policyLoss + valueCoef * valueLoss - entropyCoef * entropySum,
    gradient,
    policyLoss,
    valueLoss,
    entropy: n > 0 ? entropySum / n : 0,
  };
}
