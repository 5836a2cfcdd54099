import { fc } from '@fast-check/vitest';
import { initBackend, tf } from '@pathnet/backend';
import { afterEach, beforeAll, beforeEach, describe, expect } from 'vitest';
import type { LayerConfig, OptimizerConfig, PathNet, PathNetConfig, Pathway } from '../index.js';

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

/** Any optimizer: SGD (with/without momentum), RMSProp, Adam; optional clipping and weight decay. */
export const arbOptimizer: fc.Arbitrary<OptimizerConfig> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('sgd' as const),
      learningRate: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      momentum: fc.constantFrom(0, 0.5, 0.9),
      nesterov: fc.boolean(),
      clipNorm: fc.constantFrom(0.01, 1, 40),
      weightDecay: fc.constantFrom(0, 0.01),
    },
    { requiredKeys: ['kind', 'learningRate'] },
  ),
  fc.record(
    {
      kind: fc.constant('rmsprop' as const),
      learningRate: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      decay: fc.constantFrom(0.9, 0.99),
      epsilon: fc.constantFrom(1e-6, 0.1),
      momentum: fc.constantFrom(0, 0.9),
      clipNorm: fc.constantFrom(0.01, 1, 40),
      weightDecay: fc.constantFrom(0, 0.01),
    },
    { requiredKeys: ['kind', 'learningRate'] },
  ),
  fc.record(
    {
      kind: fc.constant('adam' as const),
      learningRate: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      beta1: fc.constantFrom(0.9, 0.5),
      beta2: fc.constantFrom(0.999, 0.9),
      epsilon: fc.constantFrom(1e-8, 1e-3),
      clipNorm: fc.constantFrom(0.01, 1, 40),
      weightDecay: fc.constantFrom(0, 0.01),
    },
    { requiredKeys: ['kind', 'learningRate'] },
  ),
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
