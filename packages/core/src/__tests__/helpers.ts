import { fc } from '@fast-check/vitest';
import { initBackend, tf } from '@pathnet/backend';
import { afterEach, beforeAll, beforeEach, describe, expect } from 'vitest';
import type {
  AdamConfig,
  LayerConfig,
  OptimizerConfig,
  OutputLossFn,
  PathNet,
  PathNetConfig,
  Pathway,
  RmspropConfig,
  SgdConfig,
} from '../index.js';

/** The backends every suite runs on. */
export const BACKENDS = ['cpu', 'wasm'] as const;
export type BackendName = (typeof BACKENDS)[number];

/**
 * Runs `tests` once per backend (like tfjs's `describeWithFlags`), switching the backend
 * before the suite and checking that each test leaves the tfjs tensor count unchanged.
 */
export function describeBackends(name: string, tests: (backend: BackendName) => void): void {
  for (const backend of BACKENDS) {
    describe(`${name} [${backend}]`, () => {
      let before = 0;
      beforeAll(async () => {
        await initBackend({ backend });
      });
      beforeEach(() => {
        before = tf.memory().numTensors;
      });
      afterEach(() => {
        expect(tf.memory().numTensors).toBe(before);
      });
      tests(backend);
    });
  }
}

/** A small random dense config: L 1..3, M 1..4, N 1..M, input width 1..6, 1..5 units. */
export const arbDenseConfig: fc.Arbitrary<PathNetConfig> = fc
  .record({
    L: fc.integer({ min: 1, max: 3 }),
    M: fc.integer({ min: 1, max: 4 }),
    inputSize: fc.integer({ min: 1, max: 6 }),
  })
  .chain(({ L, M, inputSize }) =>
    fc.record({
      inputShape: fc.constant([inputSize]),
      modulesPerLayer: fc.constant(M),
      maxActivePerLayer: fc.integer({ min: 1, max: M }),
      layers: fc.array(
        fc.record<LayerConfig>({
          module: fc.record({
            kind: fc.constant('dense' as const),
            units: fc.integer({ min: 1, max: 5 }),
          }),
          activation: fc.constantFrom('relu', 'tanh', 'sigmoid', 'linear'),
          reduction: fc.constantFrom('sum', 'mean'),
        }),
        { minLength: L, maxLength: L },
      ),
    }),
  );

/** A pathway of a config: L rows of 1..N indices in [0, M), duplicates allowed. */
export function arbPathway(config: PathNetConfig): fc.Arbitrary<Pathway> {
  const row = fc.array(fc.integer({ min: 0, max: config.modulesPerLayer - 1 }), {
    minLength: 1,
    maxLength: config.maxActivePerLayer,
  });
  return fc.array(row, { minLength: config.layers.length, maxLength: config.layers.length });
}

/** Inputs for a config: Float32Array [B · inputSize] in [-1, 1]. */
export function arbInput(config: PathNetConfig, batchSize: number): fc.Arbitrary<Float32Array> {
  const n = batchSize * config.inputShape.reduce((a, b) => a * b, 1);
  return fc
    .array(fc.float({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }), {
      minLength: n,
      maxLength: n,
    })
    .map((a) => Float32Array.from(a));
}

/** Labels Int32Array [B] in [0, C). */
export function arbLabels(batchSize: number, numClasses: number): fc.Arbitrary<Int32Array> {
  return fc
    .array(fc.integer({ min: 0, max: numClasses - 1 }), {
      minLength: batchSize,
      maxLength: batchSize,
    })
    .map((a) => Int32Array.from(a));
}

/** A learning rate drawn from [min, max]. */
const arbRate = (min: number, max: number) => fc.double({ min, max, noNaN: true });
/** Optional gradient clipping, as every optimizer kind takes it. */
const CLIPPED = { clipNorm: fc.constantFrom(0.01, 1, 40) };
/** Optional clipping and weight decay. */
const REGULARISED = { ...CLIPPED, weightDecay: fc.constantFrom(0, 0.01) };

