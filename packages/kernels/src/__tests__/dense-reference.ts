// A plain-JS float64 reference of one PathNet dense pathway training step,
// written from the definitions (PathNet section 2.1; tfjs optimizer formulas).
import type { DenseOptimizerSpec } from '../index.js';

export interface RefLayer {
  inSize: number;
  units: number;
  mean: boolean;
  relu: boolean;
  /** weights[m] [in * units], bias[m] [units] */
  weights: Float64Array[];
  bias: Float64Array[];
}

export interface RefModel {
  layers: RefLayer[];
  readoutW: Float64Array; // [U_L, C]
  readoutB: Float64Array; // [C]
  classes: number;
  /** Optimizer state per parameter array, keyed by the array. */
  state: Map<Float64Array, Float64Array[]>;
  adamStep: number;
}

export interface RefStep {
  active: number[][];
  x: Float32Array;
  y: Int32Array;
  optimizer: DenseOptimizerSpec;
  trainable: boolean[][];
  trainReadout: boolean;
}

function forward(model: RefModel, active: number[][], x: Float32Array, B: number) {
  const inputs: Float64Array[] = [];
  const outs: Float64Array[][] = [];
  let h = Float64Array.from(x);
  model.layers.forEach((layer, l) => {
    inputs.push(h);
    const mods = [...new Set(active[l])].sort((a, b) => a - b);
    const next = new Float64Array(B * layer.units);
    const layerOuts: Float64Array[] = [];
    for (const m of mods) {
      const W = layer.weights[m] as Float64Array;
      const b = layer.bias[m] as Float64Array;
      const a = new Float64Array(B * layer.units);
      for (let i = 0; i < B; i++) {
        for (let j = 0; j < layer.units; j++) {
          let s = b[j] as number;
          for (let p = 0; p < layer.inSize; p++) {
            s += (h[i * layer.inSize + p] as number) * (W[p * layer.units + j] as number);
          }
          a[i * layer.units + j] = layer.relu ? Math.max(s, 0) : s;
        }
      }
      layerOuts.push(a);
      for (let t = 0; t < a.length; t++) next[t] = (next[t] as number) + (a[t] as number);
    }
    if (layer.mean)
      for (let t = 0; t < next.length; t++) next[t] = (next[t] as number) / mods.length;
    outs.push(layerOuts);
    h = next;
  });
  const C = model.classes;
  const U = h.length / B;
  const logits = new Float64Array(B * C);
  for (let i = 0; i < B; i++)
    for (let c = 0; c < C; c++) {
      let s = model.readoutB[c] as number;
      for (let p = 0; p < U; p++)
        s += (h[i * U + p] as number) * (model.readoutW[p * C + c] as number);
      logits[i * C + c] = s;
    }
  return { inputs, outs, last: h, logits };
}

/** Logits [B, C] of the reference model. */
export function refForward(
  model: RefModel,
  active: number[][],
  x: Float32Array,
  B: number,
): Float64Array {
  return forward(model, active, x, B).logits;
}

