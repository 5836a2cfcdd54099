import { tf } from '@pathnet/backend';
import type { Activation, Reduction } from './config.js';

/**
 * Derivative of the activation expressed through its output `a`, times `dy`.
 * relu: 1[a > 0]; tanh: 1 − a²; sigmoid: a (1 − a); linear: 1.
 */
function activationGrad(dy: tf.Tensor, a: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'relu':
      return tf.mul(dy, tf.step(a));
    case 'tanh':
      return tf.mul(dy, tf.sub(1, tf.square(a)));
    case 'sigmoid':
      return tf.mul(dy, tf.mul(a, tf.sub(1, a)));
    case 'linear':
      return dy;
  }
}

/** Applies a module non-linearity. */
export function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'linear':
      return x;
  }
}

/**
 * One dense layer over k active modules with a hand-written gradient:
 * `y = reduce_i act(x · K_i + b_i)`, reduce = sum or mean (÷ k).
 *
 * Backward: `dz_i = dy · s · act'(a_i)` (s = 1/k for mean), `dK_i = xᵀ · dz_i`,
 * `db_i = Σ_batch dz_i`, `dx = Σ_i dz_i · K_iᵀ` (skipped, returned as zeros, when
 * `needInputGrad` is false, i.e. for the first layer). On wasm, xᵀ is computed once and all
 * kernel gradients come from one plain matMul, because tfjs 4.22's wasm BatchMatMul is
 * several times slower with `transposeA`/`transposeB`; on other backends the transposed
 * matMuls are used directly (measured; see the README).
 *
 * @param x Tensor2D [B, in]; kernels k × [in, units]; biases k × [units].
 * @returns Tensor2D [B, units].
 */
export function denseLayer(
  x: tf.Tensor2D,
  kernels: readonly tf.Tensor[],
  biases: readonly tf.Tensor[],
  activation: Activation,
  reduction: Reduction,
  needInputGrad: boolean,
): tf.Tensor2D {
  const k = kernels.length;
  const scale = reduction === 'mean' && k > 1 ? 1 / k : 1;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const xin = args[0] as tf.Tensor2D;
    const ks = args.slice(1, 1 + k) as tf.Tensor2D[];
    const bs = args.slice(1 + k, 1 + 2 * k) as tf.Tensor[];
    const outs = ks.map((K, i) => activate(tf.add(tf.matMul(xin, K), bs[i]!), activation));
    let value = outs.length === 1 ? outs[0]! : tf.addN(outs);
    if (scale !== 1) value = tf.mul(value, scale);
    save([xin, ...ks, ...outs]);
    return {
      value: value as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const xs = saved[0] as tf.Tensor2D;
        const kSaved = saved.slice(1, 1 + k) as tf.Tensor2D[];
        const aSaved = saved.slice(1 + k);
        const dys = scale === 1 ? dy : tf.mul(dy, scale);
        const dzs = aSaved.map((a) => activationGrad(dys, a, activation) as tf.Tensor2D);
        const dbs = dzs.map((dz) => tf.sum(dz, 0));
        let dKs: tf.Tensor[];
        let dx: tf.Tensor;
        if (tf.getBackend() === 'wasm') {
          // wasm: transposed matMuls are slow, so transpose explicitly, once, and compute
          // every module's kernel gradient in one matMul: xᵀ · [dz_1 | … | dz_k], then split.
          const xT = tf.transpose(xs) as tf.Tensor2D;
          dKs =
            k === 1 ? [tf.matMul(xT, dzs[0]!)] : tf.split(tf.matMul(xT, tf.concat(dzs, 1)), k, 1);
          if (needInputGrad) {
            const parts = dzs.map((dz, i) =>
              tf.matMul(dz, tf.transpose(kSaved[i]!) as tf.Tensor2D),
            );
            dx = parts.length === 1 ? parts[0]! : tf.addN(parts);
          } else {
            dx = tf.zerosLike(xs);
          }
        } else {
          // cpu (and native backends): matMul handles transposes itself; concat/split are slow.
          dKs = dzs.map((dz) => tf.matMul(xs, dz, true, false));
          if (needInputGrad) {
            const parts = dzs.map((dz, i) => tf.matMul(dz, kSaved[i]!, false, true));
            dx = parts.length === 1 ? parts[0]! : tf.addN(parts);
          } else {
            dx = tf.zerosLike(xs);
          }
        }
        return [dx, ...dKs, ...dbs];
      },
    };
  });
  return op(x, ...kernels, ...biases) as tf.Tensor2D;
}
