/**
 * Continual learning, task-incremental (van de Ven & Tolias 2019, "Three scenarios for continual
 * learning", arXiv:1904.07734): K tasks learned one after another, one readout per task, the task
 * given at test time. Five methods at the same budget of SGD steps per task:
 *
 * - `pathnet`: PathNet's transfer step repeated (Fernando et al. 2017, Sec. 2.3): a new random
 *   population per task, binary tournaments for G generations, the best pathway frozen,
 *   every module not frozen re-initialised before the next task;
 * - `fine-tune`: one network (a fixed pathway) trained on each task in turn;
 * - `ewc`: `fine-tune` plus elastic weight consolidation (Kirkpatrick et al. 2017);
 * - `independent`: a fresh network per task;
 * - `joint`: one network trained on all tasks at once (their minibatches in turn), K times the
 *   budget of one task: the upper bound.
 *
 * The baselines' network is the grid's pathway `[0 … N−1]` in every layer: one PathNet pathway's
 * size, the capacity a single task of `pathnet` trains.
 *
 * @packageDocumentation
 */
import {
  createOptimizer,
  ElasticWeightConsolidation,
  type EngineChoice,
  fisherDiagonal,
  PathNet,
  type PathNetConfig,
  type Pathway,
} from '@pathnet/core';
import type { Minibatch, SupervisedTask } from '@pathnet/envs';
import { Population } from '@pathnet/evolution';
import {
  type AccuracyMatrix,
  type ContinualMetrics,
  continualMetrics,
} from './continual-metrics.js';
import { evolve } from './evolve.js';

/** The methods, in table order. */
export const CONTINUAL_METHODS = ['pathnet', 'fine-tune', 'ewc', 'independent', 'joint'] as const;

/** One continual-learning method (see the module header). */
export type ContinualMethod = (typeof CONTINUAL_METHODS)[number];

/** One task of a sequence: its data and the test examples it is measured on. */
export interface ContinualTask {
  /** The task (training stream, class count). */
  readonly task: SupervisedTask;
  /** The test examples R is measured on: `x` Float32Array [B · prod(inputShape)], `y` Int32Array [B]. */
  readonly test: Minibatch;
}

/** Settings shared by every method of a run. */
export interface ContinualSettings {
  /** The grid (L, M, N, modules); the baselines use its pathway `[0 … N−1]` per layer. */
  readonly grid: PathNetConfig;
  /** Engine of every network. */
  readonly engine: EngineChoice;
  /** Plain SGD learning rate of every method. */
  readonly learningRate: number;
  /** Minibatch size B. */
  readonly batchSize: number;
  /** T: minibatches each pathway trains per tournament (PathNet). */
  readonly steps: number;
  /** G: tournaments per task (PathNet). The budget of every method is 2·G·T SGD steps per task. */
  readonly generations: number;
  /** P: pathways per population (PathNet). */
  readonly population: number;
  /** Mutation probability per gene (PathNet). */
  readonly mutationProbability: number;
  /** λ of `ewc`. */
  readonly ewcLambda: number;
  /** Training examples the diagonal Fisher is estimated on after each task (`ewc`). */
  readonly fisherExamples: number;
}

/** PathNet's use of its grid, task by task (indices as tasks 1…K in order). */
export interface ContinualCapacity {
  /** `[K][L]`: frozen modules per layer after each task. */
  readonly frozenPerLayer: number[][];
  /** `[K]`: modules the task froze that were not frozen before (its trainable share of the best pathway). */
  readonly newlyFrozen: number[];
  /** `[K]`: layers with no free module when the task started (it trained only its readout there). */
  readonly fullLayersAtStart: number[];
}

/** The outcome of one method on one task sequence and seed. */
export interface ContinualRecord {
  readonly method: ContinualMethod;
  readonly seed: number;
  /** λ for `ewc`. */
  readonly lambda?: number;
  /** R `[K + 1][K]` (see `continual-metrics.ts`); `joint` has only rows 0 and K. */
  readonly accuracy: (number | null)[][];
  /** ACC, BWT, FWT of `accuracy`. */
  readonly metrics: ContinualMetrics;
  /** SGD steps (minibatches of B) spent per task; `joint`: its whole budget on the last. */
  readonly sgdSteps: number[];
  /** `pathnet`: the best pathway of each task. */
  readonly pathways?: Pathway[];
  /** `pathnet`: how its grid filled up. */
  readonly capacity?: ContinualCapacity;
  /** Wall time of the run, seconds. */
  readonly wallSeconds: number;
}

/** What a method's model says about task j right now. */
export interface TaskLearnedEvent {
  /** The task just learned, 0-based (K − 1 for `joint`, which learns all at once). */
  readonly task: number;
  /** Readout outputs on task j (0-based) of the model as it is now: Float32Array [B · C_j]. */
  forward(j: number, x: Float32Array, batchSize: number): Float32Array;
}

