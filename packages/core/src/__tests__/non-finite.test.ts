import { initBackend, tf } from '@pathnet/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createOptimizer,
  NonFiniteError,
  type Optimizer,
  type OutputLossFn,
  PathNet,
  type PathNetConfig,
  presets,
} from '../index.js';
import { conv2d, dense, grid } from './grids.js';
import { bitEqual, snapshot, softmaxCrossEntropy } from './helpers.js';

const B = 2;
const C = 3;
const denseGrid = grid([4], [dense(5), dense(4, 'mean', 'linear')], 3, 2);
const conv = grid([5, 5, 2], [conv2d(2, 3, 1), dense(4)], 3, 2);
const pathway = [
  [0, 2],
  [1, 2],
];

/** Every module and the readout of task 'T'. */
const parameters = (net: PathNet) => [...snapshot(net).flat(2), ...net.readReadout('T')];

function build(config: PathNetConfig, engine: 'tfjs' | 'fused'): PathNet {
  const net = PathNet.create(config, { seed: 3, engine });
  net.addReadout('T', C, 4);
  return net;
}

function input(config: PathNetConfig): Float32Array {
  const n = B * config.inputShape.reduce((a, b) => a * b, 1);
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i + 1));
}

const y = Int32Array.from([0, 2]);

/**
 * Law: a rejected or skipped step changes nothing, optimizer state included. `bad` runs it on
 * one network, then both networks take the same good RMSProp step (whose update depends on the
 * optimizer's statistics): the parameters must be bit-identical to those of a network that
 * never saw the bad step.
 */
function expectNoTrace(
  config: PathNetConfig,
  engine: 'tfjs' | 'fused',
  bad: (net: PathNet, opt: Optimizer) => void,
): void {
  const nets = [build(config, engine), build(config, engine)] as const;
  const opts = nets.map(() => createOptimizer({ kind: 'rmsprop', learningRate: 0.01 }));
  const x = input(config);
  try {
    // A first good step so that the optimizer has state to protect.
    for (const [i, net] of nets.entries())
      net.trainStep(pathway, 'T', { x, y, batchSize: B }, opts[i]!);
    const before = parameters(nets[0]);
    bad(nets[0], opts[0]!);
    expect(bitEqual(parameters(nets[0]), before)).toBe(true);
    expect(opts[0]!.stateSize).toBe(opts[1]!.stateSize);
    for (const [i, net] of nets.entries())
      net.trainStep(pathway, 'T', { x, y, batchSize: B }, opts[i]!);
    expect(bitEqual(parameters(nets[0]), parameters(nets[1]))).toBe(true);
  } finally {
    for (const net of nets) net.dispose();
  }
}

function poisoned(config: PathNetConfig, index: number, value: number): Float32Array {
  const x = input(config);
  x[index] = value;
  return x;
}

