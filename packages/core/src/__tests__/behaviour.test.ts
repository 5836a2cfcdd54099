import { fc, test } from '@fast-check/vitest';
import { initBackend, MissingKernelError, tf } from '@pathnet/backend';
import { describe, expect, it } from 'vitest';
import { activeModules, createOptimizer, DisposedError, PathNet, presets } from '../index.js';
import { conv2d, dense, grid } from './grids.js';
import {
  arbDenseConfig,
  arbSmallCase,
  bitEqual,
  describeBackends,
  SMALL_CASE,
  snapshot,
} from './helpers.js';

const { batchSize: B, numClasses: C } = SMALL_CASE;

const conv = grid([8, 8, 2], [conv2d(3, 3, 1), conv2d(3, 3, 2), dense(4, 'mean')], 3, 2);
const convPathway = [[0, 2], [1], [0, 1]];
const convBatch = (() => {
  const n = 6;
  const x = new Float32Array(n * 8 * 8 * 2).map((_, i) => Math.sin(i * 0.37));
  const y = Int32Array.from({ length: n }, (_, i) => i % 2);
  return { x, y, batchSize: n };
})();

describe('activeModules', () => {
  test.prop([fc.array(fc.array(fc.nat(9), { maxLength: 5 }), { maxLength: 4 })])(
    'gives, per layer, the sorted distinct indices of the row',
    (pathway) => {
      const active = activeModules(pathway);
      expect(active.length).toBe(pathway.length);
      active.forEach((row, l) => {
        expect(row).toEqual([...new Set(pathway[l])].sort((a, b) => a - b));
      });
    },
    60_000,
  );
});

