import { fc, test } from '@fast-check/vitest';
import { afterEach, describe, expect, it } from 'vitest';
import { evolveUntil } from '../evolve-until.js';
import { type MutationOperator, registerOperator, resetOperators } from '../operator.js';
import { Population } from '../population.js';
import { BinaryTournament } from '../tournament.js';

afterEach(() => resetOperators());

const shape = { size: 6, layers: 3, modules: 10, active: 3 };
/** Runs `generations` tournaments with fitness from the seed-independent score of a genotype. */
const run = (seed: number, mutation: ConstructorParameters<typeof BinaryTournament>[1]) => {
  const t = new BinaryTournament(Population.random(shape, seed), mutation);
  for (let g = 0; g < 20; g++) {
    const { genotypes } = t.ask();
    t.tell(genotypes.map((x) => x.flat().reduce((a, b) => a + b, 0)));
  }
  return t.population.state.genotypes;
};

describe('tournaments take the mutation operator by registry name', () => {
  test.prop([fc.integer({ min: 0, max: 10_000 })], { numRuns: 20 })(
    "naming the built-in 'mutation' gives the populations of its default settings",
    (seed) => {
      expect(run(seed, { mutation: 'mutation' })).toEqual(run(seed, {}));
      expect(run(seed, { mutation: { operator: 'mutation', options: { maxDelta: 1 } } })).toEqual(
        run(seed, { mutation: { maxDelta: 1 } }),
      );
    },
  );

  it('a registered plugin operator replaces the built-in, with the tournament adding M', () => {
    const seen: unknown[] = [];
    registerOperator('to-zero', (options: { modules: number; layer: number }): MutationOperator => {
      seen.push(options);
      return {
        kind: 'mutation',
        apply: (_rng, g) => g.map((row, l) => (l === options.layer ? row.map(() => 0) : [...row])),
      };
    });
    const t = new BinaryTournament(Population.random(shape, 1), {
      mutation: { operator: 'to-zero', options: { layer: 2 } },
    });
    const { members } = t.ask();
    const metrics = t.tell([1, 0]);
    expect(seen).toEqual([{ layer: 2, modules: 10 }]);
    expect(t.population.state.genotypes[members[1]]?.[2]).toEqual([0, 0, 0]);
    expect(metrics.mutatedGenes).toBeLessThanOrEqual(3);
  });

  it('rejects an operator of another kind and an operator returning genes out of range', () => {
    const population = Population.random(shape, 1);
    expect(() => new BinaryTournament(population, { mutation: 'uniform-crossover' })).toThrow(
      /needs a mutation operator, got a crossover operator/,
    );
    expect(() => new BinaryTournament(population, { mutation: 'mutaton' })).toThrow(
      /Did you mean "mutation"/,
    );
    const bad: MutationOperator = {
      kind: 'mutation',
      apply: (_r, g) => g.map((row) => row.map(() => 99)),
    };
    const t = new BinaryTournament(population, { mutation: bad });
    t.ask();
    expect(() => t.tell([1, 0])).toThrow(/mutated genotype/);
  });

  it('evolveUntil runs a tournament over a population with the named operator', () => {
    registerOperator(
      'identity',
      (): MutationOperator => ({ kind: 'mutation', apply: (_r, g) => g }),
    );
    const population = Population.random(shape, 3);
    const before = new Set(population.state.genotypes.map((g) => JSON.stringify(g)));
    const r = evolveUntil(population, (g) => g.flat()[0]!, {
      threshold: Number.POSITIVE_INFINITY,
      maxGenerations: 30,
      mutation: 'identity',
    });
    expect(r.generations).toBe(30);
    // Without mutation, tournaments only copy: no genotype is new.
    for (const g of population.state.genotypes) expect(before.has(JSON.stringify(g))).toBe(true);
  });
});