/** One training step on the reference model (mutates it); returns loss and accuracy. */
export function refTrainStep(
  model: RefModel,
  step: RefStep,
): { loss: number; accuracy: number; margin: number; gradNorm: number } {
  const B = step.y.length;
  const C = model.classes;
  const { inputs, outs, last, logits } = forward(model, step.active, step.x, B);
  let loss = 0;
  let correct = 0;
  let margin = Infinity;
  const gLogits = new Float64Array(B * C);
  for (let i = 0; i < B; i++) {
    const row = Array.from(logits.subarray(i * C, (i + 1) * C));
    const mx = Math.max(...row);
    const z = row.reduce((s, v) => s + Math.exp(v - mx), 0);
    const label = step.y[i] as number;
    loss += Math.log(z) - ((row[label] as number) - mx);
    if (row.indexOf(mx) === label) correct++;
    const sorted = [...row].sort((a, b) => b - a);
    margin = Math.min(margin, (sorted[0] as number) - (sorted[1] ?? -Infinity));
    row.forEach((v, c) => {
      gLogits[i * C + c] = (Math.exp(v - mx) / z - (c === label ? 1 : 0)) / B;
    });
  }
  const grads: [Float64Array, Float64Array][] = [];
  const U = last.length / B;
  // readout
  const gRW = new Float64Array(U * C);
  const gRB = new Float64Array(C);
  const gh = new Float64Array(B * U);
  for (let i = 0; i < B; i++)
    for (let c = 0; c < C; c++) {
      const g = gLogits[i * C + c] as number;
      gRB[c] = (gRB[c] as number) + g;
      for (let p = 0; p < U; p++) {
        gRW[p * C + c] = (gRW[p * C + c] as number) + (last[i * U + p] as number) * g;
        gh[i * U + p] = (gh[i * U + p] as number) + g * (model.readoutW[p * C + c] as number);
      }
    }
  if (step.trainReadout) grads.push([model.readoutW, gRW], [model.readoutB, gRB]);
  let gHidden = gh;
  for (let l = model.layers.length - 1; l >= 0; l--) {
    const layer = model.layers[l] as RefLayer;
    const mods = [...new Set(step.active[l])].sort((a, b) => a - b);
    const coef = layer.mean ? 1 / mods.length : 1;
    const input = inputs[l] as Float64Array;
    const gIn = new Float64Array(B * layer.inSize);
    mods.forEach((m, s) => {
      const a = (outs[l] as Float64Array[])[s] as Float64Array;
      const W = layer.weights[m] as Float64Array;
      const gz = gHidden.map((g, t) => (layer.relu && !((a[t] as number) > 0) ? 0 : g * coef));
      const gW = new Float64Array(W.length);
      const gb = new Float64Array(layer.units);
      for (let i = 0; i < B; i++)
        for (let j = 0; j < layer.units; j++) {
          const g = gz[i * layer.units + j] as number;
          gb[j] = (gb[j] as number) + g;
          for (let p = 0; p < layer.inSize; p++) {
            gW[p * layer.units + j] =
              (gW[p * layer.units + j] as number) + (input[i * layer.inSize + p] as number) * g;
            gIn[i * layer.inSize + p] =
              (gIn[i * layer.inSize + p] as number) + g * (W[p * layer.units + j] as number);
          }
        }
      if (step.trainable[l]?.[m] ?? true) grads.push([W, gW], [layer.bias[m] as Float64Array, gb]);
    });
    gHidden = gIn;
  }
  const opt = step.optimizer;
  const norm = Math.sqrt(grads.reduce((s, [, g]) => s + g.reduce((t, v) => t + v * v, 0), 0));
  const factor = opt.clipNorm !== undefined && norm > opt.clipNorm ? opt.clipNorm / norm : 1;
  if (opt.type === 'adam') model.adamStep++;
  for (const [p, g0] of grads) {
    const g = g0.map((v) => v * factor);
    let st = model.state.get(p);
    if (st === undefined) {
      st = [new Float64Array(p.length), new Float64Array(p.length)];
      model.state.set(p, st);
    }
    const [s0, s1] = st as [Float64Array, Float64Array];
    for (let t = 0; t < p.length; t++) {
      const gv = g[t] as number;
      if (opt.type === 'sgd') {
        p[t] = (p[t] as number) - opt.learningRate * gv;
      } else if (opt.type === 'rmsprop') {
        const decay = opt.decay ?? 0.9;
        s0[t] = decay * (s0[t] as number) + (1 - decay) * gv * gv;
        s1[t] =
          (opt.momentum ?? 0) * (s1[t] as number) +
          (opt.learningRate * gv) / Math.sqrt((s0[t] as number) + (opt.epsilon ?? 1e-7));
        p[t] = (p[t] as number) - (s1[t] as number);
      } else {
        const b1 = opt.beta1 ?? 0.9;
        const b2 = opt.beta2 ?? 0.999;
        s0[t] = b1 * (s0[t] as number) + (1 - b1) * gv;
        s1[t] = b2 * (s1[t] as number) + (1 - b2) * gv * gv;
        const mh = (s0[t] as number) / (1 - b1 ** model.adamStep);
        const vh = (s1[t] as number) / (1 - b2 ** model.adamStep);
        p[t] = (p[t] as number) - (opt.learningRate * mh) / (Math.sqrt(vh) + (opt.epsilon ?? 1e-7));
      }
    }
  }
  return { loss: loss / B, accuracy: correct / B, margin, gradNorm: norm };
}
