import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  activeModules,
  createOptimizer,
  PathNet,
  type PathNetConfig,
  type Pathway,
  presets,
} from '@pathnet/core';
import { makeTask, type SupervisedTask } from '@pathnet/envs';
import { type EvolveUntilResult, Population } from '@pathnet/evolution';
import { type EvolveSettings, evolve } from './evolve.js';
import type { Condition, ExperimentOptions } from './options.js';
import type { SeedPlan } from './seeds.js';

/** Task A's outcome in one repetition. */
export interface TaskAResult {
  generations: number;
  solved: boolean;
  /** Test-set accuracy of A's best pathway. */
  testAccuracy: number;
  bestPathway: Pathway;
  curve: Array<[number, number]>;
}

/** Task B's outcome under one condition in one repetition. */
export interface ConditionResult extends TaskAResult {
  /** How many of A's best pathway's modules B's best pathway uses (pathnet, fine-tune). */
  reusedModules: number | null;
  /** Task A's test accuracy on A's pathway after B was learned (forgetting check). */
  taskATestAccuracyAfter: number | null;
}

/** One whole repetition: task A, then task B under each condition. */
export interface SeedResult {
  seed: number;
  taskA: [number, number];
  taskB: [number, number];
  a: TaskAResult;
  conditions: Partial<Record<Condition, ConditionResult>>;
  /** Compute time of the repetition: the sum of its phases' durations, in seconds. */
  wallSeconds: number;
}

/** Progress reports of {@link runTaskA} and {@link runCondition}. */
export type ProgressListener = (phase: string, generation: number, bestFitness: number) => void;

/**
 * The PathNet configuration of the experiment: {@link presets.binaryMnist}
 * (hidden layers summed, the last averaged) resized to the flags' L, M, N.
 */
export function gridConfig(o: ExperimentOptions): PathNetConfig {
  const preset = presets.binaryMnist({ units: o.units });
  const hidden = preset.layers[0]!;
  const last = preset.layers[preset.layers.length - 1]!;
  return {
    ...preset,
    layers: Array.from({ length: o.layers }, (_, l) => (l === o.layers - 1 ? last : hidden)),
    modulesPerLayer: o.modules,
    maxActivePerLayer: o.active,
  };
}

function evolveSettings(o: ExperimentOptions, dataSeed: number): EvolveSettings {
  return {
    steps: o.steps,
    batchSize: o.batchSize,
    threshold: o.threshold,
    maxGenerations: o.maxGenerations,
    mutationProbability: o.mutationProbability,
    dataSeed,
    concurrency: o.concurrency,
  };
}

function populationShape(o: ExperimentOptions) {
  return { size: o.population, layers: o.layers, modules: o.modules, active: o.active };
}

/** Modules used by both pathways, counted layer by layer. */
export function sharedModules(a: Pathway, b: Pathway): number {
  const sa = activeModules(a);
  const sb = activeModules(b);
  return sa.reduce((n, layer, l) => n + layer.filter((m) => sb[l]?.includes(m)).length, 0);
}

function summarise(
  net: PathNet,
  taskId: string,
  task: SupervisedTask,
  r: EvolveUntilResult,
): TaskAResult {
  return {
    generations: r.generations,
    solved: r.solved,
    testAccuracy: net.evaluate(r.best.genotype, taskId, task.testSet()),
    bestPathway: r.best.genotype.map((row) => [...row]),
    curve: r.curve.map(([g, f]) => [g, f]),
  };
}

/** Task A's outcome with the saved grid that task B's conditions start from. */
export interface TaskAPhase {
  a: TaskAResult;
  /** Folder of task A's trained grid (a PathNet checkpoint); the caller removes it. */
  checkpoint: string;
  wallSeconds: number;
}

/**
 * Phase 1 of a repetition (Sec. 3.1): evolve pathways on task A to the
 * threshold (or the generation cap) and save the grid for task B.
 */
