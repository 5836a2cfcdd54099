import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { activeModules, createOptimizer, PathNet, type Pathway } from '@pathnet/core';
import { makeTask, type SupervisedTask } from '@pathnet/envs';
import { type EvolveUntilResult, Population } from '@pathnet/evolution';
import { type EvolveSettings, evolve } from './evolve.js';
import {
  CONDITION_FACTORS,
  type Condition,
  type ProtocolSettings,
  type StartWeights,
  type TaskSpec,
  type TransferPlan,
} from './plan.js';
import { type PopulationSnapshot, populationSnapshot } from './population-snapshot.js';

/** One task's outcome in one repetition. */
export interface PhaseRecord {
  /** Generations run (the solving one included; the cap if unsolved). */
  generations: number;
  /** Whether a pathway reached the threshold within the cap. */
  solved: boolean;
  /** Test-set accuracy of the best pathway, in [0, 1] (on noisy test images where the task adds noise). */
  testAccuracy: number;
  /**
   * Its accuracy on the clean test images, for tasks whose options set a salt-and-pepper
   * `noise` > 0 (the built-in image tasks, made again with `testNoise: false`); else null.
   */
  cleanTestAccuracy: number | null;
  /** The best pathway, `[L][N]` module indices. */
  bestPathway: Pathway;
  /** `[generation, best fitness of that generation's tournament]` per generation. */
  curve: Array<[number, number]>;
}

/** Task B's outcome under one condition in one repetition. */
export interface ConditionRecord extends PhaseRecord {
  /** How many of A's best pathway's modules B's best genotype uses (conditions that start from A's weights); null for fresh weights. */
  reusedModules: number | null;
  /** Task A's test accuracy on A's pathway after B was learned (forgetting check); null for fresh weights. */
  taskATestAccuracyAfter: number | null;
}

/** Progress of a phase: its name (`task A`, `task B pathnet`, …), the generation and the best fitness so far. */
export type ProgressListener = (
  phase: string,
  generation: number,
  bestFitness: number,
  population?: PopulationSnapshot,
) => void;

/** Task A's outcome with the saved grid that task B's conditions start from. */
export interface TaskAPhase {
  a: PhaseRecord;
  /** Folder of task A's trained grid (a PathNet checkpoint); the caller removes it. */
  checkpoint: string;
  /** Compute time of the phase, seconds. */
  wallSeconds: number;
}

/** Makes the registered task a {@link TaskSpec} names (`@pathnet/envs` `makeTask`). */
export function makeSpecTask(spec: TaskSpec): Promise<SupervisedTask> {
  return makeTask(spec.id, { ...spec.options });
}

/** Modules used by both pathways, counted layer by layer (0 … L·N). */
export function sharedModules(a: Pathway, b: Pathway): number {
  const sa = activeModules(a);
  const sb = activeModules(b);
  return sa.reduce((n, layer, l) => n + layer.filter((m) => sb[l]?.includes(m)).length, 0);
}

function evolveSettings(s: ProtocolSettings, dataSeed: number): EvolveSettings {
  return {
    steps: s.steps,
    batchSize: s.batchSize,
    threshold: s.threshold,
    maxGenerations: s.maxGenerations,
    mutationProbability: s.mutationProbability,
    ...(s.mutation !== undefined && { mutation: s.mutation }),
    dataSeed,
    protocol: s.protocol,
    concurrency: s.concurrency,
  };
}

function populationShape(s: ProtocolSettings) {
  return {
    size: s.population,
    layers: s.grid.layers.length,
    modules: s.grid.modulesPerLayer,
    active: s.grid.maxActivePerLayer,
  };
}

/** The clean-test-image version of a noisy built-in image task, or null. */
function cleanTestSpec(spec: TaskSpec): TaskSpec | null {
  const noise = spec.options?.noise;
  return typeof noise === 'number' && noise > 0
    ? { ...spec, options: { ...spec.options, testNoise: false } }
    : null;
}

