import { initBackend, missingKernels, tf } from '@pathnet/backend';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { type Batch, createOptimizer, PathNet } from '../index.js';
import { conv2d, dense, grid } from './grids.js';

/**
 * A small conv grid in the shape of the paper's Atari grid (Sec. 3.3: conv layers of
 * several modules summed, ReLU, then a dense layer), sized to train 1,000 steps in seconds:
 * input [16, 16, 2]; conv 4 filters 4×4 stride 2 (→ 7×7×4); conv 4 filters 3×3 stride 1
 * (→ 5×5×4); dense 16; M = 4 modules per layer, N = 2 active.
 */
const smallConv = grid([16, 16, 2], [conv2d(4, 4, 2), conv2d(4, 3, 1), dense(16)], 4, 2);
const pathway = [
  [0, 3],
  [1, 2],
  [0, 2],
];
const H = 16;
const W = 16;
const CH = 2;
const PATCH = 4;

/**
 * Frames of noise U(0, 0.3) with a bright 4×4 patch (value 1, both channels); the class
 * says where the patch lies: 0 = left half (x in [0, 4]), 1 = right half (x in [8, 12]).
 */
function makeBatches(seed: number, count: number, batchSize: number): Batch[] {
  const rng = xoroshiro128plus(seed);
  const batches: Batch[] = [];
  for (let b = 0; b < count; b++) {
    const x = new Float32Array(batchSize * H * W * CH);
    const y = new Int32Array(batchSize);
    for (let i = 0; i < x.length; i++) x[i] = 0.3 * uniformFloat64(rng);
    for (let e = 0; e < batchSize; e++) {
      const label = uniformInt(rng, 0, 1);
      y[e] = label;
      const top = uniformInt(rng, 0, H - PATCH);
      const left = (label === 0 ? 0 : 8) + uniformInt(rng, 0, 4);
      for (let r = top; r < top + PATCH; r++) {
        for (let c = left; c < left + PATCH; c++) {
          for (let ch = 0; ch < CH; ch++) x[((e * H + r) * W + c) * CH + ch] = 1;
        }
      }
    }
    batches.push({ x, y, batchSize });
  }
  return batches;
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('conv pathway training on the wasm backend', () => {
  it('1,000 steps of a conv pathway run on wasm and lower the loss and raise the accuracy', async () => {
    await initBackend({ backend: 'wasm' });
    expect(missingKernels('wasm').conv2d).toEqual([]);
    const before = tf.memory().numTensors;
    const net = PathNet.create(smallConv, { seed: 3 });
    net.addReadout('patch', 2, 4);
    const opt = createOptimizer({
      kind: 'rmsprop',
      learningRate: 0.001,
      epsilon: 1e-4,
      clipNorm: 40,
    });
    // 100 distinct batches of 8 frames, cycled: 1,000 steps = 10 passes.
    const batches = makeBatches(11, 100, 8);
    const losses: number[] = [];
    const accuracies: number[] = [];
    for (let step = 0; step < 1000; step++) {
      const r = net.trainStep(pathway, 'patch', batches[step % batches.length]!, opt);
      losses.push(r.loss);
      accuracies.push(r.accuracy);
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(mean(losses.slice(-50))).toBeLessThan(mean(losses.slice(0, 50)));
    expect(mean(accuracies.slice(-50))).toBeGreaterThan(mean(accuracies.slice(0, 50)));
    net.dispose();
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});
