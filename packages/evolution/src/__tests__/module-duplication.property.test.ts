import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  activeModules,
  createOperator,
  createRng,
  DEFAULT_DUPLICATION_PERTURBATION,
  DEFAULT_DUPLICATION_RATE,
  type FrozenModules,
  InvalidConfigError,
  proposeDuplication,
  randomGenotype,
} from '../index.js';
import { seedArb, shapeArb } from './arbitraries.js';

/** |k − n·p| ≤ 5 standard deviations of Binomial(n, p): a false alarm below 6·10⁻⁷ per check. */
function expectBinomial(k: number, n: number, p: number): void {
  const sd = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(k - n * p), `${k} of ${n} at p=${p}`).toBeLessThanOrEqual(5 * sd + 1e-9);
}

const caseArb = shapeArb
  .filter((s) => s.modules >= 2)
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      frozen: fc.array(
        fc.array(fc.boolean(), { minLength: shape.modules, maxLength: shape.modules }),
        {
          minLength: shape.layers,
          maxLength: shape.layers,
        },
      ),
    }),
  );

describe('module duplication (Sec. 3.4)', () => {
  test.prop([caseArb, seedArb], { numRuns: 300 })(
    'never proposes a frozen target; the source is active on the pathway; nothing only when no layer has a free target',
    ({ shape, frozen }, seed) => {
      const rng = createRng(seed);
      const g = randomGenotype(rng, shape);
      const p = proposeDuplication(rng, g, { modules: shape.modules, rate: 1 }, frozen);
      const active = activeModules(g);
      const possible = active.some((sources, l) =>
        sources.some((s) => frozen[l]?.some((f, m) => !f && m !== s)),
      );
      if (p === null) {
        expect(possible).toBe(false);
        return;
      }
      expect(frozen[p.layer]?.[p.target]).toBe(false);
      expect(active[p.layer]).toContain(p.source);
      expect(p.target).not.toBe(p.source);
      expect(p.perturbation).toBe(DEFAULT_DUPLICATION_PERTURBATION);
    },
  );

  test.prop([seedArb, fc.constantFrom(0.01, DEFAULT_DUPLICATION_RATE, 0.3, 0.9)], { numRuns: 12 })(
    'fires with probability rate per call (binomial bound over 5000 calls)',
    (seed, rate) => {
      const rng = createRng(seed);
      const op = createOperator('module-duplication', { modules: 10, rate });
      const g = randomGenotype(rng, { layers: 4, modules: 10, active: 4 });
      let fired = 0;
      for (let i = 0; i < 5000; i++) if (op.apply(rng, g) !== null) fired++;
      expectBinomial(fired, 5000, rate);
    },
  );

  it('fires always at rate 1 and never at rate 0; the default rate is 0.05', () => {
    const rng = createRng(1);
    const g = [
      [0, 1],
      [2, 3],
    ];
    const calls = (rate?: number) =>
      Array.from({ length: 2000 }, () => proposeDuplication(rng, g, { modules: 5, rate })).filter(
        (p) => p !== null,
      ).length;
    expect(calls(1)).toBe(2000);
    expect(calls(0)).toBe(0);
    expect(DEFAULT_DUPLICATION_RATE).toBe(0.05);
    expectBinomial(calls(), 2000, 0.05);
  });

  it('draws the target uniformly among the unfrozen other modules of the layer', () => {
    const rng = createRng(7);
    const frozen: FrozenModules = [[false, true, false, false, true, false]];
    const counts = new Array(6).fill(0);
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const p = proposeDuplication(rng, [[2]], { modules: 6, rate: 1 }, frozen);
      counts[p?.target as number]++;
    }
    expect(counts[1]).toBe(0);
    expect(counts[4]).toBe(0);
    expect(counts[2]).toBe(0);
    for (const m of [0, 3, 5]) expectBinomial(counts[m], n, 1 / 3);
  });

  it('copies from a frozen source onto a free module (a trainable variant of a frozen module)', () => {
    const rng = createRng(3);
    const p = proposeDuplication(rng, [[0]], { modules: 2, rate: 1 }, [[true, false]]);
    expect(p).toMatchObject({ layer: 0, source: 0, target: 1 });
    expect(proposeDuplication(rng, [[0]], { modules: 2, rate: 1 }, [[false, true]])).toBeNull();
  });

  it('refuses a bad rate, perturbation or frozen shape', () => {
    const rng = createRng(0);
    expect(() => createOperator('module-duplication', { modules: 4, rate: 1.5 })).toThrow(
      InvalidConfigError,
    );
    expect(() => createOperator('module-duplication', { modules: 4, rate: Number.NaN })).toThrow(
      /options\.rate/,
    );
    expect(() => createOperator('module-duplication', { modules: 4, perturbation: -1 })).toThrow(
      /perturbation/,
    );
    expect(() => proposeDuplication(rng, [[0]], { modules: 4 }, [[false, false]])).toThrow(
      /frozen/,
    );
  });
});
