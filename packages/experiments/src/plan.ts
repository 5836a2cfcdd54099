import type { PathNetConfig } from '@pathnet/core';
import type { FitnessProtocol, OperatorRef } from '@pathnet/evolution';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** The three ways of learning task B after task A (Fernando et al. 2017, Sec. 2.3 and 3.1). */
export const CONDITIONS = ['pathnet', 'independent', 'fine-tune'] as const;
/** One of {@link CONDITIONS}. */
export type Condition = (typeof CONDITIONS)[number];

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
