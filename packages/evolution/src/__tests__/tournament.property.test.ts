import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  AsyncTournament,
  BinaryTournament,
  type Bounds,
  createOperator,
  decideAsync,
  type Genotype,
  InvalidConfigError,
  Population,
} from '../index.js';
import {
  fitnessArb,
  populationConfigArb,
  populationRunArbs,
  reachable,
  seedArb,
} from './arbitraries.js';

function isMutationOf(
  child: Genotype,
  parent: Genotype,
  modules: number,
  maxDelta: number,
  bounds: Bounds,
) {
  return (
    child.length === parent.length &&
    child.every(
      (row, l) =>
        row.length === parent[l]?.length &&
        row.every((gene, k) =>
          reachable(parent[l]?.[k] as number, gene, modules, maxDelta, bounds),
        ),
    )
  );
}

describe('law 3: binary tournament', () => {
  test.prop([
    ...populationRunArbs,
    fc.integer({ min: 0, max: 3 }),
    fc.array(fc.tuple(fitnessArb, fitnessArb), { minLength: 1, maxLength: 25 }),
  ])(
    'size stays P, the winner (fitter, first asked on ties) is unchanged, the loser becomes a mutation of it, nobody else changes',
    (config, seed, bounds, maxDelta, fitnesses) => {
      const pop = Population.random(config, seed);
      const ga = new BinaryTournament(pop, { mutation: { bounds, maxDelta, probability: 0.7 } });
      for (const [fi, fj] of fitnesses) {
        const before = pop.genotypes;
        const generation = pop.generation;
        const {
          members: [i, j],
          genotypes: [gi, gj],
        } = ga.ask();
        expect(i).not.toBe(j);
        expect(gi).toEqual(before[i]);
        expect(gj).toEqual(before[j]);
        const metrics = ga.tell([fi, fj]);
        const [winner, loser] = fi >= fj ? [i, j] : [j, i];
        expect(metrics.winner).toBe(winner);
        expect(metrics.loser).toBe(loser);
        expect(pop.genotypes).toHaveLength(config.size);
        expect(pop.genotype(winner)).toEqual(before[winner]);
        expect(
          isMutationOf(
            pop.genotype(loser),
            before[winner] as Genotype,
            config.modules,
            maxDelta,
            bounds,
          ),
        ).toBe(true);
        for (let m = 0; m < config.size; m++) {
          if (m !== loser) expect(pop.genotype(m)).toEqual(before[m]);
        }
        expect(pop.fitness[winner]).toBe(winner === i ? fi : fj);
        expect(pop.fitness[loser]).toBeNull();
        expect(pop.generation).toBe(generation + 1);
      }
    },
    60_000,
  );

  test.prop([populationConfigArb, seedArb], { numRuns: 20 })(
    'ask draws two distinct members and, over many asks, every member gets drawn',
    (config, seed) => {
      const pop = Population.random(config, seed);
      const ga = new BinaryTournament(pop, { mutation: { probability: 0 } });
      const seen = new Set<number>();
      for (let t = 0; t < 60 * config.size; t++) {
        const { members } = ga.ask();
        seen.add(members[0]);
        seen.add(members[1]);
        ga.tell([0, 0]);
      }
      // each member is missed by one ask with probability 1 - 2/P; 60·P asks make missing it < e^-120
      expect(seen.size).toBe(config.size);
    },
    60_000,
  );

  it('best() is the member with the highest last fitness, lowest index on ties', () => {
    const pop = Population.random({ size: 4, layers: 2, modules: 5, active: 2 }, 7);
    const ga = new BinaryTournament(pop);
    const { members } = ga.ask();
    ga.tell([3, 1]);
    expect(pop.best()).toEqual({
      index: members[0],
      genotype: pop.genotype(members[0]),
      fitness: 3,
    });
  });
});

describe('asynchronous tournament (Sec. 2.2)', () => {
  test.prop([
    ...populationRunArbs,
    fc.array(fc.tuple(fc.nat(), fitnessArb), { minLength: 1, maxLength: 25 }),
    fc.nat(),
  ])(
    'the worker copies and mutates the best of its B others iff that one is strictly fitter; nobody else changes',
    (config, seed, bounds, reports, b) => {
      const pop = Population.random(config, seed);
      const others = 1 + (b % (config.size - 1));
      const ga = new AsyncTournament(pop, { others, mutation: { bounds, probability: 0.7 } });
      for (const [w0, f] of reports) {
        const worker = w0 % config.size;
        const before = pop.genotypes;
        const fitBefore = pop.fitness;
        const out = ga.report(worker, f);
        expect(out.others).toHaveLength(others);
        expect(new Set(out.others).size).toBe(others);
        expect(out.others).not.toContain(worker);
        const scored = out.others.filter((m) => fitBefore[m] !== null);
        const bestFitness = Math.max(...scored.map((m) => fitBefore[m] as number));
        if (scored.length > 0 && bestFitness > f) {
          expect(out.winner).not.toBeNull();
          // Numeric equality: -0 and +0 are the same fitness.
          expect(fitBefore[out.winner as number] === bestFitness).toBe(true);
          expect(
            isMutationOf(
              pop.genotype(worker),
              before[out.winner as number] as Genotype,
              config.modules,
              2,
              bounds,
            ),
          ).toBe(true);
          expect(pop.fitness[worker]).toBeNull();
        } else {
          expect(out.winner).toBeNull();
          expect(pop.genotype(worker)).toEqual(before[worker]);
          expect(pop.fitness[worker]).toBe(f);
        }
        for (let m = 0; m < config.size; m++) {
          if (m !== worker) expect(pop.genotype(m)).toEqual(before[m]);
        }
        expect(pop.genotypes).toHaveLength(config.size);
      }
    },
    60_000,
  );
});

describe('asynchronous tournament ties (Sec. 2.2: "a fitness of at least its own")', () => {
  test.prop([fitnessArb, fc.array(fitnessArb, { minLength: 1, maxLength: 6 })])(
    "with ties 'copy' the worker is overwritten iff the best other is at least as fit; with 'keep' iff strictly fitter",
    (own, others) => {
      const members = [0, ...others.map((_, k) => k + 1)];
      const fitness = [own, ...others];
      const best = Math.max(...others);
      const copy = decideAsync(members, fitness, 'copy');
      const keep = decideAsync(members, fitness, 'keep');
      expect(copy !== null).toBe(best >= own);
      expect(keep !== null).toBe(best > own);
      if (copy !== null) expect(fitness[copy.winner] === best).toBe(true);
    },
  );

  it("the registered 'async-tournament' operator passes its ties option to decide", () => {
    const op = createOperator('async-tournament', { others: 1, ties: 'copy' });
    expect(op.decide([0, 1], [2, 2])).toEqual({ winner: 1, loser: 0 });
    expect(createOperator('async-tournament', { others: 1 }).decide([0, 1], [2, 2])).toBeNull();
    expect(() =>
      createOperator('async-tournament', { others: 1, ties: 'maybe' as 'copy' }),
    ).toThrow(InvalidConfigError);
  });
});