async function record(
  net: PathNet,
  readoutId: string,
  spec: TaskSpec,
  task: SupervisedTask,
  r: EvolveUntilResult,
  express: (genotype: Pathway) => Pathway = (genotype) => genotype,
): Promise<PhaseRecord> {
  const clean = cleanTestSpec(spec);
  const best = express(r.best.genotype);
  return {
    generations: r.generations,
    solved: r.solved,
    testAccuracy: net.evaluate(best, readoutId, task.testSet()),
    cleanTestAccuracy: clean
      ? net.evaluate(best, readoutId, (await makeSpecTask(clean)).testSet())
      : null,
    bestPathway: r.best.genotype.map((row) => [...row]),
    curve: r.curve.map(([g, f]) => [g, f]),
  };
}

/**
 * Phase 1 of a repetition (Sec. 3.1): evolve pathways on task A to the
 * threshold (or the generation cap) and save the grid for task B.
 *
 * @param scratchDir - folder in which task A's grid is saved (a new subfolder; the
 *   caller removes it); default the system's temporary folder.
 * @throws whatever `makeTask` throws for the plan's task A (unknown id, bad options, missing files).
 */
export async function runTaskA(
  plan: TransferPlan,
  settings: ProtocolSettings,
  onProgress: ProgressListener = () => {},
  scratchDir: string = tmpdir(),
): Promise<TaskAPhase> {
  const started = performance.now();
  const taskA = await makeSpecTask(plan.taskA);
  const { streams } = plan;
  const netA = await PathNet.create(settings.grid, {
    seed: streams.gridA,
    engine: settings.engine,
    concurrency: settings.concurrency,
  }).ready();
  try {
    netA.addReadout('A', taskA.numClasses, streams.gridA);
    const resultA = evolve(
      netA,
      'A',
      taskA,
      Population.random(populationShape(settings), streams.populationA),
      createOptimizer({ kind: 'sgd', learningRate: settings.learningRate }),
      evolveSettings(settings, streams.dataA),
      (g, f, p) => onProgress('task A', g, f, populationSnapshot(p, settings.grid.modulesPerLayer)),
    );
    const a = await record(netA, 'A', plan.taskA, taskA, resultA);
    const checkpoint = await mkdtemp(path.join(scratchDir, 'task-a-'));
    await netA.save(checkpoint);
    return { a, checkpoint, wallSeconds: (performance.now() - started) / 1000 };
  } finally {
    netA.dispose();
  }
}

/**
 * A genotype with A's pathway added, layer by layer (`--b-pathways include-frozen`): the
 * distinct modules of both rows, the genotype's first.
 */
export function withPathway(genotype: Pathway, added: Pathway): Pathway {
  return genotype.map((row, l) => [...new Set([...row, ...(added[l] ?? [])])]);
}

/**
 * Task B's grid for a condition's weights ({@link CONDITION_FACTORS}): `fresh` is a new grid
 * from B's grid seed; `frozen-path` is A's grid with A's best pathway frozen and every other
 * module re-initialised from B's grid seed (Sec. 2.3, steps 2–3); `all-of-a` is A's grid as
 * it is, nothing frozen. With `include-frozen` pathways (and A's path frozen) the grid allows
 * up to min(M, 2N) active modules per layer.
 */
async function startingGrid(
  settings: ProtocolSettings,
  weights: StartWeights,
  taskA: TaskAPhase,
  gridSeed: number,
): Promise<PathNet> {
  const { engine, concurrency } = settings;
  if (weights === 'fresh')
    return PathNet.create(settings.grid, { seed: gridSeed, engine, concurrency });
  const net = await PathNet.load(taskA.checkpoint, { engine, concurrency });
  if (weights === 'all-of-a') return net;
  const bestA = taskA.a.bestPathway;
  net.freeze(bestA);
  net.reinitializeUnfrozen(gridSeed);
  if ((settings.bPathways ?? 'own') === 'own') return net;
  const values = net.toValues();
  net.dispose();
  const { modulesPerLayer: M, maxActivePerLayer: N } = values.config;
  const wider = PathNet.fromValues(
    { ...values, config: { ...values.config, maxActivePerLayer: Math.min(M, 2 * N) } },
    { engine, concurrency },
  );
  wider.freeze(bestA);
  return wider;
}

