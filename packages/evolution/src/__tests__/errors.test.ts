import { describe, expect, it } from 'vitest';
import {
  AskTellOrderError,
  AsyncTournament,
  BinaryTournament,
  createOperator,
  createRng,
  InvalidConfigError,
  InvalidFitnessError,
  InvalidGenotypeError,
  InvalidPopulationJsonError,
  InvalidRngStateError,
  mutate,
  NoFitnessError,
  Population,
  randomGenotype,
  rngFromState,
  UnknownIdError,
} from '../index.js';

const shape = { layers: 3, modules: 10, active: 3 };

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('bad configuration: InvalidConfigError names the field, what was given and what was expected', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['L = 0', { ...shape, layers: 0 }, /invalid layers: got 0, expected an integer >= 1/],
    ['L < 0', { ...shape, layers: -2 }, /invalid layers: got -2, expected an integer >= 1/],
    ['L non-integer', { ...shape, layers: 1.5 }, /invalid layers: got 1.5/],
    ['M = 0', { ...shape, modules: 0 }, /invalid modules: got 0, expected an integer >= 1/],
    ['M NaN', { ...shape, modules: Number.NaN }, /invalid modules: got NaN/],
    ['N = 0', { ...shape, active: 0 }, /invalid active: got 0, expected an integer >= 1/],
    ['N non-integer', { ...shape, active: 2.5 }, /invalid active: got 2.5/],
    [
      'N > M',
      { ...shape, modules: 3, active: 4 },
      /invalid active: got 4, expected at most modules = 3 \(N <= M\)/,
    ],
  ];
  for (const [name, bad, message] of cases) {
    it(`rejects ${name} in randomGenotype and Population.random`, () => {
      const e1 = caught(() => randomGenotype(createRng(1), bad as typeof shape));
      expect(e1).toBeInstanceOf(InvalidConfigError);
      expect(e1.message).toMatch(message);
      const e2 = caught(() => Population.random({ size: 4, ...(bad as typeof shape) }, 1));
      expect(e2).toBeInstanceOf(InvalidConfigError);
      expect(e2.message).toMatch(message);
    });
  }

  it('rejects P = 0 and a binary tournament over P = 1', () => {
    expect(caught(() => Population.random({ size: 0, ...shape }, 1)).message).toMatch(
      /invalid size: got 0, expected an integer P >= 1/,
    );
    const e = caught(() => new BinaryTournament(Population.random({ size: 1, ...shape }, 1)));
    expect(e).toBeInstanceOf(InvalidConfigError);
    expect(e.message).toMatch(/population size: got 1, expected an integer >= 2/);
  });

  for (const p of [-0.1, 1.5, Number.NaN]) {
    it(`rejects mutation probability ${p}`, () => {
      const g = randomGenotype(createRng(1), shape);
      const e = caught(() => mutate(createRng(1), g, { modules: 10, probability: p }));
      expect(e).toBeInstanceOf(InvalidConfigError);
      expect(e.message).toContain(
        `invalid mutation.probability: got ${p}, expected a number in [0, 1]`,
      );
      const pop = Population.random({ size: 4, ...shape }, 1);
      expect(() => new BinaryTournament(pop, { mutation: { probability: p } })).toThrow(
        InvalidConfigError,
      );
      expect(() => createOperator('mutation', { modules: 10, probability: p })).toThrow(
        /invalid options.probability/,
      );
    });
  }

  it('rejects a bad maxDelta, unknown bounds and a bad seed', () => {
    const g = randomGenotype(createRng(1), shape);
    expect(() => mutate(createRng(1), g, { modules: 10, maxDelta: -1 })).toThrow(
      /maxDelta: got -1/,
    );
    expect(() => mutate(createRng(1), g, { modules: 10, bounds: 'reflect' as 'clamp' })).toThrow(
      /bounds: got "reflect", expected "clamp" or "wrap"/,
    );
    expect(() => createRng(-1)).toThrow(
      /invalid seed: got -1, expected an integer in \[0, 2\^32\)/,
    );
    expect(() => createRng(0.5)).toThrow(InvalidConfigError);
  });

  it('mutate rejects a genotype with a gene outside [0, M)', () => {
    const e = caught(() => mutate(createRng(1), [[0, 10]], { modules: 10 }));
    expect(e).toBeInstanceOf(InvalidGenotypeError);
    expect(e.message).toBe(
      'invalid genotype[0][1]: got 10, expected an integer module index in [0, 10)',
    );
  });

  it('rejects B outside [1, P-1] for the asynchronous tournament', () => {
    const pop = Population.random({ size: 4, ...shape }, 1);
    expect(() => new AsyncTournament(pop, { others: 0 })).toThrow(/invalid others: got 0/);
    expect(() => new AsyncTournament(pop, { others: 4 })).toThrow(
      /got 4, expected an integer B in \[1, 3\]/,
    );
  });

  it('fromGenotypes needs genotypes of one shape with genes in [0, M)', () => {
    const g = [
      [0, 1],
      [2, 3],
    ];
    expect(() => Population.fromGenotypes([], 1, { modules: 4 })).toThrow(InvalidConfigError);
    const e = caught(() =>
      Population.fromGenotypes(
        [
          g,
          [
            [0, 1],
            [2, 4],
          ],
        ],
        1,
        { modules: 4 },
      ),
    );
    expect(e).toBeInstanceOf(InvalidGenotypeError);
    expect(e.message).toBe(
      'invalid genotypes[1][1][1]: got 4, expected an integer module index in [0, 4)',
    );
    expect(() => Population.fromGenotypes([g, [[0, 1]]], 1, { modules: 4 })).toThrow(
      /genotypes\[1\]: got 1 rows, expected an array of L = 2 rows/,
    );
  });
});