/** Hooks of {@link runContinual}. */
export interface ContinualHooks {
  /** After every SGD step with the steps done and the run's total. */
  readonly onStep?: (done: number, total: number) => void;
  /** After each task (after PathNet's freeze), before the accuracy row is measured. */
  readonly onTaskLearned?: (event: TaskLearnedEvent) => void;
}

/** Salts of {@link continualSeed}: one stream per use. */
const SALT = {
  net: 1,
  readout: 2,
  data: 3,
  population: 4,
  reinit: 5,
  fisher: 6,
  fresh: 7,
} as const;

/**
 * A seed in [0, 2³¹) for one use of one task of a repetition: the same for every method, so
 * methods see the same minibatches and start from the same weights (a paired comparison).
 */
export function continualSeed(seed: number, use: keyof typeof SALT, task: number): number {
  let h = 0x811c9dc5 ^ SALT[use];
  for (const v of [seed, task]) {
    h = Math.imul(h ^ (v & 0xffff), 0x01000193);
    h = Math.imul(h ^ ((v >>> 16) & 0xffff), 0x01000193);
    h ^= h >>> 15;
  }
  return (h >>> 0) % 2 ** 31;
}

const readoutId = (j: number) => `task-${j + 1}`;

/** The baselines' pathway: modules 0 … N−1 of every layer. */
export function baselinePathway(grid: PathNetConfig): Pathway {
  return grid.layers.map(() => Array.from({ length: grid.maxActivePerLayer }, (_, i) => i));
}

/** A network of the run with a readout for every task (seeded per task, the same in every method). */
function network(
  settings: ContinualSettings,
  tasks: readonly ContinualTask[],
  seed: number,
): PathNet {
  const net = PathNet.create(settings.grid, { seed, engine: settings.engine });
  tasks.forEach((t, j) => {
    net.addReadout(readoutId(j), t.task.numClasses, continualSeed(seed, 'readout', j));
  });
  return net;
}

/**
 * Learns `tasks` in order with `method` and measures the accuracy matrix R: row 0 before any
 * training, row i right after task i. Deterministic in `seed` on one engine.
 *
 * `pathnet` before learning task j is measured on the first pathway of task j's population.
 * When every module of a layer is frozen, task j's pathways still choose modules there (all
 * frozen: they give features, take no gradient); the task trains its free modules in the other
 * layers and its readout. `capacity.fullLayersAtStart` counts such layers.
 *
 * @throws the errors of `PathNet.create` for a bad grid, of `@pathnet/evolution` for bad
 *   evolution settings; RangeError for no tasks.
 */
