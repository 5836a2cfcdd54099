import {
  createRng,
  type MutationOperator,
  registerOperator,
  resetOperators,
  type SelectionOperator,
} from '@pathnet/evolution';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AsyncPathwayTournament,
  defaultA3CArgs,
  InvalidA3CArgsError,
  ObservationShapeError,
  PathwayTable,
  resolveA3CArgs,
  trainA3C,
} from '../index.js';
import { ENGINES, smallNet } from './helpers.js';

afterEach(() => {
  resetOperators();
});

describe('A3C args', () => {
  it("default to the paper's A3C settings", () => {
    expect(defaultA3CArgs).toMatchObject({
      tMax: 20,
      gamma: 0.99,
      valueCoef: 0.5,
      entropyCoef: 0.01,
      clipNorm: 40,
      rmspropDecay: 0.99,
      rmspropEpsilon: 0.1,
      annealLearningRate: true,
      workers: 64,
    });
  });

  it.each([
    [{ tMax: 0 }, 'tMax'],
    [{ gamma: 1.5 }, 'gamma'],
    [{ learningRate: -1 }, 'learningRate'],
    [{ workers: 4, tournamentSize: 4 }, 'tournamentSize'],
    [{ workers: 1 }, 'workers'],
    [{ tmax: 5 } as object, 'tmax'],
  ])('reject %j naming the field', (overrides, field) => {
    expect(() => resolveA3CArgs(overrides)).toThrow(InvalidA3CArgsError);
    expect(() => resolveA3CArgs(overrides)).toThrow(new RegExp(`A3C ${field}:`));
  });

  it('refuse observations that do not fit the grid', () => {
    expect(() =>
      trainA3C({
        env: 'CartPole-v1',
        net: smallNet(3),
        args: { workers: 1, evolve: false, totalFrames: 10 },
      }),
    ).toThrow(ObservationShapeError);
  });
});

describe('the single-thread runner', () => {
  it('trains with 1 worker (plain A3C) through the whole frame budget', { timeout: 30_000 }, () => {
    const result = trainA3C({
      env: 'CartPole-v1',
      net: smallNet(4),
      args: { workers: 1, evolve: false, totalFrames: 500 },
    });
    expect(result.frames).toBeGreaterThanOrEqual(500);
    expect(result.frames).toBeLessThan(520);
    expect(result.episodes.length).toBeGreaterThan(0);
    expect(result.tournaments).toBe(0);
    expect(result.pathways).toEqual([
      [
        [0, 1],
        [0, 1],
      ],
    ]);
  });

  it.each(ENGINES)(
    'is deterministic by seed on engine %s: same seed, same episodes, pathways and parameters',
    {
      timeout: 30_000,
    },
    (engine) => {
      const go = (seed: number) => {
        const net = smallNet(4, 2, engine);
        const args = {
          workers: 4,
          tournamentSize: 2,
          evaluationEpisodes: 2,
          totalFrames: 800,
          seed,
        };
        const r = trainA3C({ env: 'CartPole-v1', net, args });
        return {
          episodes: r.episodes,
          pathways: r.pathways,
          tournaments: r.tournaments,
          values: net.toValues(),
        };
      };
      const a = go(7);
      expect(a.tournaments).toBeGreaterThan(0);
      expect(go(7)).toEqual(a);
      expect(go(8).episodes).not.toEqual(a.episodes);
    },
  );
});

describe('initialPathway: a population that starts converged on one genotype', () => {
  const go = (initialPathway: number[][] | null, totalFrames: number) => {
    return trainA3C({
      env: 'CartPole-v1',
      net: smallNet(4, 2, 'fused'),
      args: {
        workers: 4,
        tournamentSize: 2,
        evaluationEpisodes: 2,
        totalFrames,
        seed: 3,
        initialPathway,
      },
    });
  };

  it('starts every worker on the given genotype; null keeps the random start', () => {
    const start = [
      [2, 1],
      [0, 2],
    ];
    // One rollout per worker, no tournament yet: the pathways are the starting ones.
    const converged = go(start, 4);
    expect(converged.tournaments).toBe(0);
    expect(converged.pathways).toEqual([start, start, start, start]);
    const random = go(null, 4).pathways;
    expect(random.some((p) => JSON.stringify(p) !== JSON.stringify(start))).toBe(true);
  });

  it.each([
    [[[0, 1]], 'a missing layer'],
    [
      [
        [0, 1],
        [0, 3],
      ],
      'a module index ≥ M',
    ],
    [[[0, 1], [0]], 'a row shorter than N'],
  ])('refuses %j (%s) naming initialPathway', (initialPathway) => {
    expect(() => go(initialPathway, 4)).toThrow(/A3C initialPathway:/);
  });
});

describe('the asynchronous tournament (Sec. 2.2)', () => {
  const shape = { layers: 2, modules: 5, active: 2 };

  it('copies (with mutation) an other of at least its own fitness, keeps its own otherwise', () => {
    const table = new PathwayTable(2, shape);
    table.setGenotype(0, [
      [0, 0],
      [0, 0],
    ]);
    table.setGenotype(1, [
      [4, 4],
      [4, 4],
    ]);
    table.setFitness(1, 10);
    const t = new AsyncPathwayTournament(table, {
      ...defaultA3CArgs,
      tournamentSize: 1,
      mutationProbability: 0,
    });
    const kept = t.report(0, [11, 12], createRng(1));
    expect(kept.copiedFrom).toBeNull();
    expect(table.fitness(0)).toBe(11.5);
    const tie = t.report(0, [10], createRng(1));
    expect(tie.copiedFrom).toBe(1);
    expect(tie.pathway).toEqual([
      [4, 4],
      [4, 4],
    ]);
    expect(table.fitness(0)).toBeNull();
  });

  it('looks its operators up by registered name, so a plugin replaces the built-in', () => {
    const picks: number[] = [];
    const zeroing: MutationOperator = {
      kind: 'mutation',
      apply: (_rng, g) => g.map((row) => row.map(() => 3)),
    };
    const alwaysOther: SelectionOperator = {
      kind: 'selection',
      pick: (_rng, _size, self) => {
        picks.push(self as number);
        return [self as number, 1 - (self as number)];
      },
      decide: (members) => ({ winner: members[1] as number, loser: members[0] as number }),
    };
    registerOperator('test-all-threes', () => zeroing);
    registerOperator('test-always-other', () => alwaysOther);
    const table = new PathwayTable(2, shape);
    const t = new AsyncPathwayTournament(table, {
      ...defaultA3CArgs,
      selectionOperator: 'test-always-other',
      mutationOperator: 'test-all-threes',
      tournamentSize: 1,
    });
    const r = t.report(0, [100], createRng(2));
    expect(picks).toEqual([0]);
    expect(r.copiedFrom).toBe(1);
    expect(r.pathway).toEqual([
      [3, 3],
      [3, 3],
    ]);
    expect(
      () =>
        new AsyncPathwayTournament(table, {
          ...defaultA3CArgs,
          mutationOperator: 'test-always-other',
        }),
    ).toThrow(InvalidA3CArgsError);
  });
});
