/**
 * @internal The softmax cross-entropy of a readout's logits, in float64: the mean loss,
 * the accuracy, and the gradient of the mean loss with respect to the logits.
 */

/**
 * Mean softmax cross-entropy and accuracy of `logits` [batch, C] against the labels `y`
 * [batch]; writes dLoss/dLogits [batch, C] into `gl`.
 */
export function softmaxCrossEntropy(
  logits: Float32Array,
  gl: Float32Array,
  y: Int32Array,
  batch: number,
  C: number,
): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < batch; i++) {
    const row = i * C;
    let mx = -Infinity;
    let arg = 0;
    for (let c = 0; c < C; c++) {
      const v = logits[row + c] as number;
      if (v > mx) {
        mx = v;
        arg = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp((logits[row + c] as number) - mx);
    const label = y[i] as number;
    loss += Math.log(sum) - ((logits[row + label] as number) - mx);
    if (arg === label) correct++;
    for (let c = 0; c < C; c++) {
      const p = Math.exp((logits[row + c] as number) - mx) / sum;
      gl[row + c] = (p - (c === label ? 1 : 0)) / batch;
    }
  }
  return { loss: loss / batch, accuracy: correct / batch };
}
