import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { tf } from '@pathnet/backend';
import { expect } from 'vitest';
import { activeModules, createOptimizer, PathNet, type PathNetConfig } from '../index.js';
import { netWithReadout } from './grids.js';
import {
  arbDenseConfig,
  arbInput,
  arbLabels,
  arbOptimizer,
  arbPathway,
  arbSmallCase,
  bitEqual,
  describeBackends,
  SMALL_CASE,
  snapshot,
} from './helpers.js';

const { batchSize: B, numClasses: C } = SMALL_CASE;

describeBackends('PathNet laws', () => {
  test.prop([arbSmallCase, fc.integer()], { numRuns: 25 })(
    'masking: outputs do not change when every inactive module is replaced by random values',
    ({ config, pathway, x, seed }, noiseSeed) => {
      const net = netWithReadout(config, seed, C);
      try {
        const before = net.predict(pathway, 'T', x, B);
        const active = activeModules(pathway);
        const other = PathNet.create(config, { seed: noiseSeed });
        for (let l = 0; l < config.layers.length; l++) {
          for (let m = 0; m < config.modulesPerLayer; m++) {
            if (!active[l]!.includes(m)) {
              const random = other
                .readModule(l, m)
                .map((v) => v.map((_, i) => (i % 2 ? 5 : -5) * v[i]! + 1));
              net.writeModule(l, m, random);
            }
          }
        }
        other.dispose();
        expect(bitEqual([net.predict(pathway, 'T', x, B)], [before])).toBe(true);
      } finally {
        net.dispose();
      }
    },
    60_000,
  );

  test.prop(
    [arbSmallCase, arbOptimizer, fc.array(fc.boolean(), { minLength: 16, maxLength: 16 })],
    {
      numRuns: 25,
    },
  )(
    'gradient masking: a step leaves inactive and frozen modules bit-identical and changes every active trainable module with a non-zero gradient',
    ({ config, pathway, x, y, seed }, optConfig, freezeBits) => {
      const net = netWithReadout(config, seed, C);
      const opt = createOptimizer(optConfig);
      try {
        // Freeze an arbitrary one-module-per-layer pathway when the bit says so.
        const L = config.layers.length;
        const M = config.modulesPerLayer;
        if (freezeBits[0])
          net.freeze(Array.from({ length: L }, (_, l) => [(freezeBits[l + 1] ? l : 0) % M]));
        const active = activeModules(pathway);
        const grads = net.computeGradients(pathway, 'T', { x, y, batchSize: B });
        const before = snapshot(net);
        net.trainStep(pathway, 'T', { x, y, batchSize: B }, opt);
        const after = snapshot(net);
        const withGrad = new Set(
          grads.modules
            .filter((g) => g.grads.some((a) => a.some((v) => Math.abs(v) > 1e-4)))
            .map((g) => `${g.layer}/${g.module}`),
        );
        for (let l = 0; l < L; l++) {
          for (let m = 0; m < M; m++) {
            const same = bitEqual(before[l]![m]!, after[l]![m]!);
            if (!active[l]!.includes(m) || net.isFrozen(l, m)) expect(same).toBe(true);
            else if (withGrad.has(`${l}/${m}`)) expect(same).toBe(false);
          }
        }
        // Gradients are reported for exactly the active, unfrozen modules.
        const expected = active.flatMap((row, l) =>
          row.filter((m) => !net.isFrozen(l, m)).map((m) => `${l}/${m}`),
        );
        expect(grads.modules.map((g) => `${g.layer}/${g.module}`)).toEqual(expected);
      } finally {
        net.dispose();
        opt.dispose();
      }
    },
    60_000,
  );

  test.prop(
    [
      arbDenseConfig.chain((config) =>
        fc.record({
          config: fc.constant(config),
          frozenPathway: arbPathway(config),
          before: fc.array(fc.tuple(arbPathway(config), fc.nat(2)), { minLength: 1, maxLength: 4 }),
          after: fc.array(fc.tuple(arbPathway(config), fc.nat(2)), { minLength: 1, maxLength: 8 }),
          x: arbInput(config, B),
          y: arbLabels(B, C),
        }),
      ),
      fc.array(arbOptimizer, { minLength: 3, maxLength: 3 }),
    ],
    { numRuns: 20 },
  )(
    'isolation: after any sequence of steps on any pathways and optimizers, frozen modules are bit-identical',
    ({ config, frozenPathway, before, after, x, y }, optConfigs) => {
      const net = netWithReadout(config, 7, C);
      const opts = optConfigs.map((c) => createOptimizer(c));
      try {
        const batch = { x, y, batchSize: B };
        // Build optimizer state (momentum, Adam moments) on the soon-frozen modules first.
        for (const [p, o] of [[frozenPathway, 0] as const, ...before])
          net.trainStep(p, 'T', batch, opts[o]!);
        net.freeze(frozenPathway);
        const frozenAt = snapshot(net);
        for (const [p, o] of [[frozenPathway, 1] as const, ...after])
          net.trainStep(p, 'T', batch, opts[o]!);
        const now = snapshot(net);
        const frozen = net.frozenModules();
        frozen.forEach((row, l) => {
          row.forEach((isFrozen, m) => {
            if (isFrozen) expect(bitEqual(now[l]![m]!, frozenAt[l]![m]!)).toBe(true);
          });
        });
        expect(frozen.flat().filter(Boolean).length).toBe(
          activeModules(frozenPathway).flat().length,
        );
      } finally {
        net.dispose();
        for (const o of opts) o.dispose();
      }
    },
    60_000,
  );

  test.prop([arbSmallCase, fc.integer(), fc.nat(3)], { numRuns: 25 })(
    'transfer: reinitializeUnfrozen changes every unfrozen module and no frozen one',
    ({ config, pathway, x, y, seed }, reinitSeed, steps) => {
      const net = netWithReadout(config, seed, C);
      const opt = createOptimizer({ kind: 'sgd', learningRate: 0.1 });
      try {
        for (let s = 0; s < steps; s++) net.trainStep(pathway, 'T', { x, y, batchSize: B }, opt);
        net.freeze(pathway);
        const before = snapshot(net);
        net.reinitializeUnfrozen(reinitSeed);
        const after = snapshot(net);
        for (let l = 0; l < config.layers.length; l++) {
          for (let m = 0; m < config.modulesPerLayer; m++) {
            expect(bitEqual(before[l]![m]!, after[l]![m]!)).toBe(net.isFrozen(l, m));
          }
        }
      } finally {
        net.dispose();
        opt.dispose();
      }
    },
    60_000,
  );

  test.prop([arbSmallCase, arbOptimizer, fc.nat(3)], { numRuns: 10 })(
    'checkpoint round trip: a loaded network has identical parameters, frozen set, readouts and outputs',
    async ({ config, pathway, x, y, seed }, optConfig, steps) => {
      const dir = await mkdtemp(join(tmpdir(), 'pathnet-core-'));
      const net = netWithReadout(config, seed, C);
      net.addReadout('U', 2, seed + 2);
      const opt = createOptimizer(optConfig);
      try {
        for (let s = 0; s < steps; s++) net.trainStep(pathway, 'T', { x, y, batchSize: B }, opt);
        net.freeze(pathway);
        await net.save(dir);
        const loaded = await PathNet.load(dir);
        try {
          expect(loaded.config).toEqual(config);
          expect(loaded.frozenModules()).toEqual(net.frozenModules());
          expect(loaded.readoutIds()).toEqual(['T', 'U']);
          const a = snapshot(net).flat(2);
          const b = snapshot(loaded).flat(2);
          expect(bitEqual(a, b)).toBe(true);
          expect(bitEqual(loaded.readReadout('U'), net.readReadout('U'))).toBe(true);
          expect(
            bitEqual([loaded.predict(pathway, 'T', x, B)], [net.predict(pathway, 'T', x, B)]),
          ).toBe(true);
        } finally {
          loaded.dispose();
        }
      } finally {
        net.dispose();
        opt.dispose();
        await rm(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );

  test.prop(
    [
      arbSmallCase.chain((c) =>
        fc.record({ c: fc.constant(c), layer: fc.nat(c.config.layers.length - 1) }),
      ),
    ],
    {
      numRuns: 25,
    },
  )(
    'reduction: a mean layer outputs the sum layer output divided by the number of distinct active modules',
    ({ c: { config, pathway, x, seed }, layer }) => {
      const withReduction = (reduction: 'sum' | 'mean'): PathNetConfig => ({
        ...config,
        layers: config.layers.map((lc, l) => (l === layer ? { ...lc, reduction } : lc)),
      });
      const sumNet = PathNet.create(withReduction('sum'), { seed });
      const meanNet = PathNet.create(withReduction('mean'), { seed });
      try {
        const k = activeModules(pathway)[layer]!.length;
        const s = sumNet.activations(pathway, x, B)[layer]!;
        const m = meanNet.activations(pathway, x, B)[layer]!;
        expect(m.length).toBe(s.length);
        s.forEach((v, i) => {
          const want = v / k;
          expect(Math.abs(m[i]! - want)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(want)));
        });
      } finally {
        sumNet.dispose();
        meanNet.dispose();
      }
    },
    60_000,
  );

  test.prop(
    [arbSmallCase, arbOptimizer, fc.array(fc.integer(), { minLength: 200, maxLength: 200 })],
    {
      numRuns: 3,
    },
  )(
    'no leak: once every module has been trained, the tensor count after 200 steps on changing pathways equals the count after 10',
    ({ config, x, y, seed }, optConfig, choices) => {
      const net = netWithReadout(config, seed, C);
      const opt = createOptimizer(optConfig);
      const L = config.layers.length;
      const M = config.modulesPerLayer;
      const N = config.maxActivePerLayer;
      const batch = { x, y, batchSize: B };
      try {
        // Touch every module once so that all optimizer state exists.
        for (let start = 0; start < M; start += N) {
          const row = Array.from({ length: Math.min(N, M - start) }, (_, i) => start + i);
          net.trainStep(
            Array.from({ length: L }, () => row),
            'T',
            batch,
            opt,
          );
        }
        const pathwayFor = (c: number) =>
          Array.from({ length: L }, (_, l) =>
            Array.from(
              { length: 1 + (Math.abs(c >> l) % N) },
              (_, i) => Math.abs(c + 7 * i + l) % M,
            ),
          );
        let at10 = -1;
        choices.forEach((c, step) => {
          net.trainStep(pathwayFor(c), 'T', batch, opt);
          if (step === 9) at10 = tf.memory().numTensors;
        });
        expect(tf.memory().numTensors).toBe(at10);
      } finally {
        net.dispose();
        opt.dispose();
      }
    },
    60_000,
  );
});