for (const engine of ['tfjs', 'fused'] as const) {
  for (const [kind, config] of [
    ['dense', denseGrid],
    ['conv', conv],
  ] as const) {
    describe(`non-finite input, loss or gradient never reaches the grid [${engine}, ${kind}]`, () => {
      beforeAll(async () => {
        await initBackend({ backend: 'cpu' });
      });

      it('trainStep: NaN / ±Infinity in x throws NonFiniteError naming x and the first bad index, before any change', () => {
        for (const [index, value] of [
          [5, Number.NaN],
          [0, Number.POSITIVE_INFINITY],
          [7, Number.NEGATIVE_INFINITY],
        ] as const) {
          expectNoTrace(config, engine, (net, opt) => {
            const batch = { x: poisoned(config, index, value), y, batchSize: B };
            let error: unknown;
            try {
              net.trainStep(pathway, 'T', batch, opt);
            } catch (e) {
              error = e;
            }
            expect(error).toBeInstanceOf(NonFiniteError);
            expect((error as NonFiniteError).input).toBe('x');
            expect((error as NonFiniteError).index).toBe(index);
            expect((error as Error).message).toMatch(
              new RegExp(`^x\\[${index}\\]: expected a finite number`),
            );
          });
        }
      });

      it('trainConcurrently: a NaN in a later step throws before the first step runs', () => {
        expectNoTrace(config, engine, (net, opt) => {
          const good = { pathway, taskId: 'T', batch: { x: input(config), y, batchSize: B } };
          const bad = { ...good, batch: { ...good.batch, x: poisoned(config, 3, Number.NaN) } };
          expect(() => net.trainConcurrently([good, bad], opt)).toThrow(
            /^steps\[1\]\.batch\.x\[3\]: expected a finite number; got NaN/,
          );
        });
      });

      it('trainStepFromOutputGradient: NaN in x throws; a non-finite loss or output gradient skips the step', () => {
        expectNoTrace(config, engine, (net, opt) => {
          const ce = softmaxCrossEntropy(y);
          expect(() =>
            net.trainStepFromOutputGradient(
              pathway,
              'T',
              poisoned(config, 1, Number.NaN),
              B,
              ce,
              opt,
            ),
          ).toThrow(NonFiniteError);
        });
        const cases: [string, OutputLossFn][] = [
          ['NaN loss', (o) => ({ ...softmaxCrossEntropy(y)(o), loss: Number.NaN })],
          [
            'infinite loss',
            (o) => ({ ...softmaxCrossEntropy(y)(o), loss: Number.POSITIVE_INFINITY }),
          ],
          [
            'NaN in the gradient',
            (o) => {
              const r = softmaxCrossEntropy(y)(o);
              r.gradient[4] = Number.NaN;
              return r;
            },
          ],
          [
            '-Infinity in the gradient',
            (o) => {
              const r = softmaxCrossEntropy(y)(o);
              r.gradient[0] = Number.NEGATIVE_INFINITY;
              return r;
            },
          ],
        ];
        for (const [what, lossFn] of cases) {
          expectNoTrace(config, engine, (net, opt) => {
            const r = net.trainStepFromOutputGradient(pathway, 'T', input(config), B, lossFn, opt);
            expect(r.skipped, what).toBe(true);
          });
        }
      });

      it('trainStep: a loss that overflows to a non-finite value (huge but finite x) skips the step', () => {
        expectNoTrace(config, engine, (net, opt) => {
          const x = input(config).map((v) => v * 3e38);
          const r = net.trainStep(pathway, 'T', { x, y, batchSize: B }, opt);
          expect(r.skipped).toBe(true);
          expect(Number.isFinite(r.loss)).toBe(false);
        });
      });

      it('a good step reports skipped: false', () => {
        const net = build(config, engine);
        const opt = createOptimizer({ kind: 'sgd', learningRate: 0.1 });
        const x = input(config);
        expect(net.trainStep(pathway, 'T', { x, y, batchSize: B }, opt).skipped).toBe(false);
        const r = net.trainStepFromOutputGradient(pathway, 'T', x, B, softmaxCrossEntropy(y), opt);
        expect(r.skipped).toBe(false);
        net.dispose();
      });
    });
  }
}

describe("trainStepWithLoss (engine 'tfjs') never applies a non-finite step", () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it('NaN in x throws NonFiniteError; a NaN loss returns NaN and changes nothing', () => {
    expectNoTrace(denseGrid, 'tfjs', (net, opt) => {
      const loss = (o: tf.Tensor2D) => tf.sum(o) as tf.Scalar;
      expect(() =>
        net.trainStepWithLoss(pathway, 'T', poisoned(denseGrid, 2, Number.NaN), B, loss, opt),
      ).toThrow(NonFiniteError);
      const nan = (o: tf.Tensor2D) => tf.mul(tf.sum(o), Number.NaN) as tf.Scalar;
      expect(net.trainStepWithLoss(pathway, 'T', input(denseGrid), B, nan, opt)).toBeNaN();
    });
  });

  it('the Binary MNIST preset: NaN pixels are rejected on both engines, so evaluate never sees NaN modules', () => {
    for (const engine of ['tfjs', 'fused'] as const) {
      const net = PathNet.create(presets.binaryMnist(), { engine });
      net.addReadout('T', 2);
      const x = new Float32Array(784);
      x[400] = Number.NaN;
      const opt = createOptimizer({ kind: 'sgd', learningRate: 0.1 });
      const batch = { x, y: Int32Array.from([1]), batchSize: 1 };
      expect(() => net.trainStep([[0], [0], [0]], 'T', batch, opt)).toThrow(/x\[400\]/);
      expect(
        snapshot(net)
          .flat(3)
          .every((a) => a.every(Number.isFinite)),
      ).toBe(true);
      net.dispose();
    }
  });
});
