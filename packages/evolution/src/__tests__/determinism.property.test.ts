import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  AsyncTournament,
  BinaryTournament,
  type Genotype,
  Population,
  type PopulationConfig,
} from '../index.js';
import { boundsArb, seedArb } from './arbitraries.js';

/** A deterministic stand-in for training: prefers high modules in layer 0, low ones elsewhere. */
function fitnessOf(g: Genotype): number {
  return g.reduce((acc, row, l) => acc + row.reduce((a, m) => a + (l === 0 ? m : -m), 0), 0);
}

function binaryRun(
  config: PopulationConfig,
  seed: number,
  bounds: 'clamp' | 'wrap',
  steps: number,
) {
  const pop = Population.random(config, seed);
  const ga = new BinaryTournament(pop, { mutation: { bounds } });
  const history: (readonly Genotype[])[] = [pop.genotypes];
  for (let t = 0; t < steps; t++) {
    const { genotypes } = ga.ask();
    ga.tell([fitnessOf(genotypes[0]), fitnessOf(genotypes[1])]);
    history.push(pop.genotypes);
  }
  return history;
}

/** P·L·N >= 40 genes with M >= 2: two seeds give equal starting populations with probability <= 2^-40. */
const entropicConfigArb: fc.Arbitrary<PopulationConfig> = fc
  .record({
    size: fc.integer({ min: 8, max: 16 }),
    layers: fc.integer({ min: 1, max: 4 }),
    modules: fc.integer({ min: 2, max: 12 }),
  })
  .chain((c) => fc.integer({ min: 1, max: c.modules }).map((active) => ({ ...c, active })))
  .filter((c) => c.size * c.layers * c.active >= 40);

describe('law 4: determinism by seed', () => {
  test.prop([entropicConfigArb, seedArb, boundsArb], { numRuns: 40 })(
    'the same seed gives the same sequence of genotypes',
    (config, seed, bounds) => {
      expect(binaryRun(config, seed, bounds, 40)).toEqual(binaryRun(config, seed, bounds, 40));
    },
    60_000,
  );

  test.prop([entropicConfigArb, seedArb, seedArb, boundsArb], { numRuns: 40 })(
    'different seeds give different sequences',
    (config, s1, s2, bounds) => {
      fc.pre(s1 !== s2);
      expect(binaryRun(config, s1, bounds, 10)).not.toEqual(binaryRun(config, s2, bounds, 10));
    },
    60_000,
  );

  test.prop(
    [entropicConfigArb, seedArb, fc.array(fc.tuple(fc.nat(), fc.integer()), { maxLength: 30 })],
    {
      numRuns: 40,
    },
  )(
    'the asynchronous tournament is deterministic by seed and report order',
    (config, seed, reports) => {
      const run = () => {
        const pop = Population.random(config, seed);
        const ga = new AsyncTournament(pop, { others: 3 });
        return reports.map(([w, f]) => ga.report(w % config.size, f));
      };
      expect(run()).toEqual(run());
    },
    60_000,
  );
});
