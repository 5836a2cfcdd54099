import { fc, test } from '@fast-check/vitest';
import { initBackend } from '@pathnet/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createOptimizer,
  ElasticWeightConsolidation,
  fisherDiagonal,
  InvalidConfigError,
  type ModuleFisher,
  PathNet,
  type PathNetConfig,
  type Pathway,
} from '../index.js';
import { dense, grid } from './grids.js';
import { arbFusedConfig, arbInput, arbLabels, arbPathway, bitEqual, snapshot } from './helpers.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

/** A Fisher for every module of a pathway with values drawn from `seed` (deterministic, ≥ 0). */
function someFisher(net: PathNet, pathway: Pathway, seed: number): ModuleFisher[] {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const seen = new Set<string>();
  const out: ModuleFisher[] = [];
  pathway.forEach((row, layer) => {
    for (const module of row) {
      if (seen.has(`${layer}/${module}`)) continue;
      seen.add(`${layer}/${module}`);
      const values = net.readModule(layer, module).map((t) => t.map(() => next() * 3));
      out.push({ layer, module, values });
    }
  });
  return out;
}

/** Moves every module of `net` by a seeded amount (a later task's training, in effect). */
function shift(net: PathNet, seed: number): void {
  const L = net.config.layers.length;
  for (let l = 0; l < L; l++) {
    for (let m = 0; m < net.config.modulesPerLayer; m++) {
      if (net.isFrozen(l, m)) continue;
      const v = net
        .readModule(l, m)
        .map((t) => t.map((x, i) => x + 0.3 * Math.sin(seed + 7 * l + 3 * m + i)));
      net.writeModule(l, m, v);
    }
  }
}

