/**
 * Settings of the fixed-budget transfer experiment, with the paper's values
 * (Fernando et al. 2017, Sec. 3.2) as defaults.
 */
import { type PathNetConfig, presets } from '@pathnet/core';
import type { ProtocolSettings } from '@pathnet/experiments';
import { BOUNDS, checkFlag, checkTrainingSettings } from '@pathnet/experiments/cli';
import { type CifarSvhnOptions, flagDefaults } from './defaults.js';
import { PAIRS } from './pairs.js';

export { type CifarSvhnOptions, quickOverrides } from './defaults.js';

/** The paper's settings (Sec. 3.2): L=3, M=20, N=5, P=64, T=50, B=16, a fixed 500 generations. */
export function paperDefaults(): CifarSvhnOptions {
  const d = flagDefaults();
  return { ...d, mutationProbability: defaultMutationProbability(d) };
}

/** Thrown for settings that cannot run; the message names the flag. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

/**
 * Checks every setting (given, `--quick`'s, or read back with `--resume`).
 * @throws {FlagError} naming the flag, the value given and what is expected.
 * @throws {OptionError} for `--task-a` without `--task-b` or the reverse.
 */
export function validateOptions(o: CifarSvhnOptions): CifarSvhnOptions {
  if (!PAIRS.includes(o.pair)) {
    throw new OptionError(`--pair must be ${PAIRS.join(' or ')}, got "${o.pair}"`);
  }
  if ((o.taskA === undefined) !== (o.taskB === undefined)) {
    throw new OptionError('--task-a and --task-b go together (the run is then A → B only)');
  }
  checkFlag('--units', o.units, BOUNDS.units);
  checkFlag('--generations', o.generations, BOUNDS.generations);
  checkTrainingSettings(o);
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
