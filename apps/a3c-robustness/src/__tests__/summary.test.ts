import { describe, expect, it } from 'vitest';
import type { CellRecord, Method } from '../cell.js';
import { summariseSweep } from '../summary.js';
import { cellRecords } from './records.js';

const grid = { games: ['g'], learningRates: [1, 2], entropyCosts: [10, 20], seeds: [1, 2] };
const record = cellRecords('g');

describe('summariseSweep', () => {
  // Per method, seed 1 then seed 2, cells (lr 1, β 10), (1, 20), (2, 10), (2, 20).
  // Seed 1: best cell 10, bar 7.5: A3C 1 of 4, PathNet 3 of 4. Seed 2: best 4, bar 3: A3C 2, PathNet 3.
  const scores: Record<Method, number[]> = {
    a3c: [8, 1, 1, 1, 4, 3.5, 0, 0],
    pathnet: [10, 9, 8, 0, 3, 3, 3, 1],
  };
  const records: CellRecord[] = [];
  for (const method of ['a3c', 'pathnet'] as const) {
    let i = 0;
    for (const seed of [1, 2]) {
      for (const lr of [1, 2]) {
        for (const ent of [10, 20])
          records.push(record(method, lr, ent, seed, scores[method][i++]!));
      }
    }
  }

  it('counts the cells reaching the fraction of each seed’s best cell, averaged over seeds', () => {
    const s = summariseSweep(records, grid, 0.75);
    expect(s.robust.a3c.g!.mean).toBeCloseTo((1 / 4 + 2 / 4) / 2);
    expect(s.robust.pathnet.g!.mean).toBeCloseTo((3 / 4 + 3 / 4) / 2);
    expect(s.robust.pathnet.all!.mean).toBeCloseTo(0.75);
    expect(s.best.g!.mean).toBeCloseTo(7);
    expect(s.finalScore.a3c.g).toEqual([
      [6, 2.25],
      [0.5, 0.5],
    ]);
    expect(s.auc.pathnet.g![0]![0]).toBeCloseTo(3.25);
  });

  it('leaves a (game, seed) with missing cells out of the fractions, and marks empty cells NaN', () => {
    const s = summariseSweep(
      records.filter((r) => r.seed === 1 && r.method === 'a3c'),
      grid,
      0.75,
    );
    expect(s.robust.a3c.g!.n).toBe(0);
    expect(Number.isNaN(s.finalScore.pathnet.g![0]![0]!)).toBe(true);
  });
});