describe('conv modules [cpu]', () => {
  it('forward shapes follow valid padding, and training steps lower the loss', async () => {
    await initBackend({ backend: 'cpu' });
    const before = tf.memory().numTensors;
    const net = PathNet.create(conv, { seed: 5 });
    net.addReadout('A', 2, 1);
    expect(net.layerOutputShapes).toEqual([[6, 6, 3], [2, 2, 3], [4]]);
    const acts = net.activations(convPathway, convBatch.x, convBatch.batchSize);
    expect(acts.map((a) => a.length)).toEqual([6 * 108, 6 * 12, 6 * 4]);
    expect(net.predict(convPathway, 'A', convBatch.x, 6).length).toBe(12);
    const opt = createOptimizer({ kind: 'adam', learningRate: 0.01 });
    const first = net.trainStep(convPathway, 'A', convBatch, opt).loss;
    let last = first;
    for (let s = 0; s < 30; s++) last = net.trainStep(convPathway, 'A', convBatch, opt).loss;
    expect(last).toBeLessThan(first);
    net.dispose();
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('the Atari preset maps [84, 84, 4] to 20×20×8, 9×9×8, 7×7×8 and 50 units', async () => {
    await initBackend({ backend: 'cpu' });
    const net = PathNet.create(presets.atari(), { seed: 1 });
    net.addReadout('pong', 6);
    expect(net.layerOutputShapes).toEqual([[20, 20, 8], [9, 9, 8], [7, 7, 8], [50]]);
    const out = net.predict(
      [[0, 1, 2, 3], [4], [5, 6], [9]],
      'pong',
      new Float32Array(84 * 84 * 4),
      1,
    );
    expect(out.length).toBe(6);
    net.dispose();
  }, 60_000);
});

describe('conv modules [wasm]', () => {
  it('train, or fail before changing anything with a MissingKernelError naming the kernel', async () => {
    await initBackend({ backend: 'wasm' });
    const net = PathNet.create(conv, { seed: 5 });
    net.addReadout('A', 2, 1);
    const opt = createOptimizer({ kind: 'sgd', learningRate: 0.01 });
    const params = snapshot(net).flat(2);
    const missing = ['Conv2DBackpropFilter', 'Conv2DBackpropInput'].filter(
      (k) => tf.getKernel(k, 'wasm') === undefined,
    );
    if (missing.length > 0) {
      expect(() => net.trainStep(convPathway, 'A', convBatch, opt)).toThrow(MissingKernelError);
      expect(() => net.trainStep(convPathway, 'A', convBatch, opt)).toThrow(missing[0]!);
      expect(bitEqual(snapshot(net).flat(2), params)).toBe(true);
    } else {
      net.trainStep(convPathway, 'A', convBatch, opt);
      expect(bitEqual(snapshot(net).flat(2), params)).toBe(false);
    }
    net.dispose();
    opt.dispose();
  }, 60_000);
});

describe('deterministic initialisation', () => {
  test.prop([arbDenseConfig, fc.integer()], { numRuns: 10 })(
    'the same seed gives bit-identical parameters on cpu and wasm',
    async (config, seed) => {
      const values: Float32Array[][] = [];
      for (const backend of ['cpu', 'wasm']) {
        await initBackend({ backend });
        const net = PathNet.create(config, { seed });
        net.addReadout('A', 2);
        values.push([...snapshot(net).flat(2), ...net.readReadout('A')]);
        net.dispose();
      }
      expect(bitEqual(values[0]!, values[1]!)).toBe(true);
    },
    60_000,
  );
});

describeBackends('training', () => {
  test.prop([arbSmallCase], { numRuns: 20 })(
    'the hand-written dense gradient equals tfjs autodiff (per-module and concat layouts)',
    ({ config, pathway, x, y, seed }) => {
      const grads = (['per-module', 'per-module-autodiff', 'concat'] as const).map(
        (denseLayout) => {
          const net = PathNet.create(config, { seed, denseLayout });
          net.addReadout('T', C, 1);
          const g = net.computeGradients(pathway, 'T', { x, y, batchSize: B });
          net.dispose();
          return [...g.modules.flatMap((m) => m.grads), ...g.readout];
        },
      );
      for (const other of [grads[1]!, grads[2]!]) {
        expect(other.length).toBe(grads[0]!.length);
        other.forEach((a, i) => {
          a.forEach((v, j) => {
            const w = grads[0]![i]![j]!;
            expect(Math.abs(v - w)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(w)));
          });
        });
      }
    },
    60_000,
  );

  test.prop(
    [
      arbSmallCase,
      fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      fc.constantFrom(0.001, 0.1, 100),
    ],
    {
      numRuns: 20,
    },
  )(
    'SGD with clipping moves each trained parameter by −η·g·min(1, c/‖g‖), the norm taken over active trainable gradients only',
    ({ config, pathway, x, y, seed }, lr, clipNorm) => {
      const net = PathNet.create(config, { seed });
      net.addReadout('T', C, 2);
      const L = config.layers.length;
      // Freeze some module outside and maybe inside the pathway: its gradient must not count.
      net.freeze(
        Array.from({ length: L }, (_, l) => [Math.abs(l + seed) % config.modulesPerLayer]),
      );
      const opt = createOptimizer({ kind: 'sgd', learningRate: lr, clipNorm });
      try {
        const g = net.computeGradients(pathway, 'T', { x, y, batchSize: B });
        const flat = [...g.modules.flatMap((m) => m.grads), ...g.readout];
        const norm = Math.sqrt(flat.reduce((s, a) => s + a.reduce((t, v) => t + v * v, 0), 0));
        const scale = Math.min(1, clipNorm / norm);
        const before = [
          ...g.modules.flatMap((m) => net.readModule(m.layer, m.module)),
          ...net.readReadout('T'),
        ];
        net.trainStep(pathway, 'T', { x, y, batchSize: B }, opt);
        const after = [
          ...g.modules.flatMap((m) => net.readModule(m.layer, m.module)),
          ...net.readReadout('T'),
        ];
        before.forEach((w, i) => {
          w.forEach((v, j) => {
            const want = v - lr * scale * flat[i]![j]!;
            expect(Math.abs(after[i]![j]! - want)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(want)));
          });
        });
      } finally {
        net.dispose();
        opt.dispose();
      }
    },
    60_000,
  );

  test.prop([arbSmallCase, fc.double({ min: 0, max: 0.5, noNaN: true }), fc.integer()], {
    numRuns: 20,
  })(
    'copyModule copies a module onto another, within the perturbation, and only there',
    ({ config, seed }, perturbation, noiseSeed) => {
      const net = PathNet.create(config, { seed });
      const M = config.modulesPerLayer;
      const layer = Math.abs(seed) % config.layers.length;
      const from = Math.abs(noiseSeed) % M;
      const to = (from + 1) % M;
      const before = snapshot(net);
      net.copyModule(layer, from, to, { perturbation, seed: noiseSeed });
      const after = snapshot(net);
      after.forEach((row, l) => {
        row.forEach((mod, m) => {
          if (l === layer && m === to) {
            mod.forEach((a, i) => {
              a.forEach((v, j) => {
                expect(Math.abs(v - before[layer]![from]![i]![j]!)).toBeLessThanOrEqual(
                  perturbation + 1e-6,
                );
              });
            });
          } else {
            expect(bitEqual(mod, before[l]![m]!)).toBe(true);
          }
        });
      });
      net.dispose();
    },
    60_000,
  );

  it('a caller-supplied loss trains the readout outputs and respects frozen modules', () => {
    const config = presets.binaryMnist({ inputShape: [6], units: 4 });
    const net = PathNet.create(config, { seed: 4 });
    net.addReadout('V', 1, 1);
    const pathway = [[0, 1], [2, 3], [4]];
    net.freeze([[0], [2], [4]]);
    const frozen = [net.readModule(0, 0), net.readModule(1, 2), net.readModule(2, 4)];
    const x = new Float32Array(12).map((_, i) => (i % 5) / 5);
    const opt = createOptimizer({ kind: 'rmsprop', learningRate: 0.01, clipNorm: 40 });
    const target = tf.tensor2d([[1], [-1]]);
    const loss = (out: tf.Tensor2D) => tf.mean(tf.square(tf.sub(out, target))) as tf.Scalar;
    const first = net.trainStepWithLoss(pathway, 'V', x, 2, loss, opt);
    let last = first;
    for (let s = 0; s < 30; s++) last = net.trainStepWithLoss(pathway, 'V', x, 2, loss, opt);
    expect(last).toBeLessThan(first);
    expect(bitEqual(net.readModule(0, 0), frozen[0]!)).toBe(true);
    expect(bitEqual(net.readModule(1, 2), frozen[1]!)).toBe(true);
    expect(bitEqual(net.readModule(2, 4), frozen[2]!)).toBe(true);
    target.dispose();
    net.dispose();
    opt.dispose();
  }, 60_000);

  it('dispose frees every tensor and later calls throw DisposedError', () => {
    const before = tf.memory().numTensors;
    const net = PathNet.create(presets.binaryMnist({ inputShape: [5] }), { seed: 1 });
    net.addReadout('A', 2);
    net.addReadout('B', 3);
    net.removeReadout('B');
    expect(tf.memory().numTensors).toBe(before + net.numParameterTensors);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => net.predict([[0], [0], [0]], 'A', new Float32Array(5), 1)).toThrow(DisposedError);
  }, 60_000);
});
