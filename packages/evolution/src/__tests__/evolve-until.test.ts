import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  BinaryTournament,
  evolveUntil,
  type Genotype,
  InvalidConfigError,
  Population,
} from '../index.js';

const shape = { size: 8, layers: 3, modules: 10, active: 3 };
/** A fitness with a known optimum: the fraction of genes equal to 0. */
const zeros = (g: Genotype) => g.flat().filter((x) => x === 0).length / g.flat().length;

describe('evolveUntil', () => {
  test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 60 })])(
    'stops at the first generation whose tournament reaches the threshold, or at the cap',
    (seed, cap) => {
      const tournament = new BinaryTournament(Population.random(shape, seed));
      const r = evolveUntil(tournament, zeros, { threshold: 0.5, maxGenerations: cap });
      expect(r.curve).toHaveLength(r.generations);
      expect(tournament.population.generation).toBe(r.generations);
      const firstHit = r.curve.findIndex(([, f]) => f >= 0.5);
      if (r.solved) {
        expect(firstHit).toBe(r.generations - 1);
        expect(zeros(r.best.genotype)).toBe(r.best.fitness);
        expect(r.best.fitness).toBeGreaterThanOrEqual(0.5);
      } else {
        expect(firstHit).toBe(-1);
        expect(r.generations).toBe(cap);
      }
    },
    60_000,
  );

  test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 40 })])(
    "a pair evaluator gets the tournament's two genotypes and runs it exactly as scoring them one by one",
    (seed, cap) => {
      const options = { threshold: 0.6, maxGenerations: cap };
      const one = evolveUntil(new BinaryTournament(Population.random(shape, seed)), zeros, options);
      const asked: Genotype[][] = [];
      const pairTournament = new BinaryTournament(Population.random(shape, seed));
      const pair = evolveUntil(
        pairTournament,
        {
          pair: (a, b) => {
            asked.push([a, b]);
            return [zeros(a), zeros(b)];
          },
        },
        options,
      );
      expect(pair).toEqual(one);
      expect(asked).toHaveLength(pair.generations);
      expect(pairTournament.population.generation).toBe(pair.generations);
    },
    60_000,
  );

  it('climbs: selection plus mutation reaches a fitness random genotypes rarely have', () => {
    // 1 at the all-zero genotype, and every step towards 0 is an improvement.
    const low = (g: Genotype) => 1 - g.flat().reduce((a, b) => a + b, 0) / (g.flat().length * 9);
    const r = evolveUntil(new BinaryTournament(Population.random(shape, 3)), low, {
      threshold: 1,
      maxGenerations: 5000,
    });
    expect(r.solved).toBe(true);
    expect(r.best.genotype.flat().every((x) => x === 0)).toBe(true);
  });

  it('reports the best fitness so far after every generation', () => {
    const seen: number[] = [];
    evolveUntil(
      new BinaryTournament(Population.random(shape, 1)),
      zeros,
      { threshold: 2, maxGenerations: 30 },
      (_, f) => seen.push(f),
    );
    expect(seen).toHaveLength(30);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
  });

  it('rejects a cap that is not a positive integer', () => {
    const t = new BinaryTournament(Population.random(shape, 1));
    expect(() => evolveUntil(t, zeros, { threshold: 1, maxGenerations: 0 })).toThrow(
      InvalidConfigError,
    );
    expect(() => evolveUntil(t, zeros, { threshold: 1, maxGenerations: 0 })).toThrow(
      /maxGenerations/,
    );
  });
});