/** Configs of optimizer `kind`: a learning rate from `learningRate`, each of `optional` maybe set. */
function arbOptimizerOf<C extends OptimizerConfig>(
  kind: C['kind'],
  learningRate: fc.Arbitrary<number>,
  optional: { [K in Exclude<keyof C, 'kind' | 'learningRate'>]?: fc.Arbitrary<C[K]> },
): fc.Arbitrary<OptimizerConfig> {
  return fc.record(
    { kind: fc.constant(kind), learningRate, ...optional },
    { requiredKeys: ['kind', 'learningRate'] },
  ) as unknown as fc.Arbitrary<OptimizerConfig>;
}

/** Any optimizer: SGD (with/without momentum), RMSProp, Adam; optional clipping and weight decay. */
export const arbOptimizer: fc.Arbitrary<OptimizerConfig> = fc.oneof(
  arbOptimizerOf<SgdConfig>('sgd', arbRate(0.01, 0.5), {
    momentum: fc.constantFrom(0, 0.5, 0.9),
    nesterov: fc.boolean(),
    ...REGULARISED,
  }),
  arbOptimizerOf<RmspropConfig>('rmsprop', arbRate(0.01, 0.5), {
    decay: fc.constantFrom(0.9, 0.99),
    epsilon: fc.constantFrom(1e-6, 0.1),
    momentum: fc.constantFrom(0, 0.9),
    ...REGULARISED,
  }),
  arbOptimizerOf<AdamConfig>('adam', arbRate(0.01, 0.5), {
    beta1: fc.constantFrom(0.9, 0.5),
    beta2: fc.constantFrom(0.999, 0.9),
    epsilon: fc.constantFrom(1e-8, 1e-3),
    ...REGULARISED,
  }),
);

/** Every module's parameters, `[layer][module] = [kernel, bias]`. */
export function snapshot(net: PathNet): Float32Array[][][] {
  const L = net.config.layers.length;
  const M = net.config.modulesPerLayer;
  return Array.from({ length: L }, (_, l) =>
    Array.from({ length: M }, (_, m) => net.readModule(l, m)),
  );
}

/** Bit-for-bit equality of two Float32Array lists (NaN-safe, −0 ≠ +0). */
export function bitEqual(a: readonly Float32Array[], b: readonly Float32Array[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    if (x.length !== y.length) return false;
    const xi = new Uint32Array(x.buffer, x.byteOffset, x.length);
    const yi = new Uint32Array(y.buffer, y.byteOffset, y.length);
    return xi.every((v, j) => v === yi[j]);
  });
}

/** A config with a pathway, an input batch [B] and labels in [0, C), and a seed. */
export function arbCase(batchSize: number, numClasses: number) {
  return arbDenseConfig.chain((config) =>
    fc.record({
      config: fc.constant(config),
      pathway: arbPathway(config),
      x: arbInput(config, batchSize),
      y: arbLabels(batchSize, numClasses),
      seed: fc.integer(),
    }),
  );
}

/** Batch size B and class count C of {@link arbSmallCase}, the behaviour and property tests' cases. */
export const SMALL_CASE = { batchSize: 3, numClasses: 3 } as const;

/** {@link arbCase} of {@link SMALL_CASE}'s size. */
export const arbSmallCase = arbCase(SMALL_CASE.batchSize, SMALL_CASE.numClasses);

/** Dense configs the fused engine runs: ReLU or linear modules. */
export const arbFusedConfig = arbDenseConfig.map((config) => ({
  ...config,
  layers: config.layers.map((layer) => ({
    ...layer,
    activation: layer.activation === 'linear' ? ('linear' as const) : ('relu' as const),
  })),
}));

/**
 * Conv grids the fused engine runs: a small [H, W, C] input, one or two conv layers
 * (any kernel, stride and padding that fit), then zero or one dense layer.
 */
