import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  AsyncTournament,
  BinaryTournament,
  createOperator,
  createRng,
  type Genotype,
  type GenotypeShape,
  Population,
  randomGenotype,
} from '../index.js';
import {
  boundsArb,
  fitnessArb,
  inShape,
  populationRunArbs,
  seedArb,
  shapeArb,
} from './arbitraries.js';

function expectInShape(g: Genotype, shape: GenotypeShape): void {
  expect(inShape(g, shape), JSON.stringify(g)).toBe(true);
}

describe('law 1: every operator keeps genes in [0, M) and shape L×N', () => {
  test.prop([shapeArb, seedArb])(
    'randomGenotype',
    (shape, seed) => {
      expectInShape(randomGenotype(createRng(seed), shape), shape);
    },
    60_000,
  );

  test.prop([
    shapeArb,
    seedArb,
    boundsArb,
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.integer({ min: 0, max: 30 }),
  ])(
    'mutation, for any probability, maxDelta and bounds',
    (shape, seed, bounds, probability, maxDelta) => {
      const rng = createRng(seed);
      const op = createOperator('mutation', {
        modules: shape.modules,
        probability,
        maxDelta,
        bounds,
      });
      let g = randomGenotype(rng, shape);
      for (let t = 0; t < 20; t++) {
        g = op.apply(rng, g);
        expectInShape(g, shape);
      }
    },
    60_000,
  );

  test.prop([shapeArb, seedArb, fc.double({ min: 0, max: 1, noNaN: true })])(
    'uniform crossover',
    (shape, seed, mix) => {
      const rng = createRng(seed);
      const op = createOperator('uniform-crossover', { mix });
      const a = randomGenotype(rng, shape);
      const b = randomGenotype(rng, shape);
      const child = op.apply(rng, a, b);
      expectInShape(child, shape);
      child.forEach((row, l) => {
        row.forEach((gene, k) => {
          expect([a[l]?.[k], b[l]?.[k]]).toContain(gene);
        });
      });
    },
    60_000,
  );

  test.prop([shapeArb.filter((s) => s.modules >= 2), seedArb])(
    'module duplication proposes a layer in [0, L), an active source and another target in [0, M)',
    (shape, seed) => {
      const rng = createRng(seed);
      const op = createOperator('module-duplication', { modules: shape.modules, rate: 1 });
      const g = randomGenotype(rng, shape);
      const p = op.apply(rng, g);
      if (p === null) throw new Error('rate 1 with no frozen module must propose');
      expect(p.layer).toBeGreaterThanOrEqual(0);
      expect(p.layer).toBeLessThan(shape.layers);
      expect(g[p.layer]).toContain(p.source);
      expect(p.target).not.toBe(p.source);
      expect(p.target).toBeGreaterThanOrEqual(0);
      expect(p.target).toBeLessThan(shape.modules);
      expectInShape(g, shape);
    },
    60_000,
  );

  test.prop([
    ...populationRunArbs,
    fc.array(fc.tuple(fitnessArb, fitnessArb), { minLength: 1, maxLength: 30 }),
  ])(
    'binary tournament',
    (config, seed, bounds, fitnesses) => {
      const pop = Population.random(config, seed);
      const ga = new BinaryTournament(pop, { mutation: { bounds, probability: 0.5 } });
      for (const f of fitnesses) {
        ga.ask();
        ga.tell(f);
        expect(pop.genotypes).toHaveLength(config.size);
        for (const g of pop.genotypes) expectInShape(g, config);
      }
    },
    60_000,
  );

  test.prop([
    ...populationRunArbs,
    fc.array(fc.tuple(fc.nat(), fitnessArb), { minLength: 1, maxLength: 30 }),
  ])(
    'asynchronous tournament',
    (config, seed, bounds, reports) => {
      const pop = Population.random(config, seed);
      const ga = new AsyncTournament(pop, {
        others: config.size - 1,
        mutation: { bounds, probability: 0.5 },
      });
      for (const [w, f] of reports) {
        ga.report(w % config.size, f);
        expect(pop.genotypes).toHaveLength(config.size);
        for (const g of pop.genotypes) expectInShape(g, config);
      }
    },
    60_000,
  );
});