describe('unknown operator name', () => {
  it('throws UnknownIdError with a did-you-mean suggestion', () => {
    const e = caught(() => createOperator('mutaton', { modules: 3 }));
    expect(e).toBeInstanceOf(UnknownIdError);
    expect(e.message).toMatch(/unknown GA operator "mutaton"\. Did you mean "mutation"\?/);
    expect((e as UnknownIdError).suggestions).toContain('mutation');
  });
});

describe('bad fitness: InvalidFitnessError', () => {
  const setup = () => {
    const pop = Population.random({ size: 6, ...shape }, 3);
    const ga = new BinaryTournament(pop);
    ga.ask();
    return { pop, ga };
  };

  it('rejects a fitness array of the wrong length', () => {
    const { ga } = setup();
    const e = caught(() => ga.tell([1]));
    expect(e).toBeInstanceOf(InvalidFitnessError);
    expect(e.message).toBe(
      'invalid fitness: got an array of length 1, expected an array of 2 finite numbers',
    );
    expect(() => ga.tell([1, 2, 3])).toThrow(/length 3/);
  });

  it('rejects NaN (not ranked as worst) and leaves the ask pending and the population untouched', () => {
    const { pop, ga } = setup();
    const before = pop.toJSON();
    const e = caught(() => ga.tell([0.5, Number.NaN]));
    expect(e).toBeInstanceOf(InvalidFitnessError);
    expect(e.message).toBe('invalid fitness[1]: got NaN, expected a finite number');
    expect(pop.toJSON()).toEqual(before);
    expect(ga.pending).not.toBeNull();
    ga.tell([0.5, 0.25]);
    expect(pop.generation).toBe(1);
  });

  it('rejects infinities and non-numbers', () => {
    const { ga } = setup();
    expect(() => ga.tell([Number.POSITIVE_INFINITY, 0])).toThrow(/fitness\[0\]: got Infinity/);
    expect(() => ga.tell(['1', 0] as unknown as number[])).toThrow(/fitness\[0\]: got "1"/);
  });

  it('rejects a NaN report in the asynchronous tournament', () => {
    const pop = Population.random({ size: 6, ...shape }, 3);
    expect(() => new AsyncTournament(pop, { others: 2 }).report(0, Number.NaN)).toThrow(
      InvalidFitnessError,
    );
  });
});

describe('order and state errors', () => {
  it('tell() without ask() and ask() twice throw AskTellOrderError', () => {
    const ga = new BinaryTournament(Population.random({ size: 4, ...shape }, 1));
    expect(() => ga.tell([1, 2])).toThrow(AskTellOrderError);
    ga.ask();
    expect(() => ga.ask()).toThrow(AskTellOrderError);
  });

  it('best() before any fitness throws NoFitnessError', () => {
    expect(() => Population.random({ size: 4, ...shape }, 1).best()).toThrow(NoFitnessError);
  });
});

describe('bad checkpoint: InvalidPopulationJsonError names the path', () => {
  /** A parsed checkpoint, writable for corruption. */
  interface Checkpoint {
    format: unknown;
    version: unknown;
    config: { active: number };
    genotypes: number[][][];
    fitness: unknown[];
    generation: number;
    rng: { state: number[] };
  }
  const good = (): Checkpoint =>
    JSON.parse(JSON.stringify(Population.random({ size: 3, ...shape }, 5).toJSON()));
  const cases: [string, (j: Checkpoint) => unknown, RegExp][] = [
    ['a wrong format', (j) => ({ ...j, format: 'x' }), /at format: got "x"/],
    ['a wrong version', (j) => ({ ...j, version: 2 }), /at version: got 2, expected 1/],
    [
      'a gene out of range',
      (j) => {
        const row = j.genotypes[2]?.[1];
        if (row) row[0] = 10;
        return j;
      },
      /at genotypes\[2\]\[1\]\[0\]: got 10, expected an integer module index in \[0, 10\)/,
    ],
    [
      'a missing genotype',
      (j) => {
        j.genotypes.pop();
        return j;
      },
      /at genotypes: got an array of length 2, expected an array of P = 3 genotypes/,
    ],
    [
      'a NaN-like fitness',
      (j) => {
        j.fitness[0] = 'NaN';
        return j;
      },
      /at fitness\[0\]: got "NaN", expected a finite number or null/,
    ],
    ['a negative generation', (j) => ({ ...j, generation: -1 }), /at generation: got -1/],
    [
      'a broken generator state',
      (j) => {
        j.rng.state = [1, 2, 3];
        return j;
      },
      /at rng\.state: got \[1,2,3\], expected an array of 4 int32 words/,
    ],
    [
      'N > M in the config',
      (j) => {
        j.config.active = 11;
        return j;
      },
      /at config\.active: got 11/,
    ],
  ];
  for (const [name, corrupt, message] of cases) {
    it(`rejects ${name}`, () => {
      const e = caught(() => Population.fromJSON(corrupt(good())));
      expect(e).toBeInstanceOf(InvalidPopulationJsonError);
      expect(e.message).toMatch(message);
    });
  }

  it('rejects text that is not JSON and a malformed generator state on its own', () => {
    expect(() => Population.fromJSON('{oops')).toThrow(InvalidPopulationJsonError);
    expect(() => rngFromState({ algorithm: 'mt', state: [1, 2, 3, 4] })).toThrow(
      InvalidRngStateError,
    );
    expect(() => rngFromState({ algorithm: 'xoroshiro128plus', state: [0, 0, 0, 0] })).toThrow(
      /not all zero/,
    );
  });
});
