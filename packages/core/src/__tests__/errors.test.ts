import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createOptimizer,
  DuplicateReadoutError,
  FrozenModuleError,
  InvalidConfigError,
  InvalidOptimizerError,
  InvalidPathwayError,
  PathNet,
  type PathNetConfig,
  presets,
  ShapeMismatchError,
  UnknownReadoutError,
} from '../index.js';
import { conv2d, dense, grid } from './grids.js';
import { bitEqual, describeBackends, snapshot } from './helpers.js';

const small = grid([4], [dense(3), dense(2, 'mean')], 4, 2);
const good = [[0, 1], [2]];
const batch = { x: new Float32Array(8).fill(0.5), y: Int32Array.from([0, 1]), batchSize: 2 };

describe('bad configs throw InvalidConfigError naming the field, given and expected', () => {
  const cases: [string, unknown, RegExp][] = [
    [
      'N > M',
      { ...small, maxActivePerLayer: 5 },
      /maxActivePerLayer \(N\): expected N ≤ M = 4; got N = 5/,
    ],
    [
      'unknown module kind',
      { ...small, layers: [{ ...small.layers[0], module: { kind: 'lstm', units: 3 } }] },
      /module\.kind: unknown module kind "lstm"; expected 'dense' \| 'conv2d'/,
    ],
    [
      'zero units',
      { ...small, layers: [{ ...small.layers[0], module: { kind: 'dense', units: 0 } }] },
      /units: expected a positive integer; got 0/,
    ],
    ['no layers', { ...small, layers: [] }, /config\.layers: expected a non-empty array/],
    [
      'bad input shape',
      { ...small, inputShape: [0] },
      /inputShape: expected a non-empty array of positive integers; got \[0\]/,
    ],
    [
      'unknown activation',
      { ...small, layers: [{ ...small.layers[0], activation: 'gelu' }] },
      /activation: expected one of .*; got "gelu"/,
    ],
    [
      'unknown reduction',
      { ...small, layers: [{ ...small.layers[0], reduction: 'max' }] },
      /reduction: expected 'sum' \| 'mean'; got "max"/,
    ],
    [
      'conv after a flat input',
      {
        ...small,
        layers: [conv2d(2, 3, 1)],
      },
      /conv2d needs a rank-3 \[H, W, C\] input; got input shape \[4\]/,
    ],
    [
      'conv kernel larger than the input',
      {
        ...small,
        inputShape: [4, 4, 1],
        layers: [conv2d(2, 5, 1)],
      },
      /gives an empty output/,
    ],
  ];
  for (const [name, config, message] of cases) {
    it(name, () => {
      expect(() => PathNet.create(config as PathNetConfig)).toThrow(InvalidConfigError);
      expect(() => PathNet.create(config as PathNetConfig)).toThrow(message);
    });
  }
});

describe('bad engine options throw InvalidConfigError naming the option', () => {
  const cases: [string, object, RegExp][] = [
    ['threads 0', { threads: 0 }, /options\.threads: expected an integer ≥ 1 or 'auto'; got 0/],
    ['threads 1.5', { threads: 1.5 }, /options\.threads/],
    ['concurrency 0', { concurrency: 0 }, /options\.concurrency: expected an integer ≥ 1; got 0/],
    ['concurrency NaN', { concurrency: Number.NaN }, /options\.concurrency/],
  ];
  for (const [name, options, message] of cases) {
    it(name, () => {
      const create = () => PathNet.create(presets.binaryMnist(), { engine: 'fused', ...options });
      expect(create).toThrow(InvalidConfigError);
      expect(create).toThrow(message);
    });
  }
});

describe('bad optimizer configs throw InvalidOptimizerError', () => {
  it('unknown kind, non-positive learning rate, momentum ≥ 1', () => {
    expect(() => createOptimizer({ kind: 'adagrad', learningRate: 1 } as never)).toThrow(
      InvalidOptimizerError,
    );
    expect(() => createOptimizer({ kind: 'sgd', learningRate: 0 })).toThrow(
      /learningRate: expected a number in \(0, Infinity\); got 0/,
    );
    expect(() => createOptimizer({ kind: 'sgd', learningRate: 0.1, momentum: 1 })).toThrow(
      /momentum/,
    );
  }, 60_000);
});