export const arbFusedConvConfig: fc.Arbitrary<PathNetConfig> = fc
  .record({
    size: fc.integer({ min: 3, max: 7 }),
    channels: fc.integer({ min: 1, max: 3 }),
    M: fc.integer({ min: 1, max: 3 }),
    convs: fc.array(
      fc.record({
        filters: fc.integer({ min: 1, max: 3 }),
        kernelSize: fc.integer({ min: 1, max: 3 }),
        strides: fc.integer({ min: 1, max: 2 }),
        padding: fc.constantFrom('valid' as const, 'same' as const),
        activation: fc.constantFrom('relu' as const, 'linear' as const),
        reduction: fc.constantFrom('sum' as const, 'mean' as const),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    dense: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  })
  .chain(({ size, channels, M, convs, dense }) => {
    let side = size;
    const layers: PathNetConfig['layers'][number][] = [];
    for (const c of convs) {
      const k = Math.min(c.kernelSize, side);
      side =
        c.padding === 'same' ? Math.ceil(side / c.strides) : Math.ceil((side - k + 1) / c.strides);
      layers.push({
        module: {
          kind: 'conv2d',
          filters: c.filters,
          kernelSize: k,
          strides: c.strides,
          padding: c.padding,
        },
        activation: c.activation,
        reduction: c.reduction,
      });
    }
    if (dense !== undefined) {
      layers.push({
        module: { kind: 'dense', units: dense },
        activation: 'relu',
        reduction: 'sum',
      });
    }
    return fc.record({
      inputShape: fc.constant([size, size, channels]),
      modulesPerLayer: fc.constant(M),
      maxActivePerLayer: fc.integer({ min: 1, max: M }),
      layers: fc.constant(layers),
    });
  });

/** The optimizers the fused engine implements: SGD, RMSProp (with momentum), optional clipping. */
export const arbFusedOptimizer: fc.Arbitrary<OptimizerConfig> = fc.oneof(
  arbOptimizerOf<SgdConfig>('sgd', arbRate(0.01, 0.5), CLIPPED),
  arbOptimizerOf<RmspropConfig>('rmsprop', arbRate(0.001, 0.05), {
    decay: fc.constantFrom(0.9, 0.99),
    epsilon: fc.constantFrom(1e-3, 0.1),
    momentum: fc.constantFrom(0, 0.9),
    ...CLIPPED,
  }),
);

/**
 * Inputs in [-1, 1] without subnormal magnitudes: a subnormal input can make a
 * pre-activation land on ReLU's kink in one engine and a hair above it in the
 * other (denormal arithmetic differs between JS and WebAssembly SIMD), which
 * flips that unit's gradient. Values below 1e-6 in magnitude become exact zeros.
 */
export const arbInputNoSubnormal = (config: PathNetConfig, batchSize: number) =>
  arbInput(config, batchSize).map((x) => x.map((v) => (Math.abs(v) < 1e-6 ? 0 : v)));

/** Mean softmax cross-entropy of outputs [B · C] against labels, and its gradient (float64 math). */
export function softmaxCrossEntropy(y: Int32Array): OutputLossFn {
  return (outputs) => {
    const batch = y.length;
    const classes = outputs.length / batch;
    const gradient = new Float32Array(outputs.length);
    let loss = 0;
    for (let i = 0; i < batch; i++) {
      const row = outputs.subarray(i * classes, (i + 1) * classes);
      const mx = Math.max(...row);
      let sum = 0;
      for (const v of row) sum += Math.exp(v - mx);
      loss += Math.log(sum) - (row[y[i]!]! - mx);
      for (let c = 0; c < classes; c++) {
        gradient[i * classes + c] = (Math.exp(row[c]! - mx) / sum - (c === y[i] ? 1 : 0)) / batch;
      }
    }
    return { loss: loss / batch, gradient };
  };
}

/**
 * A fused-engine config (dense or conv), three training steps of batch `batchSize` with
 * labels in [0, classes) plus `extra` fields per step, an optional frozen pathway, an
 * optimizer the fused engine runs, and a seed.
 */
export function arbFusedRun<E extends Record<string, unknown>>(
  batchSize: number,
  classes: number,
  extra: { [K in keyof E]: fc.Arbitrary<E[K]> },
) {
  return fc.oneof(arbFusedConfig, arbFusedConvConfig).chain((config: PathNetConfig) =>
    fc.record({
      config: fc.constant(config),
      steps: fc.array(
        fc.record({
          pathway: arbPathway(config),
          x: arbInputNoSubnormal(config, batchSize),
          y: arbLabels(batchSize, classes),
          ...extra,
        }) as fc.Arbitrary<{ pathway: Pathway; x: Float32Array; y: Int32Array } & E>,
        { minLength: 3, maxLength: 3 },
      ),
      frozen: fc.option(arbPathway(config), { nil: undefined }),
      optimizer: arbFusedOptimizer,
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    }),
  );
}