export async function runTaskA(
  plan: SeedPlan,
  o: ExperimentOptions,
  onProgress: ProgressListener,
): Promise<TaskAPhase> {
  const started = performance.now();
  const taskA = await makeTask('mnist-binary', { noise: o.noise, digits: plan.taskA });
  const { streams } = plan;
  const netA = await PathNet.create(gridConfig(o), {
    seed: streams.gridA,
    engine: o.engine,
    concurrency: o.concurrency,
  }).ready();
  try {
    netA.addReadout('A', taskA.numClasses, streams.gridA);
    const resultA = evolve(
      netA,
      'A',
      taskA,
      Population.random(populationShape(o), streams.populationA),
      createOptimizer({ kind: 'sgd', learningRate: o.learningRate }),
      evolveSettings(o, streams.dataA),
      (g, f) => onProgress('task A', g, f),
    );
    const a = summarise(netA, 'A', taskA, resultA);
    const checkpoint = await mkdtemp(path.join(tmpdir(), 'pathnet-task-a-'));
    await netA.save(checkpoint);
    return { a, checkpoint, wallSeconds: (performance.now() - started) / 1000 };
  } finally {
    netA.dispose();
  }
}

/**
 * Phase 2 of a repetition (Sec. 3.1): learn task B under one condition,
 * with the same budget as task A, from task A's saved grid:
 * - `pathnet`: A's best pathway frozen, every other module re-initialised,
 *   a new random population and a new readout for B;
 * - `independent`: B from scratch (fresh grid, random population);
 * - `fine-tune`: B starts from all of A's parameters, nothing frozen, every
 *   member of the population starting from A's best pathway.
 * Every condition sees the same B data stream and population seed, so the
 * conditions are independent of each other and may run in any order or at once.
 *
 * @param keep - called with the condition's grid before it is disposed.
 */
export async function runCondition(
  plan: SeedPlan,
  o: ExperimentOptions,
  condition: Condition,
  taskA: TaskAPhase,
  onProgress: ProgressListener,
  keep?: (net: PathNet, bestA: Pathway, bestB: Pathway) => Promise<void>,
): Promise<{ result: ConditionResult; wallSeconds: number }> {
  const started = performance.now();
  const taskB = await makeTask('mnist-binary', { noise: o.noise, digits: plan.taskB });
  const bestA = taskA.a.bestPathway;
  const b = plan.streams.b;
  let net: PathNet;
  let population: Population;
  if (condition === 'independent') {
    net = PathNet.create(gridConfig(o), {
      seed: b.grid,
      engine: o.engine,
      concurrency: o.concurrency,
    });
    population = Population.random(populationShape(o), b.population);
  } else {
    net = await PathNet.load(taskA.checkpoint, { engine: o.engine, concurrency: o.concurrency });
    if (condition === 'pathnet') {
      net.freeze(bestA);
      net.reinitializeUnfrozen(b.grid);
      population = Population.random(populationShape(o), b.population);
    } else {
      population = Population.fromGenotypes(
        Array.from({ length: o.population }, () => bestA),
        b.population,
        { modules: o.modules },
      );
    }
  }
  try {
    await net.ready();
    net.addReadout('B', taskB.numClasses, b.grid);
    const resultB = evolve(
      net,
      'B',
      taskB,
      population,
      createOptimizer({ kind: 'sgd', learningRate: o.learningRate }),
      evolveSettings(o, b.data),
      (g, f) => onProgress(`task B ${condition}`, g, f),
    );
    const usesA = condition !== 'independent';
    let taskATestAccuracyAfter: number | null = null;
    if (usesA) {
      const testA = (
        await makeTask('mnist-binary', { noise: o.noise, digits: plan.taskA })
      ).testSet();
      taskATestAccuracyAfter = net.evaluate(bestA, 'A', testA);
    }
    const result: ConditionResult = {
      ...summarise(net, 'B', taskB, resultB),
      reusedModules: usesA ? sharedModules(bestA, resultB.best.genotype) : null,
      taskATestAccuracyAfter,
    };
    if (keep) await keep(net, bestA, resultB.best.genotype);
    return { result, wallSeconds: (performance.now() - started) / 1000 };
  } finally {
    net.dispose();
  }
}
