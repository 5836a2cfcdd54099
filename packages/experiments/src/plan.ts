import type { PathNetConfig } from '@pathnet/core';
import type { FitnessProtocol, OperatorRef } from '@pathnet/evolution';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * The ways of learning task B after task A (Fernando et al. 2017, Sec. 2.3 and 3.1), each
 * defined by two factors ({@link CONDITION_FACTORS}): which weights B starts from and where
 * B's population starts. Every comparison of {@link COMPARISONS} changes exactly one factor.
 * - `pathnet`: A's best pathway frozen, every other module re-initialised; random population.
 * - `independent`: fresh weights; random population (learning B from scratch).
 * - `fine-tune`: all of A's weights, nothing frozen; random population.
 * - `fine-tune-converged`: all of A's weights, nothing frozen; every pathway of B's population
 *   set to A's best genotype (what this project called `fine-tune` before: it differs from
 *   `independent` in both factors).
 * - `independent-converged`: fresh weights; every pathway set to A's best genotype.
 */
export const CONDITIONS = [
  'pathnet',
  'independent',
  'fine-tune',
  'fine-tune-converged',
  'independent-converged',
] as const;
/** One of {@link CONDITIONS}. */
export type Condition = (typeof CONDITIONS)[number];

/** The weights task B starts from. */
export type StartWeights =
  /** A fresh grid (its own initialisation seed). */
  | 'fresh'
  /** A's best pathway's modules frozen, every other module re-initialised (Sec. 2.3, steps 2–3). */
  | 'frozen-path'
  /** Every parameter as task A left it, nothing frozen. */
  | 'all-of-a';

/** Where task B's population starts. */
export type PopulationStart =
  /** P random genotypes (Sec. 2.3, step 4). */
  | 'random'
  /** P copies of A's best genotype. */
  | 'converged';

/** What a condition sets: its two factors. */
export interface ConditionFactors {
  readonly weights: StartWeights;
  readonly start: PopulationStart;
}

/** The factors of each condition. */
export const CONDITION_FACTORS: Readonly<Record<Condition, ConditionFactors>> = {
  pathnet: { weights: 'frozen-path', start: 'random' },
  independent: { weights: 'fresh', start: 'random' },
  'fine-tune': { weights: 'all-of-a', start: 'random' },
  'fine-tune-converged': { weights: 'all-of-a', start: 'converged' },
  'independent-converged': { weights: 'fresh', start: 'converged' },
};

/** A comparison of a condition with a control that differs from it in one factor. */
export interface Comparison {
  readonly condition: Condition;
  readonly control: Condition;
  /** The factor that differs, as the tables print it. */
  readonly factor: string;
}

/**
 * The comparisons the summary reports, each a pair of conditions that differ in one factor;
 * speedup = generations of the control ÷ generations of the condition (> 1: the condition is
 * faster). The first is the paper's claim (Sec. 3.1: PathNet transfer against learning B de novo).
 */
export const COMPARISONS: readonly Comparison[] = [
  { condition: 'pathnet', control: 'independent', factor: 'weights: frozen A path vs fresh' },
  { condition: 'fine-tune', control: 'independent', factor: "weights: A's vs fresh" },
  { condition: 'pathnet', control: 'fine-tune', factor: "weights: frozen A path vs A's" },
  {
    condition: 'independent-converged',
    control: 'independent',
    factor: 'start: converged vs random',
  },
  {
    condition: 'fine-tune-converged',
    control: 'fine-tune',
    factor: "start: converged vs random (A's weights)",
  },
  {
    condition: 'fine-tune-converged',
    control: 'independent-converged',
    factor: "weights: A's vs fresh (converged start)",
  },
];

/**
 * Which modules task B's pathways run:
 * - `own`: the genotype's modules only (the paper, Sec. 2.3);
 * - `include-frozen`: the genotype's modules plus A's frozen pathway in every layer, for
 *   conditions that freeze it (the TF port's change, not the paper's; the grid then allows up
 *   to min(M, 2N) active modules per layer).
 */
