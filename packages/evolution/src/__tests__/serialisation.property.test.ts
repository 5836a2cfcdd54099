import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { BinaryTournament, createRng, type Genotype, Population, rngFromState } from '../index.js';
import { populationRunArbs, seedArb } from './arbitraries.js';

const score = (g: Genotype) => g.flat().reduce((a, m, k) => a + m * ((k % 3) - 1), 0);

function advance(ga: BinaryTournament, steps: number): void {
  for (let t = 0; t < steps; t++) {
    const { genotypes } = ga.ask();
    ga.tell([score(genotypes[0]), score(genotypes[1])]);
  }
}

describe('law 5: serialisation round trip', () => {
  test.prop([
    ...populationRunArbs,
    fc.integer({ min: 0, max: 30 }),
    fc.integer({ min: 1, max: 30 }),
  ])(
    'a population saved as JSON text and loaded equals the original and continues identically',
    (config, seed, bounds, before, after) => {
      const original = Population.random(config, seed);
      advance(new BinaryTournament(original, { mutation: { bounds } }), before);
      const restored = Population.fromJSON(JSON.parse(JSON.stringify(original.toJSON())));
      expect(restored.toJSON()).toEqual(original.toJSON());
      expect(restored.generation).toBe(original.generation);
      advance(new BinaryTournament(original, { mutation: { bounds } }), after);
      advance(new BinaryTournament(restored, { mutation: { bounds } }), after);
      expect(restored.toJSON()).toEqual(original.toJSON());
    },
    60_000,
  );

  test.prop([seedArb, fc.integer({ min: 0, max: 200 })])(
    'a generator resumed from its JSON state gives the same draws',
    (seed, skip) => {
      const rng = createRng(seed);
      for (let k = 0; k < skip; k++) rng.float();
      const resumed = rngFromState(JSON.parse(JSON.stringify(rng.state())));
      const a = Array.from({ length: 50 }, (_, k) => (k % 2 ? rng.int(-7, 1000) : rng.float()));
      const b = Array.from({ length: 50 }, (_, k) =>
        k % 2 ? resumed.int(-7, 1000) : resumed.float(),
      );
      expect(b).toEqual(a);
    },
    60_000,
  );

  test.prop([seedArb])(
    'split children and clones are reproducible and independent of later parent draws',
    (seed) => {
      const a = createRng(seed);
      const b = createRng(seed);
      const ca = a.split();
      const cb = b.split();
      a.float();
      expect(ca.state()).toEqual(cb.state());
      expect(ca.state()).not.toEqual(a.state());
      const clone = b.clone();
      expect(clone.float()).toBe(b.float());
    },
    60_000,
  );
});
