import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  applyDelta,
  type Bounds,
  createRng,
  mutate,
  mutateWithTrace,
  randomGenotype,
} from '../index.js';
import { boundsArb, seedArb, shapeArb } from './arbitraries.js';

/** Tolerance of the statistical laws, in standard deviations. */
const SIGMAS = 5;

/** `[M, g0, d]` for one {@link applyDelta}: M in [1, 50], a gene g0 in [0, 49] (taken mod M), a delta d in [-60, 60]. */
const geneDeltaArbs: [fc.Arbitrary<number>, fc.Arbitrary<number>, fc.Arbitrary<number>] = [
  fc.integer({ min: 1, max: 50 }),
  fc.integer({ min: 0, max: 49 }),
  fc.integer({ min: -60, max: 60 }),
];

/**
 * Whether a selected gene `v` with drawn delta `d` ends up changed, written
 * out from the definitions (not via applyDelta): wrap changes it unless
 * `d ≡ 0 (mod M)`; clamp unless `d = 0` or it pushes against the border it sits on.
 */
function changes(v: number, d: number, modules: number, bounds: Bounds): boolean {
  if (bounds === 'wrap') return ((d % modules) + modules) % modules !== 0;
  if (d === 0) return false;
  if (v === 0 && d < 0) return false;
  if (v === modules - 1 && d > 0) return false;
  return true;
}

/** Gene-level statistics of `trials` mutations of uniformly random genotypes. */
function sample(
  seed: number,
  shape: { layers: number; modules: number; active: number },
  params: { probability: number; maxDelta: number; bounds: Bounds },
  trials: number,
) {
  const rng = createRng(seed);
  const { modules } = shape;
  const D = params.maxDelta;
  let genes = 0;
  let selected = 0;
  let changed = 0;
  let expectedChanged = 0;
  let varChanged = 0;
  let drawnSum = 0;
  let realisedSum = 0;
  const drawnCounts = new Map<number, number>();
  for (let t = 0; t < trials; t++) {
    const parent = randomGenotype(rng, shape);
    const trace = mutateWithTrace(rng, parent, { modules, ...params });
    parent.forEach((row, l) => {
      row.forEach((v, k) => {
        genes += 1;
        const w = trace.genotype[l]?.[k] as number;
        const d = trace.drawn[l]?.[k] as number;
        // chance that this gene changes, averaged over the uniform delta
        let q = 0;
        for (let dd = -D; dd <= D; dd++) if (changes(v, dd, modules, params.bounds)) q += 1;
        const pc = (params.probability * q) / (2 * D + 1);
        expectedChanged += pc;
        varChanged += pc * (1 - pc);
        if (w !== v) changed += 1;
        if (trace.selected[l]?.[k]) {
          selected += 1;
          drawnSum += d;
          drawnCounts.set(d, (drawnCounts.get(d) ?? 0) + 1);
        }
        if (params.bounds === 'clamp') realisedSum += w - v;
        else {
          // shortest signed step on the ring; equals the drawn delta when M > 2·maxDelta
          let c = (((w - v) % modules) + modules) % modules;
          if (c > modules / 2) c -= modules;
          realisedSum += c;
        }
      });
    });
  }
  return {
    genes,
    selected,
    changed,
    expectedChanged,
    varChanged,
    drawnSum,
    realisedSum,
    drawnCounts,
  };
}

const statsArb = fc.record({
  seed: seedArb,
  shape: shapeArb,
  probability: fc.double({ min: 0, max: 1, noNaN: true }),
  maxDelta: fc.integer({ min: 1, max: 4 }),
  bounds: boundsArb,
});