export type BPathways = 'own' | 'include-frozen';
/** The values of {@link BPathways}, the paper's first. */
export const B_PATHWAYS: readonly BPathways[] = ['own', 'include-frozen'];

/**
 * A registered supervised task (`@pathnet/envs` `makeTask`) by id with its
 * options. Plain data: it crosses worker threads and goes into `results.json`.
 */
export interface TaskSpec {
  /** A registered task id, e.g. `"mnist-binary"`. */
  readonly id: string;
  /** The task's options, e.g. `{ digits: [5, 6], noise: 0.5 }`; JSON values only. */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** Every setting of the transfer protocol that is the same for each seed (plain data). */
export interface ProtocolSettings {
  /** The module grid (e.g. `presets.binaryMnist()` or `presets.cifarSvhn()` from `@pathnet/core`). */
  readonly grid: PathNetConfig;
  /** Where the grid lives and trains (`@pathnet/core` engine option). */
  readonly engine: 'auto' | 'fused' | 'tfjs';
  /** Pathways of a tournament trained at once: 1 (reproducible) or 2 (hogwild on the fused engine; interleaved protocol only). */
  readonly concurrency: number;
  /**
   * Fitness protocol of the tournaments (`@pathnet/evolution`): `serial`, the paper's (the
   * second pathway trains after the first and is favoured), or `interleaved` (no slot favoured).
   */
  readonly protocol: FitnessProtocol;
  /** P: pathways in the population. Paper: 64. */
  readonly population: number;
  /** T: training minibatches per pathway per tournament. Paper: 50. */
  readonly steps: number;
  /** Minibatch size B. Paper: 16. */
  readonly batchSize: number;
  /** A task is solved when a pathway's fitness reaches this; `Infinity` for a fixed budget (Sec. 3.2). */
  readonly threshold: number;
  /** Generation cap per task (Sec. 3.2: a fixed 500). */
  readonly maxGenerations: number;
  /** SGD learning rate. */
  readonly learningRate: number;
  /** Mutation probability per gene; the paper's 1/(N·L). */
  readonly mutationProbability: number;
  /** A registered mutation operator in place of the built-in (e.g. a plugin's), by name with options. */
  readonly mutation?: OperatorRef;
  /** Conditions to run for task B. */
  readonly conditions: readonly Condition[];
  /** Which modules B's pathways run (default `own`, the paper's). */
  readonly bPathways?: BPathways;
}

/** The seeds of every random stream of one repetition. */
export interface SeedStreams {
  /** Task A's grid initialisation and readout. */
  gridA: number;
  /** Task A's population. */
  populationA: number;
  /** Task A's minibatch stream. */
  dataA: number;
  /** Per condition of task B (the same for each): grid (re-)initialisation, population, data. */
  b: Record<'grid' | 'population' | 'data', number>;
}

/** One repetition of the transfer experiment: its seed, its two tasks and its streams. */
export interface TransferPlan {
  /** The repetition's seed. */
  readonly seed: number;
  readonly taskA: TaskSpec;
  readonly taskB: TaskSpec;
  readonly streams: SeedStreams;
}

/**
 * Draws the six stream seeds (31-bit integers) of a repetition from `rng`,
 * in a fixed order: grid A, population A, data A, then B's grid, population, data.
 */
export function drawStreams(rng: RandomGenerator): SeedStreams {
  const draw = () => uniformInt(rng, 0, 0x7fffffff);
  return {
    gridA: draw(),
    populationA: draw(),
    dataA: draw(),
    b: { grid: draw(), population: draw(), data: draw() },
  };
}

/**
 * Plans a repetition with fixed tasks: streams drawn by {@link drawStreams}
 * from a xoroshiro128+ generator seeded with `seed`. Deterministic in `seed`.
 */
export function planTransfer(seed: number, taskA: TaskSpec, taskB: TaskSpec): TransferPlan {
  return { seed, taskA, taskB, streams: drawStreams(xoroshiro128plus(seed)) };
}