describeBackends('bad input', () => {
  let net: PathNet;
  beforeEach(() => {
    net = PathNet.create(small, { seed: 3 });
    net.addReadout('A', 2, 1);
  });
  afterEach(() => {
    net.dispose();
  });

  /** `f` throws `error` with `message`, and no parameter or optimizer state changed. */
  function expectNothingChanged(
    f: () => unknown,
    error: new (...a: never[]) => Error,
    message: RegExp,
    o?: ReturnType<typeof createOptimizer>,
  ) {
    const before = snapshot(net);
    const readout = net.readReadout('A');
    expect(f).toThrow(error);
    expect(f).toThrow(message);
    expect(bitEqual(snapshot(net).flat(2), before.flat(2))).toBe(true);
    expect(bitEqual(net.readReadout('A'), readout)).toBe(true);
    if (o) expect(o.stateSize).toBe(0);
  }

  const opt = () => createOptimizer({ kind: 'sgd', learningRate: 0.1 });

  it('a genotype index outside [0, M) throws InvalidPathwayError', () => {
    const o = opt();
    expectNothingChanged(
      () => net.trainStep([[0, 4], [2]], 'A', batch, o),
      InvalidPathwayError,
      /pathway\[0\]\[1\]: expected a module index in \[0, 4\); got 4/,
      o,
    );
    expectNothingChanged(
      () => net.predict([[-1], [2]], 'A', batch.x, 2),
      InvalidPathwayError,
      /got -1/,
    );
    o.dispose();
  }, 60_000);

  it('more than N modules in a layer, or the wrong number of layers, throws InvalidPathwayError', () => {
    const o = opt();
    expectNothingChanged(
      () => net.trainStep([[0, 1, 2], [2]], 'A', batch, o),
      InvalidPathwayError,
      /pathway\[0\]: expected 1\.\.2 module indices \(N = 2\); got 3/,
      o,
    );
    expectNothingChanged(
      () => net.trainStep([[0]], 'A', batch, o),
      InvalidPathwayError,
      /expected 2 rows \(one per layer\); got 1/,
      o,
    );
    expectNothingChanged(() => net.freeze([[0], []]), InvalidPathwayError, /got 0/);
    expect(net.frozenModules().flat().some(Boolean)).toBe(false);
    o.dispose();
  }, 60_000);

  it('an input of the wrong length throws ShapeMismatchError', () => {
    const o = opt();
    expectNothingChanged(
      () => net.trainStep(good, 'A', { ...batch, x: new Float32Array(7) }, o),
      ShapeMismatchError,
      /x: expected Float32Array of length 8 \(batchSize 2 × input \[4\]\); got length 7/,
      o,
    );
    expectNothingChanged(
      () => net.predict(good, 'A', new Float32Array(5), 1),
      ShapeMismatchError,
      /expected Float32Array of length 4/,
      o,
    );
    expectNothingChanged(
      () => net.trainStep(good, 'A', { ...batch, y: Int32Array.from([0]) }, o),
      ShapeMismatchError,
      /y: expected Int32Array of length 2/,
      o,
    );
    expectNothingChanged(
      () => net.trainStep(good, 'A', { ...batch, y: Int32Array.from([0, 2]) }, o),
      ShapeMismatchError,
      /y\[1\]: expected a class in \[0, 2\); got 2/,
      o,
    );
    o.dispose();
  }, 60_000);

  it('an unknown readout task id throws UnknownReadoutError listing the known ones', () => {
    const o = opt();
    expectNothingChanged(
      () => net.trainStep(good, 'B', batch, o),
      UnknownReadoutError,
      /no readout for "B"; known task ids: "A"/,
      o,
    );
    expect(() => net.removeReadout('B')).toThrow(UnknownReadoutError);
    expect(() => net.addReadout('A', 2)).toThrow(DuplicateReadoutError);
    o.dispose();
  }, 60_000);

  it('writing or copying onto a frozen module throws FrozenModuleError', () => {
    net.freeze(good);
    expectNothingChanged(
      () => net.copyModule(0, 2, 1),
      FrozenModuleError,
      /module 1 of layer 0 is frozen/,
    );
    expectNothingChanged(
      () => net.writeModule(1, 2, net.readModule(1, 0)),
      FrozenModuleError,
      /module 2 of layer 1 is frozen/,
    );
  }, 60_000);
});

describe('presets', () => {
  it('binary MNIST: L=3, M=10, N=3, dense 20 ReLU, hidden sum, last mean', () => {
    const c = presets.binaryMnist();
    expect(c.inputShape).toEqual([784]);
    expect([c.layers.length, c.modulesPerLayer, c.maxActivePerLayer]).toEqual([3, 10, 3]);
    expect(c.layers.map((l) => [l.module, l.activation, l.reduction])).toEqual([
      [{ kind: 'dense', units: 20 }, 'relu', 'sum'],
      [{ kind: 'dense', units: 20 }, 'relu', 'sum'],
      [{ kind: 'dense', units: 20 }, 'relu', 'mean'],
    ]);
  }, 60_000);
  it('CIFAR/SVHN: L=3, M=20, N=5', () => {
    const c = presets.cifarSvhn();
    expect([c.layers.length, c.modulesPerLayer, c.maxActivePerLayer]).toEqual([3, 20, 5]);
  }, 60_000);
  it('Atari: L=4, M=10, N=4, conv 8 filters kernel 8/4/3 stride 4/2/1, dense 50, input [84,84,4]', () => {
    const c = presets.atari();
    expect([c.layers.length, c.modulesPerLayer, c.maxActivePerLayer]).toEqual([4, 10, 4]);
    expect(c.inputShape).toEqual([84, 84, 4]);
    expect(c.layers.map((l) => l.module)).toEqual([
      { kind: 'conv2d', filters: 8, kernelSize: 8, strides: 4 },
      { kind: 'conv2d', filters: 8, kernelSize: 4, strides: 2 },
      { kind: 'conv2d', filters: 8, kernelSize: 3, strides: 1 },
      { kind: 'dense', units: 50 },
    ]);
    expect(presets.labyrinth()).toEqual(c);
  }, 60_000);
});
