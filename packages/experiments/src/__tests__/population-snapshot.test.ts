import { rm } from 'node:fs/promises';
import { Population } from '@pathnet/evolution';
import { afterAll, describe, expect, it } from 'vitest';
import { planTransfer } from '../plan.js';
import { type PopulationSnapshot, populationSnapshot } from '../population-snapshot.js';
import { runCondition, runTaskA, type TaskAPhase } from '../transfer.js';
import { tinySettings, tinyTaskA, tinyTaskB } from './tiny-protocol.js';

describe('populationSnapshot', () => {
  it('counts each module once per pathway that uses it, and copies the best and frozen pathways', () => {
    const population = Population.fromGenotypes(
      [
        [
          [0, 0],
          [1, 2],
        ],
        [
          [0, 1],
          [2, 2],
        ],
        [
          [3, 1],
          [2, 0],
        ],
      ],
      1,
      { modules: 4 },
    );
    const frozen = [[3], [3]];
    const s = populationSnapshot(population, 4, frozen);
    expect(s.usage).toEqual([
      [2, 2, 0, 1],
      [1, 1, 3, 0],
    ]);
    expect(s.size).toBe(3);
    // No fitness yet: the first member stands for the best.
    expect(s.best).toEqual([
      [0, 0],
      [1, 2],
    ]);
    expect(s.frozen).toEqual(frozen);
    expect(s.frozen).not.toBe(frozen);
  });
});

describe('the transfer phases report the population after every generation', () => {
  const plan = planTransfer(5, tinyTaskA, tinyTaskB);
  let taskA: TaskAPhase | undefined;
  afterAll(async () => {
    if (taskA) await rm(taskA.checkpoint, { recursive: true, force: true });
  });

  it('task A and each condition, with A’s best pathway frozen only where the condition freezes it', async () => {
    const seen: Array<{ phase: string; generation: number; population?: PopulationSnapshot }> = [];
    const listen = (
      phase: string,
      generation: number,
      _f: number,
      population?: PopulationSnapshot,
    ) => seen.push({ phase, generation, ...(population && { population }) });
    taskA = await runTaskA(plan, tinySettings, listen);
    await runCondition(plan, tinySettings, 'pathnet', taskA, listen);
    await runCondition(plan, tinySettings, 'independent', taskA, listen);
    const M = tinySettings.grid.modulesPerLayer;
    const P = tinySettings.population;
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (const { phase, population } of seen) {
      expect(population, phase).toBeDefined();
      expect(population!.size).toBe(P);
      for (const row of population!.usage) {
        expect(row).toHaveLength(M);
        expect(Math.max(...row)).toBeLessThanOrEqual(P);
      }
      expect(population!.frozen).toEqual(
        phase === 'task B pathnet' ? taskA.a.bestPathway : undefined,
      );
    }
    expect(new Set(seen.map((e) => e.phase))).toEqual(
      new Set(['task A', 'task B pathnet', 'task B independent']),
    );
  }, 120_000);
});