/** What a task-B condition starts from. */
export interface ConditionStart {
  /** B's grid before its readout is added (the caller disposes it). */
  net: PathNet;
  /** B's population. */
  population: Population;
  /** The pathway each genotype runs, when it is not the genotype itself (`include-frozen`). */
  express?: (genotype: Pathway) => Pathway;
}

/**
 * The starting state of task B under a condition ({@link CONDITION_FACTORS}): the grid of its
 * weights factor, and the population of its start factor — P random genotypes from B's
 * population seed (the same in every condition) or P copies of A's best genotype.
 * @throws `InvalidPathwayError` (from `@pathnet/core`) if A's best pathway does not fit the grid.
 */
export async function conditionStart(
  plan: TransferPlan,
  settings: ProtocolSettings,
  condition: Condition,
  taskA: TaskAPhase,
): Promise<ConditionStart> {
  const bestA = taskA.a.bestPathway;
  const b = plan.streams.b;
  const factors = CONDITION_FACTORS[condition];
  const population =
    factors.start === 'random'
      ? Population.random(populationShape(settings), b.population)
      : Population.fromGenotypes(
          Array.from({ length: settings.population }, () => bestA),
          b.population,
          { modules: settings.grid.modulesPerLayer },
        );
  const net = await startingGrid(settings, factors.weights, taskA, b.grid);
  const includeFrozen =
    factors.weights === 'frozen-path' && (settings.bPathways ?? 'own') === 'include-frozen';
  return {
    net,
    population,
    ...(includeFrozen && { express: (g: Pathway) => withPathway(g, bestA) }),
  };
}

/**
 * Phase 2 of a repetition (Sec. 3.1): learn task B under one condition, with the same budget
 * as task A, from task A's saved grid. The condition sets B's starting weights and population
 * ({@link CONDITION_FACTORS}); a new readout for B is added in every condition. Every
 * condition sees the same B data stream and the same population seed, so conditions differ
 * only in their factors, are independent of each other and may run in any order or at once.
 *
 * @param keep - called with the condition's grid before it is disposed (e.g. to save it).
 * @throws whatever `makeTask` throws for the plan's tasks; `InvalidPathwayError` (from
 *   `@pathnet/core`) if A's best pathway does not fit the grid.
 */
export async function runCondition(
  plan: TransferPlan,
  settings: ProtocolSettings,
  condition: Condition,
  taskA: TaskAPhase,
  onProgress: ProgressListener = () => {},
  keep?: (net: PathNet, bestA: Pathway, bestB: Pathway) => Promise<void>,
): Promise<{ result: ConditionRecord; wallSeconds: number }> {
  const started = performance.now();
  const taskB = await makeSpecTask(plan.taskB);
  const bestA = taskA.a.bestPathway;
  const b = plan.streams.b;
  const { net, population, express } = await conditionStart(plan, settings, condition, taskA);
  const usesA = CONDITION_FACTORS[condition].weights !== 'fresh';
  const frozen = CONDITION_FACTORS[condition].weights === 'frozen-path' ? bestA : undefined;
  try {
    await net.ready();
    net.addReadout('B', taskB.numClasses, b.grid);
    const resultB = evolve(
      net,
      'B',
      taskB,
      population,
      createOptimizer({ kind: 'sgd', learningRate: settings.learningRate }),
      { ...evolveSettings(settings, b.data), ...(express && { express }) },
      (g, f, p) =>
        onProgress(
          `task B ${condition}`,
          g,
          f,
          populationSnapshot(p, settings.grid.modulesPerLayer, frozen),
        ),
    );
    let taskATestAccuracyAfter: number | null = null;
    if (usesA) {
      const testA = (await makeSpecTask(plan.taskA)).testSet();
      taskATestAccuracyAfter = net.evaluate(bestA, 'A', testA);
    }
    const result: ConditionRecord = {
      ...(await record(net, 'B', plan.taskB, taskB, resultB, express)),
      reusedModules: usesA ? sharedModules(bestA, resultB.best.genotype) : null,
      taskATestAccuracyAfter,
    };
    if (keep) await keep(net, bestA, resultB.best.genotype);
    return { result, wallSeconds: (performance.now() - started) / 1000 };
  } finally {
    net.dispose();
  }
}