describe('ElasticWeightConsolidation', () => {
  test.prop(
    [
      arbFusedConfig.chain((c) => fc.tuple(fc.constant(c), arbPathway(c), arbPathway(c))),
      fc.integer({ min: 1, max: 2 ** 30 }),
      fc.double({ min: 0.1, max: 50, noNaN: true }),
    ],
    { numRuns: 15 },
  )(
    'its gradient matches central finite differences of its penalty (two consolidated tasks)',
    ([config, p1, p2], seed, lambda) => {
      const net = PathNet.create(config, { seed, engine: 'fused' });
      try {
        const ewc = new ElasticWeightConsolidation(lambda);
        ewc.consolidate(net, someFisher(net, p1, seed));
        shift(net, seed);
        ewc.consolidate(net, someFisher(net, p2, seed + 1));
        shift(net, seed + 2);
        const grads = ewc.gradient(net);
        expect(grads.length).toBeGreaterThan(0);
        for (const g of grads) {
          const theta = net.readModule(g.layer, g.module);
          theta.forEach((t, j) => {
            for (const i of [0, t.length - 1, t.length >> 1]) {
              const h = 1e-2;
              const at = (delta: number) => {
                const v = theta.map((a) => Float32Array.from(a));
                v[j]![i] = t[i]! + delta;
                net.writeModule(g.layer, g.module, v);
                return { p: ewc.penalty(net), x: v[j]![i]! };
              };
              const plus = at(h);
              const minus = at(-h);
              net.writeModule(g.layer, g.module, theta);
              // Ω is quadratic: the central difference is exact up to rounding.
              const fd = (plus.p - minus.p) / (plus.x - minus.x);
              const an = g.grads[j]![i]!;
              expect(Math.abs(fd - an)).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(an)));
            }
          });
        }
      } finally {
        net.dispose();
      }
    },
  );

  it('is zero at the consolidated values and positive away from them', () => {
    const config = tiny();
    const net = PathNet.create(config, { seed: 3, engine: 'fused' });
    const path = [[0, 1], [1]];
    const ewc = new ElasticWeightConsolidation(2);
    ewc.consolidate(net, someFisher(net, path, 5));
    expect(ewc.penalty(net)).toBeCloseTo(0, 9);
    shift(net, 1);
    expect(ewc.penalty(net)).toBeGreaterThan(0);
    net.dispose();
  });

  it('leaves frozen modules bit-identical and gives them no gradient', () => {
    const config = tiny();
    const net = PathNet.create(config, { seed: 4, engine: 'fused' });
    const path = [
      [0, 1],
      [0, 1],
    ];
    const ewc = new ElasticWeightConsolidation(5);
    ewc.consolidate(net, someFisher(net, path, 9));
    shift(net, 2);
    net.freeze([[0], [1]]);
    const before = snapshot(net);
    const grads = ewc.gradient(net);
    expect(grads.map((g) => `${g.layer}/${g.module}`)).toEqual(['0/1', '1/0']);
    ewc.proximalStep(net, 0.1);
    const after = snapshot(net);
    expect(bitEqual(after[0]![0]!, before[0]![0]!)).toBe(true);
    expect(bitEqual(after[1]![1]!, before[1]![1]!)).toBe(true);
    expect(bitEqual(after[0]![1]!, before[0]![1]!)).toBe(false);
    net.dispose();
  });

  it('refuses a negative or non-finite λ and a bad learning rate', () => {
    expect(() => new ElasticWeightConsolidation(-1)).toThrow(InvalidConfigError);
    expect(() => new ElasticWeightConsolidation(Number.NaN)).toThrow(/lambda/);
    const net = PathNet.create(tiny(), { seed: 1, engine: 'fused' });
    expect(() => new ElasticWeightConsolidation(1).proximalStep(net, -0.1)).toThrow(/learningRate/);
    net.dispose();
  });

  it('trainStep then proximalStep is a proximal-gradient step on cross-entropy + Ω', () => {
    const config = tiny();
    const path = [[0, 1], [1]];
    const x = Float32Array.from({ length: 4 * 3 }, (_, i) => Math.cos(i));
    const y = Int32Array.from([0, 1, 1, 0]);
    const lr = 0.1;
    const nets = (['fused', 'tfjs'] as const).map((engine) => {
      const net = PathNet.create(config, { seed: 11, engine });
      net.addReadout('t', 2);
      return net;
    });
    const ewc = new ElasticWeightConsolidation(3);
    ewc.consolidate(nets[0]!, someFisher(nets[0]!, path, 3));
    for (const net of nets) shift(net, 5);
    const ce = nets[1]!.computeGradients(path, 't', { x, y, batchSize: 4 });
    const before = snapshot(nets[1]!);
    const opt = createOptimizer({ kind: 'sgd', learningRate: lr });
    const net = nets[0]!;
    net.trainStep(path, 't', { x, y, batchSize: 4 }, opt);
    ewc.proximalStep(net, lr);
    // Optimality of the implicit step: θ' = θ − lr · (∂CE/∂θ(θ) + ∂Ω/∂θ(θ')).
    const om = ewc.gradient(net);
    expect(om.length).toBe(3);
    for (const g of om) {
      const c = ce.modules.find((m) => m.layer === g.layer && m.module === g.module)!;
      const got = net.readModule(g.layer, g.module);
      got.forEach((t, j) => {
        t.forEach((v, i) => {
          const want =
            before[g.layer]![g.module]![j]![i]! - lr * (c.grads[j]![i]! + g.grads[j]![i]!);
          expect(v).toBeCloseTo(want, 5);
        });
      });
    }
    for (const n of nets) n.dispose();
  });

  test.prop([fc.integer({ min: 1, max: 2 ** 30 }), fc.double({ min: 1, max: 1e9, noNaN: true })], {
    numRuns: 20,
  })(
    'the proximal step never raises Ω, for any λ (the explicit step diverges for large λ)',
    (seed, lambda) => {
      const net = PathNet.create(tiny(), { seed, engine: 'fused' });
      const path = [
        [0, 1],
        [0, 1],
      ];
      const ewc = new ElasticWeightConsolidation(lambda);
      ewc.consolidate(net, someFisher(net, path, seed));
      shift(net, seed);
      const before = ewc.penalty(net);
      ewc.proximalStep(net, 0.5);
      const after = ewc.penalty(net);
      expect(after).toBeLessThanOrEqual(before * (1 + 1e-6) + 1e-9);
      for (let l = 0; l < 2; l++) {
        for (let m = 0; m < 2; m++) {
          for (const t of net.readModule(l, m))
            for (const v of t) expect(Number.isFinite(v)).toBe(true);
        }
      }
      net.dispose();
    },
  );
});

