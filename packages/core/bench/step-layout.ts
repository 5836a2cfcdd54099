/**
 * Measures steps/s of the binary-MNIST pathway training step (L=3, M=10, N=3, dense 20
 * ReLU units, batch 16, SGD) on the cpu and wasm backends, for three parameter layouts:
 *   per-module           one variable per module, one matMul per active module,
 *                        hand-written layer gradient (the default);
 *   per-module-autodiff  the same, differentiated by tfjs;
 *   concat               one variable per module, active kernels concatenated into one matMul;
 *   gather      one variable per layer [M, in, units], active modules picked by tf.gather.
 * Run: `npm run bench -w packages/core`.
 */
import { initBackend, tf } from '@pathnet/backend';
import { createOptimizer, type DenseLayout, PathNet, presets } from '../src/index.js';

const B = 16;
const WARMUP = Number(process.env.WARMUP ?? 100);
const STEPS = Number(process.env.STEPS ?? 300);
const x = new Float32Array(B * 784);
const y = new Int32Array(B);
for (let i = 0; i < B; i++) {
  y[i] = i % 2;
  for (let j = 0; j < 784; j++) x[i * 784 + j] = ((i * 7919 + j * 104729) % 1000) / 1000;
}
const pathways = [
  [
    [0, 1, 2],
    [3, 4, 5],
    [6, 7, 8],
  ],
  [
    [9, 1, 4],
    [0, 2, 8],
    [1, 3, 5],
  ],
];

/** steps/s of one timed run (after its own warm-up). */
function benchLayout(layout: DenseLayout): number {
  const net = PathNet.create(presets.binaryMnist(), { seed: 1, denseLayout: layout });
  net.addReadout('A', 2, 1);
  const opt = createOptimizer({ kind: 'sgd', learningRate: 0.01 });
  for (let s = 0; s < WARMUP; s++)
    net.trainStep(pathways[s % 2]!, 'A', { x, y, batchSize: B }, opt);
  const t0 = performance.now();
  for (let s = 0; s < STEPS; s++) net.trainStep(pathways[s % 2]!, 'A', { x, y, batchSize: B }, opt);
  const dt = (performance.now() - t0) / 1000;
  net.dispose();
  opt.dispose();
  return STEPS / dt;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

/** The rejected layout: one [M, in, units] variable per layer, tf.gather of the active modules. */
function benchGather(): number {
  const M = 10;
  const dims = [784, 20, 20, 20];
  const Ws = [0, 1, 2].map((l) =>
    tf.variable(tf.randomUniform([M, dims[l]!, 20], -0.1, 0.1, 'float32', l)),
  );
  const bs = [0, 1, 2].map(() => tf.variable(tf.zeros([M, 20])));
  const R = tf.variable(tf.randomUniform([20, 2], -0.1, 0.1, 'float32', 9));
  const opt = createOptimizer({ kind: 'sgd', learningRate: 0.01 });
  const vars = [...Ws, ...bs, R];
  const step = (p: number[][]) => {
    tf.tidy(() => {
      const xT = tf.tensor2d(x, [B, 784]);
      const oneHot = tf.oneHot(tf.tensor1d(y, 'int32'), 2);
      const { grads } = tf.variableGrads(() => {
        let h: tf.Tensor = xT;
        p.forEach((row, l) => {
          const idx = tf.tensor1d(row, 'int32');
          const W = tf.gather(Ws[l]!, idx); // [k, in, u]
          const b = tf.gather(bs[l]!, idx); // [k, u]
          const hk = tf.tile(tf.expandDims(h, 0), [row.length, 1, 1]); // [k, B, in]
          const z = tf.relu(
            tf.add(tf.matMul(hk as tf.Tensor3D, W as tf.Tensor3D), tf.expandDims(b, 1)),
          );
          h = tf.sum(z, 0);
          if (l === 2) h = tf.div(h, row.length);
        });
        return tf.losses.softmaxCrossEntropy(oneHot, tf.matMul(h as tf.Tensor2D, R)) as tf.Scalar;
      }, vars);
      opt.applyGradients(
        vars,
        vars.map((v) => grads[v.name]!),
      );
    });
  };
  for (let s = 0; s < Math.ceil(WARMUP / 5); s++) step(pathways[s % 2]!);
  const t0 = performance.now();
  // gather trains at a few steps/s on cpu: time fewer steps.
  const steps = Math.ceil(STEPS / 5);
  for (let s = 0; s < steps; s++) step(pathways[s % 2]!);
  const dt = (performance.now() - t0) / 1000;
  tf.dispose(vars);
  opt.dispose();
  return steps / dt;
}

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const rows: string[] = [];
for (const backend of ['cpu', 'wasm']) {
  await initBackend({ backend });
  const layouts: DenseLayout[] = ['per-module', 'per-module-autodiff', 'concat'];
  const runs = new Map<string, number[]>(layouts.map((l) => [l, []]));
  runs.set('gather', []);
  let gatherError: string | undefined;
  // Interleave the layouts round by round so that load changes hit all of them alike.
  for (let r = 0; r < ROUNDS; r++) {
    for (const l of layouts) runs.get(l)!.push(benchLayout(l));
    if (gatherError === undefined) {
      try {
        runs.get('gather')!.push(benchGather());
      } catch (e) {
        gatherError = `fails: ${(e as Error).message.split('\n')[0]}`;
      }
    }
  }
  const cell = (name: string) => {
    const v = runs.get(name)!;
    return v.length === 0
      ? (gatherError ?? 'n/a')
      : `${median(v).toFixed(0)} (${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)})`;
  };
  rows.push(
    `| ${backend} | ${cell('per-module')} | ${cell('per-module-autodiff')} | ${cell('concat')} | ${cell('gather')} |`,
  );
}
console.log(
  `binary-MNIST pathway step (L=3, M=10, N=3, 20 units, B=${B}, SGD): steps/s, median (min–max) of ${ROUNDS} runs of ${STEPS} steps`,
);
console.log('| backend | per-module (default) | per-module-autodiff | concat | gather |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(r);