describe('law 2: mutation rate and no drift', () => {
  test.prop([statsArb], { numRuns: 25 })(
    'the fraction of selected genes is the configured probability (binomial, 5 sigma)',
    ({ seed, shape, probability, maxDelta, bounds }) => {
      const trials = Math.ceil(8000 / (shape.layers * shape.active));
      const s = sample(seed, shape, { probability, maxDelta, bounds }, trials);
      const sd = Math.sqrt(s.genes * probability * (1 - probability));
      expect(Math.abs(s.selected - s.genes * probability)).toBeLessThanOrEqual(SIGMAS * sd + 1e-9);
      // changed genes: selected and moved by the delta (a zero delta or a clamp at the border keeps it)
      expect(Math.abs(s.changed - s.expectedChanged)).toBeLessThanOrEqual(
        SIGMAS * Math.sqrt(s.varChanged) + 1e-9,
      );
    },
    60_000,
  );

  test.prop([statsArb.map((r) => ({ ...r, probability: Math.max(r.probability, 0.05) }))], {
    numRuns: 25,
  })(
    'drawn deltas are uniform on [-maxDelta, maxDelta] with mean 0, for clamp and wrap',
    ({ seed, shape, probability, maxDelta, bounds }) => {
      const trials = Math.ceil(8000 / (shape.layers * shape.active));
      const s = sample(seed, shape, { probability, maxDelta, bounds }, trials);
      const variance = (maxDelta * (maxDelta + 1)) / 3; // of the uniform integer on [-D, D]
      expect(Math.abs(s.drawnSum)).toBeLessThanOrEqual(
        SIGMAS * Math.sqrt(s.selected * variance) + 1e-9,
      );
      const cells = 2 * maxDelta + 1;
      for (let d = -maxDelta; d <= maxDelta; d++) {
        const count = s.drawnCounts.get(d) ?? 0;
        const pd = 1 / cells;
        expect(Math.abs(count - s.selected * pd)).toBeLessThanOrEqual(
          SIGMAS * Math.sqrt(s.selected * pd * (1 - pd)) + 1e-9,
        );
      }
      expect([...s.drawnCounts.keys()].every((d) => Math.abs(d) <= maxDelta)).toBe(true);
    },
    60_000,
  );

  test.prop(
    [
      statsArb
        .filter((r) => r.bounds === 'clamp' || r.shape.modules > 2 * r.maxDelta)
        .map((r) => ({ ...r, probability: Math.max(r.probability, 0.05) })),
    ],
    { numRuns: 25 },
  )(
    'realised change over uniformly spread genes has mean 0 (clamp: new - old; wrap: shortest ring step, M > 2·maxDelta)',
    ({ seed, shape, probability, maxDelta, bounds }) => {
      const trials = Math.ceil(8000 / (shape.layers * shape.active));
      const s = sample(seed, shape, { probability, maxDelta, bounds }, trials);
      // |change| <= |drawn delta|, so E[change^2] <= p·D(D+1)/3 bounds the variance
      const variance = (probability * maxDelta * (maxDelta + 1)) / 3;
      expect(Math.abs(s.realisedSum)).toBeLessThanOrEqual(
        SIGMAS * Math.sqrt(s.genes * variance) + 1e-9,
      );
    },
    60_000,
  );

  test.prop(geneDeltaArbs)(
    'clamp is mirror-symmetric: clamp(M-1-g, -d) = M-1-clamp(g, d), so both borders pull equally',
    (modules, g0, d) => {
      const g = g0 % modules;
      expect(applyDelta(modules - 1 - g, -d, modules, 'clamp')).toBe(
        modules - 1 - applyDelta(g, d, modules, 'clamp'),
      );
    },
    60_000,
  );

  test.prop(geneDeltaArbs)(
    'wrap adds the delta modulo M: result ≡ g + d (mod M), in [0, M)',
    (modules, g0, d) => {
      const g = g0 % modules;
      const out = applyDelta(g, d, modules, 'wrap');
      expect(out).toBeGreaterThanOrEqual(0);
      expect(out).toBeLessThan(modules);
      expect((((out - g - d) % modules) + modules) % modules).toBe(0);
    },
    60_000,
  );

  test.prop([shapeArb, seedArb, boundsArb])(
    'probability 0 leaves the genotype equal; probability 1 selects every gene; the input is never modified',
    (shape, seed, bounds) => {
      const rng = createRng(seed);
      const g = randomGenotype(rng, shape);
      const copy = JSON.parse(JSON.stringify(g));
      expect(mutate(rng, g, { modules: shape.modules, probability: 0, bounds })).toEqual(g);
      const all = mutateWithTrace(rng, g, { modules: shape.modules, probability: 1, bounds });
      expect(all.selected.flat().every(Boolean)).toBe(true);
      expect(g).toEqual(copy);
    },
    60_000,
  );

  test.prop([shapeArb.filter((s) => s.layers * s.active > 1), seedArb])(
    'the default probability is 1/(N·L) (the paper, Sec. 2.1)',
    (shape, seed) => {
      const rng = createRng(seed);
      const n = shape.layers * shape.active;
      let genes = 0;
      let selected = 0;
      for (let t = 0; t < Math.ceil(6000 / n); t++) {
        const trace = mutateWithTrace(rng, randomGenotype(rng, shape), { modules: shape.modules });
        genes += n;
        selected += trace.selected.flat().filter(Boolean).length;
      }
      const p = 1 / n;
      expect(Math.abs(selected - genes * p)).toBeLessThanOrEqual(
        SIGMAS * Math.sqrt(genes * p * (1 - p)),
      );
    },
    60_000,
  );
});
