import { rm } from 'node:fs/promises';
import { activeModules, PathNet, type Pathway } from '@pathnet/core';
import { Population } from '@pathnet/evolution';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPARISONS,
  CONDITION_FACTORS,
  CONDITIONS,
  type Condition,
  type ProtocolSettings,
  planTransfer,
} from '../plan.js';
import { conditionStart, runTaskA, type TaskAPhase, withPathway } from '../transfer.js';
import { tinySettings, tinyTaskA, tinyTaskB } from './tiny-protocol.js';

const plan = planTransfer(5, tinyTaskA, tinyTaskB);
const settings: ProtocolSettings = tinySettings;
const { layers, modulesPerLayer: M, maxActivePerLayer: N } = settings.grid;
const L = layers.length;
let taskA: TaskAPhase;
let gridA: PathNet;

/** Every module's parameters, `[layer][module]` as plain arrays. */
const modulesOf = (net: PathNet) =>
  net.toValues().modules.map((row) => row.map((params) => params.map((p) => Array.from(p))));
const isActive = (pathway: Pathway, l: number, m: number) => activeModules(pathway)[l]!.includes(m);

beforeAll(async () => {
  taskA = await runTaskA(plan, settings);
  gridA = await PathNet.load(taskA.checkpoint, { engine: settings.engine });
}, 60_000);

afterAll(async () => {
  gridA.dispose();
  await rm(taskA.checkpoint, { recursive: true, force: true });
});

describe('conditions differ in their factors and in nothing else', () => {
  it('each comparison pairs two conditions that differ in exactly one factor', () => {
    for (const { condition, control } of COMPARISONS) {
      const a = CONDITION_FACTORS[condition];
      const b = CONDITION_FACTORS[control];
      const differing = (['weights', 'start'] as const).filter((k) => a[k] !== b[k]);
      expect(differing, `${condition} vs ${control}`).toHaveLength(1);
    }
  });

  it.each(CONDITIONS)(
    '%s starts from the weights and the population its factors name',
    async (condition: Condition) => {
      const { weights, start } = CONDITION_FACTORS[condition];
      const { net, population, express } = await conditionStart(plan, settings, condition, taskA);
      try {
        const bestA = taskA.a.bestPathway;
        const frozen = net.frozenModules();
        const mods = modulesOf(net);
        const modsA = modulesOf(gridA);
        const fresh = PathNet.create(settings.grid, { seed: plan.streams.b.grid });
        const modsFresh = modulesOf(fresh);
        fresh.dispose();
        for (let l = 0; l < L; l++) {
          for (let m = 0; m < M; m++) {
            const onA = isActive(bestA, l, m);
            if (weights === 'frozen-path') {
              expect(frozen[l]![m]).toBe(onA);
              if (onA) expect(mods[l]![m]).toEqual(modsA[l]![m]);
              else expect(mods[l]![m]).not.toEqual(modsA[l]![m]);
            } else {
              expect(frozen[l]![m]).toBe(false);
              expect(mods[l]![m]).toEqual(weights === 'all-of-a' ? modsA[l]![m] : modsFresh[l]![m]);
            }
          }
        }
        if (start === 'random') {
          const shape = { size: settings.population, layers: L, modules: M, active: N };
          expect(population.genotypes).toEqual(
            Population.random(shape, plan.streams.b.population).genotypes,
          );
        } else {
          for (const g of population.genotypes) expect(g).toEqual(bestA);
        }
        expect(express).toBeUndefined();
        expect(net.config.maxActivePerLayer).toBe(N);
      } finally {
        net.dispose();
      }
    },
    30_000,
  );

  it('include-frozen adds A frozen pathway to every genotype of pathnet only', async () => {
    const wide = { ...settings, bPathways: 'include-frozen' as const };
    const bestA = taskA.a.bestPathway;
    const pathnet = await conditionStart(plan, wide, 'pathnet', taskA);
    const fineTune = await conditionStart(plan, wide, 'fine-tune', taskA);
    try {
      expect(pathnet.net.config.maxActivePerLayer).toBe(Math.min(M, 2 * N));
      const g = pathnet.population.genotypes[0]!;
      const ran = pathnet.express!(g);
      ran.forEach((row, l) => {
        for (const m of activeModules(bestA)[l]!) expect(row).toContain(m);
        for (const m of g[l]!) expect(row).toContain(m);
      });
      const own = await conditionStart(plan, settings, 'pathnet', taskA);
      expect(modulesOf(pathnet.net)).toEqual(modulesOf(own.net));
      own.net.dispose();
      expect(fineTune.express).toBeUndefined();
    } finally {
      pathnet.net.dispose();
      fineTune.net.dispose();
    }
  }, 30_000);
});

describe('withPathway', () => {
  it('is the union of the two rows, the genotype first, without duplicates', () => {
    expect(
      withPathway(
        [
          [1, 2],
          [3, 3],
        ],
        [
          [2, 5],
          [4, 3],
        ],
      ),
    ).toEqual([
      [1, 2, 5],
      [3, 4],
    ]);
  });
});
