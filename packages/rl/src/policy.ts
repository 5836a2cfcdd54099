/**
 * The policy head: a softmax over the first `actions` outputs of a row of the
 * readout (the last output is the value), and sampling from it.
 *
 * @packageDocumentation
 */

/**
 * Softmax of `outputs[offset … offset + actions)`, numerically stable (max subtracted).
 * @param out - receives the `actions` probabilities (Float64Array [≥ actions]).
 * @returns `out`.
 */
export function softmaxInto(
  outputs: ArrayLike<number>,
  offset: number,
  actions: number,
  out: Float64Array,
): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let a = 0; a < actions; a++) max = Math.max(max, outputs[offset + a] as number);
  let sum = 0;
  for (let a = 0; a < actions; a++) {
    const e = Math.exp((outputs[offset + a] as number) - max);
    out[a] = e;
    sum += e;
  }
  for (let a = 0; a < actions; a++) out[a] = (out[a] as number) / sum;
  return out;
}

/** log Σ_a exp(outputs[offset + a]) over `actions` outputs, numerically stable. */
export function logSumExp(outputs: ArrayLike<number>, offset: number, actions: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let a = 0; a < actions; a++) max = Math.max(max, outputs[offset + a] as number);
  let sum = 0;
  for (let a = 0; a < actions; a++) sum += Math.exp((outputs[offset + a] as number) - max);
  return max + Math.log(sum);
}

/**
 * Draws an action from probabilities `p[0 … actions)` with one uniform number
 * `u` in [0, 1) (inverse CDF; a NaN probability row gives the last action).
 */
export function sampleAction(p: Float64Array, actions: number, u: number): number {
  let c = 0;
  for (let a = 0; a < actions - 1; a++) {
    c += p[a] as number;
    if (u < c) return a;
  }
  return actions - 1;
}

/** Entropy −Σ p log p of probabilities `p[0 … actions)`, in nats (0·log 0 counts as 0). */
export function entropy(p: Float64Array, actions: number): number {
  let h = 0;
  for (let a = 0; a < actions; a++) {
    const q = p[a] as number;
    if (q > 0) h -= q * Math.log(q);
  }
  return h;
}
