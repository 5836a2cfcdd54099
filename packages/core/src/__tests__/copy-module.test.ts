import { fc, test } from '@fast-check/vitest';
import { initBackend } from '@pathnet/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { FrozenModuleError, PathNet, type PathNetConfig, presets } from '../index.js';
import { bitEqual, snapshot } from './helpers.js';

// Module duplication (Sec. 3.4) as `@pathnet/evolution` proposes it and `copyModule` performs
// it: the copy is the source plus uniform noise U(-p, p), and frozen modules never change.

const ENGINES = ['tfjs', 'fused'] as const;
const small = presets.atari({ inputShape: [36, 36, 2] }); // conv 8/4, 4/2, 3/1: 36 → 8 → 3 → 1
const dense = presets.binaryMnist({ inputShape: [6], units: 4 });

function build(config: PathNetConfig, seed: number, engine: (typeof ENGINES)[number]): PathNet {
  return PathNet.create(config, { seed, engine });
}

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe.each(ENGINES)('copyModule on engine %s', { timeout: 60_000 }, (engine) => {
  it.each([
    ['conv', small],
    ['dense', dense],
  ] as const)('with perturbation 0 the copy is bit-equal to the source (%s)', async (_, config) => {
    const net = await build(config, 3, engine).ready();
    for (let l = 0; l < config.layers.length; l++) {
      net.copyModule(l, 1, 4);
      expect(bitEqual(net.readModule(l, 4), net.readModule(l, 1))).toBe(true);
    }
    net.dispose();
  });

  it('with perturbation p the copy is the source plus uniform noise in [-p, p], fixed by the seed', async () => {
    const p = 0.01;
    const net = await build(small, 5, engine).ready();
    const source = net.readModule(0, 2);
    net.copyModule(0, 2, 7, { perturbation: p, seed: 11 });
    const copy = net.readModule(0, 7);
    const noise = copy.flatMap((a, i) => Array.from(a, (v, j) => v - source[i]![j]!));
    const n = noise.length; // 8·8·2·8 kernel + 8 bias = 1032 values
    // float32 rounding of source + noise adds at most half an ulp of the larger value
    for (const d of noise) expect(Math.abs(d)).toBeLessThanOrEqual(p * (1 + 1e-5) + 1e-7);
    const mean = noise.reduce((s, d) => s + d, 0) / n;
    const variance = noise.reduce((s, d) => s + (d - mean) ** 2, 0) / n;
    // U(-p, p): mean 0, variance p²/3; bounds at 5 standard errors of each estimate
    expect(Math.abs(mean)).toBeLessThanOrEqual(5 * Math.sqrt((p * p) / 3 / n));
    expect(Math.abs(variance - (p * p) / 3)).toBeLessThanOrEqual(
      5 * Math.sqrt((4 * p ** 4) / 45 / n),
    );
    net.copyModule(0, 2, 7, { perturbation: p, seed: 11 });
    expect(bitEqual(net.readModule(0, 7), copy)).toBe(true);
    net.copyModule(0, 2, 7, { perturbation: p, seed: 12 });
    expect(bitEqual(net.readModule(0, 7), copy)).toBe(false);
    expect(bitEqual(net.readModule(0, 2), source)).toBe(true);
    net.dispose();
  });

  test.prop(
    [
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.array(fc.array(fc.nat(3), { minLength: 1, maxLength: 2 }), { minLength: 3, maxLength: 3 }),
      fc.array(
        fc.tuple(fc.nat(2), fc.nat(3), fc.nat(3), fc.double({ min: 0, max: 0.1, noNaN: true })),
        {
          minLength: 1,
          maxLength: 12,
        },
      ),
    ],
    { numRuns: 15 },
  )(
    'frozen modules never change under any sequence of copies',
    async (seed, frozenPath, copies) => {
      const config = presets.binaryMnist({ inputShape: [5], units: 3 });
      const net = await build(
        { ...config, modulesPerLayer: 4, maxActivePerLayer: 2 },
        seed,
        engine,
      ).ready();
      net.freeze(frozenPath);
      const frozen = net.frozenModules();
      const before = snapshot(net);
      for (const [layer, from, to, perturbation] of copies) {
        if (from === to) continue;
        if (frozen[layer]![to]) {
          expect(() => net.copyModule(layer, from, to, { perturbation, seed })).toThrow(
            FrozenModuleError,
          );
        } else {
          net.copyModule(layer, from, to, { perturbation, seed }); // a frozen source is allowed
        }
      }
      const after = snapshot(net);
      frozen.forEach((row, l) => {
        row.forEach((f, m) => {
          if (f) expect(bitEqual(after[l]![m]!, before[l]![m]!)).toBe(true);
        });
      });
      net.dispose();
    },
  );
});
