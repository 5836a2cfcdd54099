import binomialTest from '@stdlib/stats-binomial-test';
import { describe, expect, it } from 'vitest';
import {
  checkFitnessProtocol,
  createRng,
  type FitnessProtocol,
  type Genotype,
  InvalidConfigError,
  InvalidFitnessError,
  pairEvaluator,
} from '../index.js';

const G: Genotype = [[0, 1]];

describe('pairEvaluator', () => {
  it('serial trains the first member T steps, then the second; interleaved alternates ABBA', () => {
    const order = (protocol: FitnessProtocol): string => {
      const log: number[] = [];
      pairEvaluator(protocol, 4, (_, slot) => {
        log.push(slot);
        return 0;
      }).pair(G, G);
      return log.join('');
    };
    expect(order('serial')).toBe('00001111');
    expect(order('interleaved')).toBe('01100110');
  });

  it('interleaved with a generator draws the leading slot per tournament: each leads about half, ABBA from it', () => {
    const rng = createRng(11);
    const orders = new Map<string, number>();
    for (let k = 0; k < 400; k++) {
      const log: number[] = [];
      pairEvaluator(
        'interleaved',
        4,
        (_, slot) => {
          log.push(slot);
          return 0;
        },
        rng,
      ).pair(G, G);
      orders.set(log.join(''), (orders.get(log.join('')) ?? 0) + 1);
    }
    expect([...orders.keys()].sort()).toEqual(['01100110', '10011001']);
    const leadsFirst = orders.get('01100110')!;
    expect(binomialTest(leadsFirst, 400, { p: 0.5, alpha: 0.001 }).rejected).toBe(false);
  });

  it('returns each member its mean step score, in the order asked', () => {
    const evaluator = pairEvaluator('interleaved', 2, (g) => g[0]![0]!);
    expect(evaluator.pair([[3]], [[5]])).toEqual([3, 5]);
  });

  it('rejects a bad protocol, a bad T and a non-finite step score by name', () => {
    expect(() => checkFitnessProtocol('random')).toThrow(/protocol.*"serial", "interleaved"/);
    expect(() => pairEvaluator('serial', 0, () => 0)).toThrow(InvalidConfigError);
    expect(() => pairEvaluator('serial', 1.5, () => 0)).toThrow(/steps.*integer ≥ 1/);
    expect(() => pairEvaluator('serial', 1, () => Number.NaN).pair(G, G)).toThrow(
      InvalidFitnessError,
    );
  });
});

/**
 * A shared learner: both members train the same parameters, so every step raises the
 * accuracy the next step scores, quickly at first (a fresh grid). A step scores the share of
 * 16 examples right, each right with that accuracy. Returns how often the second slot wins
 * among `n` tournaments of two identical genotypes (ties left out) and the decided count.
 */
function secondSlotWins(protocol: FitnessProtocol, n: number): { wins: number; decided: number } {
  const rng = createRng(2017);
  const order = createRng(7);
  let wins = 0;
  let decided = 0;
  for (let k = 0; k < n; k++) {
    let updates = 0;
    const step = (): number => {
      const accuracy = 1 - 0.5 * Math.exp(-updates / 20);
      updates++;
      let right = 0;
      for (let b = 0; b < 16; b++) if (rng.float() < accuracy) right++;
      return right / 16;
    };
    const [first, second] = pairEvaluator(protocol, 10, step, order).pair(G, G);
    if (first !== second) {
      decided++;
      if (second > first) wins++;
    }
  }
  return { wins, decided };
}

describe('slot bias on a shared learner (identical genotypes, 1,000 tournaments)', () => {
  it('serial favours the second slot: the exact binomial test rejects p = 1/2', () => {
    const { wins, decided } = secondSlotWins('serial', 1000);
    const test = binomialTest(wins, decided, { p: 0.5 });
    expect(test.pValue).toBeLessThan(1e-6);
    expect(test.ci[0]).toBeGreaterThan(0.8);
  });

  it('interleaved favours neither slot: the 99.9% interval of the win rate holds 1/2', () => {
    const { wins, decided } = secondSlotWins('interleaved', 1000);
    expect(decided).toBeGreaterThan(500);
    const test = binomialTest(wins, decided, { p: 0.5, alpha: 0.001 });
    expect(test.rejected).toBe(false);
    expect(test.ci[1]! - test.ci[0]!).toBeLessThan(0.15);
  });
});
