/**
 * Settings of the fixed-budget transfer experiment, with the paper's values
 * (Fernando et al. 2017, Sec. 3.2) as defaults.
 */
import { type PathNetConfig, presets } from '@pathnet/core';
import { FITNESS_PROTOCOLS, type FitnessProtocol, type OperatorRef } from '@pathnet/evolution';
import {
  CONDITIONS,
  type Condition,
  type ProtocolSettings,
  type TaskSpec,
} from '@pathnet/experiments';
import { PAIRS, type PairName } from './pairs.js';

/** Every setting of one run; all of it goes into `results.json`. */
export interface CifarSvhnOptions {
  /** The task pair, run in both directions (ignored when `taskA` and `taskB` are given). */
  pair: PairName;
  /** Folder of the CIFAR-10 and SVHN files (default `$PATHNET_DATA_DIR`). */
  dataDir?: string;
  /** Folder of the Fashion-MNIST files (default `/usr/share/datasets/fashion-mnist`). */
  fashionDir?: string;
  /** Registered tasks in place of a pair (`--task-a/--task-b`): the run is A → B only. */
  taskA?: TaskSpec;
  taskB?: TaskSpec;
  /** ReLU units per dense module. Paper: 20. */
  units: number;
  /** P: pathways in the population. Paper: 64. */
  population: number;
  /** T: training minibatches per pathway per tournament. Paper: 50. */
  steps: number;
  /** Minibatch size. Paper: 16. */
  batchSize: number;
  /** The fixed budget: generations per task. Paper: 500. */
  generations: number;
  /** SGD learning rate (the paper does not give one for Sec. 3.2; this project's binary-MNIST default). */
  learningRate: number;
  /** Fitness protocol of a tournament: `serial` (the paper's) or `interleaved` (`@pathnet/evolution`). */
  protocol: FitnessProtocol;
  /** Mutation probability per gene; default 1/(N·L) of the grid ({@link defaultMutationProbability}): 1/15. */
  mutationProbability: number;
  /** A registered mutation operator in place of the built-in (`--operator`). */
  operator?: OperatorRef;
  /** `file:` URLs of the `--plugin` modules. */
  plugins?: string[];
  /** How many seeds; seed i of the run is `seed + i`. */
  seeds: number;
  seed: number;
  /** Conditions for task B. */
  conditions: Condition[];
  /** Results folder. */
  out: string;
  engine: 'auto' | 'fused' | 'tfjs';
}

/** The paper's settings (Sec. 3.2): L=3, M=20, N=5, P=64, T=50, B=16, a fixed 500 generations. */
export function paperDefaults(): CifarSvhnOptions {
  const units = 20;
  return {
    pair: 'cifar-svhn',
    units,
    population: 64,
    steps: 50,
    batchSize: 16,
    generations: 500,
    learningRate: 0.1,
    protocol: 'serial',
    mutationProbability: defaultMutationProbability({ units }),
    seeds: 1,
    seed: 1,
    conditions: [...CONDITIONS],
    out: 'results/cifar-svhn',
    engine: 'auto',
  };
}

/** Small settings for a smoke run (`--quick`). */
export function quickOverrides(): Partial<CifarSvhnOptions> {
  return { population: 8, steps: 5, generations: 10, seeds: 2, out: 'results/cifar-svhn-quick' };
}

/** Thrown for settings that cannot run; the message names the flag. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

function integerAtLeast(value: number, min: number, flag: string): void {
  if (!Number.isInteger(value) || value < min) {
    throw new OptionError(`${flag} must be an integer ≥ ${min}, got ${value}`);
  }
}

/**
 * Checks every setting.
 * @throws {OptionError} naming the flag, the value given and what is expected.
 */
export function validateOptions(o: CifarSvhnOptions): CifarSvhnOptions {
  if (!PAIRS.includes(o.pair)) {
    throw new OptionError(`--pair must be one of ${PAIRS.join(', ')}, got "${o.pair}"`);
  }
  if ((o.taskA === undefined) !== (o.taskB === undefined)) {
    throw new OptionError('--task-a and --task-b go together (the run is then A → B only)');
  }
  integerAtLeast(o.units, 1, '--units');
  integerAtLeast(o.population, 2, '--population');
  integerAtLeast(o.steps, 1, '--steps');
  integerAtLeast(o.batchSize, 1, '--batch-size');
  integerAtLeast(o.generations, 1, '--generations');
  integerAtLeast(o.seeds, 1, '--seeds');
  integerAtLeast(o.seed, 0, '--seed');
  if (!(o.learningRate > 0 && Number.isFinite(o.learningRate))) {
    throw new OptionError(`--learning-rate must be a positive number, got ${o.learningRate}`);
  }
  if (!(o.mutationProbability >= 0 && o.mutationProbability <= 1)) {
    throw new OptionError(`--mutation-probability must be in [0, 1], got ${o.mutationProbability}`);
  }
  if (!FITNESS_PROTOCOLS.includes(o.protocol)) {
    throw new OptionError(
      `--protocol must be one of ${FITNESS_PROTOCOLS.join(', ')}, got "${o.protocol}"`,
    );
  }
  if (o.conditions.length === 0) throw new OptionError('--conditions needs at least one condition');
  for (const c of o.conditions) {
    if (!CONDITIONS.includes(c)) {
      throw new OptionError(
        `--conditions: unknown condition "${c}"; valid: ${CONDITIONS.join(', ')}`,
      );
    }
  }
  return o;
}

/** The grid: {@link presets.cifarSvhn} (L=3, M=20, N=5) for inputs of `inputSize` values. */
export function gridConfig(o: CifarSvhnOptions, inputSize: number): PathNetConfig {
  return presets.cifarSvhn({ units: o.units, inputShape: [inputSize] });
}

/**
 * M, the modules per layer of the {@link gridConfig} grid (the same for every input
 * size), known before the tasks are made: what `--operator` is checked against
 * (`resolveMutation(operator, M)`, Sec. 2.1: genes index modules 0..M-1).
 */
export function modulesPerLayer(o: CifarSvhnOptions): number {
  return presets.cifarSvhn({ units: o.units }).modulesPerLayer;
}

/**
 * The default mutation probability per gene, 1/(N·L) of the {@link gridConfig} grid
 * (Sec. 2.1: each gene mutates with probability 1/(N·L); N and L the same for every
 * input size): 1/15 for the preset's N=5, L=3.
 */
export function defaultMutationProbability(o: Pick<CifarSvhnOptions, 'units'>): number {
  const grid = presets.cifarSvhn({ units: o.units });
  return 1 / (grid.maxActivePerLayer * grid.layers.length);
}

/**
 * The protocol's settings: a fixed budget, so the threshold is unreachable
 * (`Infinity`) and every task runs exactly `generations` tournaments.
 */
export function protocolSettings(o: CifarSvhnOptions, inputSize: number): ProtocolSettings {
  return {
    grid: gridConfig(o, inputSize),
    engine: o.engine,
    concurrency: 1,
    protocol: o.protocol,
    population: o.population,
    steps: o.steps,
    batchSize: o.batchSize,
    threshold: Number.POSITIVE_INFINITY,
    maxGenerations: o.generations,
    learningRate: o.learningRate,
    mutationProbability: o.mutationProbability,
    ...(o.operator !== undefined && { mutation: o.operator }),
    conditions: o.conditions,
  };
}