export function runContinual(
  tasks: readonly ContinualTask[],
  method: ContinualMethod,
  settings: ContinualSettings,
  seed: number,
  hooks: ContinualHooks = {},
): ContinualRecord {
  if (tasks.length < 1) throw new RangeError('tasks: expected at least one task; got none');
  const started = performance.now();
  const K = tasks.length;
  const S = 2 * settings.generations * settings.steps;
  const total = K * S;
  let done = 0;
  const tick = () => {
    done++;
    hooks.onStep?.(done, total);
  };
  const optimizer = createOptimizer({ kind: 'sgd', learningRate: settings.learningRate });
  const rows: (number | null)[][] = [];
  const nets: PathNet[] = [];
  const extra: { pathways?: Pathway[]; capacity?: ContinualCapacity } = {};
  const sgdSteps = new Array<number>(K).fill(0);
  try {
    // What each task is evaluated with, per method (set below).
    let evalNet: (j: number) => PathNet;
    let evalPath: (j: number) => Pathway;
    const measure = () =>
      tasks.map((t, j) => evalNet(j).evaluate(evalPath(j), readoutId(j), t.test));
    const learned = (k: number) => {
      hooks.onTaskLearned?.({
        task: k,
        forward: (j, x, b) => evalNet(j).forward(evalPath(j), readoutId(j), x, b),
      });
    };
    const stream = (j: number) =>
      tasks[j]!.task.trainStream({
        batchSize: settings.batchSize,
        seed: continualSeed(seed, 'data', j),
      });
    const fixed = baselinePathway(settings.grid);
    const train = (net: PathNet, j: number, it: ReturnType<typeof stream>, batch: Minibatch) => {
      net.trainStep(fixed, readoutId(j), it.next(batch), optimizer);
      sgdSteps[j]!++;
      tick();
    };
    const buffer = (): Minibatch => {
      const B = settings.batchSize;
      const size = B * tasks[0]!.task.inputShape.reduce((a, b) => a * b, 1);
      return { x: new Float32Array(size), y: new Int32Array(B), batchSize: B };
    };

    if (method === 'pathnet') {
      const net = network(settings, tasks, continualSeed(seed, 'net', 0));
      nets.push(net);
      const { layers, modulesPerLayer: M, maxActivePerLayer: N } = settings.grid;
      const populations = tasks.map((_, j) =>
        Population.random(
          { size: settings.population, layers: layers.length, modules: M, active: N },
          continualSeed(seed, 'population', j),
        ),
      );
      const first = populations.map((p) => p.genotypes[0]!.map((row) => [...row]));
      const best: (Pathway | undefined)[] = new Array(K).fill(undefined);
      evalNet = () => net;
      evalPath = (j) => best[j] ?? first[j]!;
      const capacity: ContinualCapacity = {
        frozenPerLayer: [],
        newlyFrozen: [],
        fullLayersAtStart: [],
      };
      rows.push(measure());
      for (let k = 0; k < K; k++) {
        if (k > 0) net.reinitializeUnfrozen(continualSeed(seed, 'reinit', k));
        const before = net.frozenModules();
        capacity.fullLayersAtStart.push(before.filter((row) => row.every(Boolean)).length);
        const result = evolve(
          net,
          readoutId(k),
          tasks[k]!.task,
          populations[k]!,
          optimizer,
          {
            steps: settings.steps,
            batchSize: settings.batchSize,
            threshold: Number.POSITIVE_INFINITY,
            maxGenerations: settings.generations,
            mutationProbability: settings.mutationProbability,
            dataSeed: continualSeed(seed, 'data', k),
            protocol: 'serial',
            concurrency: 1,
          },
          () => {
            for (let s = 0; s < 2 * settings.steps; s++) tick();
          },
        );
        sgdSteps[k] = 2 * settings.steps * result.generations;
        const path = result.best.genotype.map((row) => [...row]);
        best[k] = path;
        net.freeze(path);
        const after = net.frozenModules();
        capacity.frozenPerLayer.push(after.map((row) => row.filter(Boolean).length));
        capacity.newlyFrozen.push(after.flat().filter((f, i) => f && !before.flat()[i]).length);
        learned(k);
        rows.push(measure());
      }
      extra.pathways = best as Pathway[];
      extra.capacity = capacity;
    } else if (method === 'independent') {
      for (let j = 0; j < K; j++)
        nets.push(network(settings, tasks, continualSeed(seed, 'fresh', j)));
      evalNet = (j) => nets[j]!;
      evalPath = () => fixed;
      rows.push(measure());
      for (let k = 0; k < K; k++) {
        const it = stream(k);
        const batch = buffer();
        for (let s = 0; s < S; s++) train(nets[k]!, k, it, batch);
        learned(k);
        rows.push(measure());
      }
    } else if (method === 'joint') {
      const net = network(settings, tasks, continualSeed(seed, 'net', 0));
      nets.push(net);
      evalNet = () => net;
      evalPath = () => fixed;
      rows.push(measure());
      const its = tasks.map((_, j) => stream(j));
      const batch = buffer();
      for (let s = 0; s < K * S; s++) {
        const j = s % K;
        net.trainStep(fixed, readoutId(j), its[j]!.next(batch), optimizer);
        tick();
      }
      sgdSteps[K - 1] = K * S;
      for (let i = 1; i < K; i++) rows.push(new Array<number | null>(K).fill(null));
      learned(K - 1);
      rows.push(measure());
    } else {
      const net = network(settings, tasks, continualSeed(seed, 'net', 0));
      nets.push(net);
      evalNet = () => net;
      evalPath = () => fixed;
      const ewc = method === 'ewc' ? new ElasticWeightConsolidation(settings.ewcLambda) : undefined;
      rows.push(measure());
      for (let k = 0; k < K; k++) {
        const it = stream(k);
        const batch = buffer();
        for (let s = 0; s < S; s++) {
          train(net, k, it, batch);
          if (ewc !== undefined && ewc.tasks > 0) ewc.proximalStep(net, settings.learningRate);
        }
        if (ewc !== undefined) {
          const sample = tasks[k]!.task.trainStream({
            batchSize: settings.fisherExamples,
            seed: continualSeed(seed, 'fisher', k),
          }).next();
          ewc.consolidate(net, fisherDiagonal(net, fixed, readoutId(k), sample));
        }
        learned(k);
        rows.push(measure());
      }
    }
    const accuracy: AccuracyMatrix = rows;
    return {
      method,
      seed,
      ...(method === 'ewc' && { lambda: settings.ewcLambda }),
      accuracy: rows,
      metrics: continualMetrics(accuracy),
      sgdSteps,
      ...extra,
      wallSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const n of nets) n.dispose();
  }
}