describe('fisherDiagonal', () => {
  test.prop(
    [
      arbFusedConfig.chain((c) =>
        fc.tuple(fc.constant(c), arbPathway(c), arbInput(c, 3), arbLabels(3, 2)),
      ),
      fc.integer({ min: 0, max: 2 ** 30 }),
    ],
    { numRuns: 10 },
  )(
    'is the mean squared per-example gradient, the same on both engines, for trainable modules only',
    ([config, pathway, x, y], seed) => {
      const nets = (['tfjs', 'fused'] as const).map((engine) => {
        const net = PathNet.create(config, { seed, engine });
        net.addReadout('t', 2);
        // Layer 0's first active module frozen, and the last module of every other layer.
        net.freeze(pathway.map((row, l) => (l === 0 ? [row[0]!] : [config.modulesPerLayer - 1])));
        return net;
      });
      const tf = nets[0]!;
      const per = x.length / 3;
      const expected = new Map<string, Float64Array[]>();
      for (let k = 0; k < 3; k++) {
        const g = tf.computeGradients(pathway, 't', {
          x: x.slice(k * per, (k + 1) * per),
          y: y.slice(k, k + 1),
          batchSize: 1,
        });
        for (const m of g.modules) {
          const key = `${m.layer}/${m.module}`;
          const acc = expected.get(key) ?? m.grads.map((a) => new Float64Array(a.length));
          m.grads.forEach((a, j) => {
            a.forEach((v, i) => {
              acc[j]![i]! += (v * v) / 3;
            });
          });
          expected.set(key, acc);
        }
      }
      for (const net of nets) {
        const fisher = fisherDiagonal(net, pathway, 't', { x, y, batchSize: 3 });
        expect(fisher.map((f) => `${f.layer}/${f.module}`).sort()).toEqual(
          [...expected.keys()].sort(),
        );
        for (const f of fisher) {
          expect(net.isFrozen(f.layer, f.module)).toBe(false);
          const e = expected.get(`${f.layer}/${f.module}`)!;
          f.values.forEach((v, j) => {
            v.forEach((a, i) => {
              expect(a).toBeGreaterThanOrEqual(0);
              expect(Math.abs(a - e[j]![i]!)).toBeLessThanOrEqual(1e-4 * Math.max(1, e[j]![i]!));
            });
          });
        }
      }
      for (const n of nets) n.dispose();
    },
  );

  it('uses at most maxExamples examples and refuses a bad count', () => {
    const net = PathNet.create(tiny(), { seed: 2, engine: 'fused' });
    net.addReadout('t', 2);
    const x = Float32Array.from({ length: 4 * 3 }, (_, i) => Math.sin(i));
    const y = Int32Array.from([0, 1, 1, 0]);
    const path = [[0], [0]];
    const two = fisherDiagonal(net, path, 't', {
      x: x.slice(0, 6),
      y: y.slice(0, 2),
      batchSize: 2,
    });
    const capped = fisherDiagonal(net, path, 't', { x, y, batchSize: 4 }, { maxExamples: 2 });
    expect(capped.map((f) => f.values)).toEqual(two.map((f) => f.values));
    expect(() =>
      fisherDiagonal(net, path, 't', { x, y, batchSize: 4 }, { maxExamples: 0 }),
    ).toThrow(/maxExamples/);
    net.dispose();
  });
});

function tiny(): PathNetConfig {
  return grid([3], [dense(4), dense(3, 'mean')], 2, 2);
}
