/**
 * Settings of the binary-MNIST transfer experiment, with the paper's values
 * as defaults (Fernando et al. 2017, Sec. 3.1).
 */

import { type PathNetConfig, presets } from '@pathnet/core';
import { NOISE_MODES, type NoiseMode } from '@pathnet/envs';
import { FITNESS_PROTOCOLS, type FitnessProtocol, type OperatorRef } from '@pathnet/evolution';
import {
  B_PATHWAYS,
  type BPathways,
  CONDITIONS,
  type Condition,
  type ProtocolSettings,
  type TaskSpec,
} from '@pathnet/experiments';

export { B_PATHWAYS, type BPathways, CONDITIONS, type Condition };

/**
 * Task B defined by its relation to task A (`--task-b <keyword>`), per seed:
 * - `same`: B is A, the same digits and the same noisy images (a positive control: A's frozen
 *   path already solves B, so transfer must help);
 * - `same-renoised`: A's digits with a new noise draw (a positive control);
 * - `permuted`: A's digits with a new noise draw and a fixed pixel permutation (a negative
 *   control: it differs from `same-renoised` only in the permutation, which leaves learning
 *   from scratch unchanged in distribution but misaligns A's features with the pixels);
 * - `shared-digit`: A's first digit and a digit in neither of A's (partly related tasks).
 */
export const B_RELATIONS = ['same', 'same-renoised', 'permuted', 'shared-digit'] as const;
/** One of {@link B_RELATIONS}. */
export type BRelation = (typeof B_RELATIONS)[number];

/**
 * Levels besides the stopping threshold at which generations are read by default (those below
 * it). At noise 0.5 the noisy test accuracy is about 0.94: training accuracies above it are
 * reached by memorising the fixed noisy training images, those below by features that generalise.
 */
export const DEFAULT_REPORT_LEVELS = [0.8, 0.9, 0.95, 0.98] as const;

/** Every setting of one experiment; all of it goes into `results.json`. */
export interface ExperimentOptions {
  /** L: layers of modules. Paper: 3. */
  layers: number;
  /** M: modules per layer. Paper: 10. */
  modules: number;
  /** N: at most this many active modules per layer in a pathway. Paper: 3. */
  active: number;
  /** ReLU units per dense module. Paper: 20. */
  units: number;
  /** P: pathways in the population. Paper's table: 64; its runs used 20 (its first author). */
  population: number;
  /** T: training minibatches per pathway per tournament. Paper: 50. */
  steps: number;
  /** Minibatch size. Paper: 16. */
  batchSize: number;
  /** Salt-and-pepper noise probability per pixel. Paper: 0.5. */
  noise: number;
  /** When the training images' noise is drawn: `once` per image (every public port) or `fresh` per minibatch. */
  noiseMode: NoiseMode;
  /** Fitness protocol of the tournaments: `serial` (the paper's) or `interleaved` (no slot favoured). */
  protocol: FitnessProtocol;
  /** A task is solved when a pathway's fitness (training accuracy) reaches this. Paper: 0.998. */
  threshold: number;
  /** Generation cap per task; an unsolved task counts as this many generations. */
  maxGenerations: number;
  /** SGD learning rate (the paper's 1e-4 is very slow; see the README's sweep). */
  learningRate: number;
  /** Mutation probability per gene; default 1/(N·L) as in the paper. */
  mutationProbability: number;
  /** Task A digits, or `undefined` for a random distinct pair per seed. */
  taskA: [number, number] | undefined;
  /** Task B digits, or `undefined` for a random pair per seed, distinct from A's digits. */
  taskB: [number, number] | undefined;
  /** Task B by its relation to task A (`--task-b same|same-renoised|permuted|shared-digit`), in place of digits. */
  bRelation?: BRelation;
  /** Which modules B's pathways run: `own` (the paper's) or `include-frozen` (the TF port's change). */
  bPathways: BPathways;
  /**
   * Levels (training accuracies) at which generations to solve B are read from each run's
   * fitness curve, besides the stopping threshold; `undefined`: {@link DEFAULT_REPORT_LEVELS}
   * below the threshold.
   */
  reportThresholds?: number[];
  /** A registered task (e.g. a plugin's) in place of task A's digit pair (`--task-a <id>`). */
  taskSpecA?: TaskSpec;
  /** A registered task in place of task B's digit pair (`--task-b <id>`). */
  taskSpecB?: TaskSpec;
  /** A registered mutation operator in place of the built-in (`--operator`). */
  operator?: OperatorRef;
  /** `file:` URLs of the `--plugin` modules, imported before the run (and again on `--resume`). */
  plugins?: string[];
  /** How many seeds (whole experiments) to run. */
  seeds: number;
  /** The first seed; seed i of the run is `seed + i`. */
  seed: number;
  /** Conditions to run for task B. */
  conditions: Condition[];
  /** Results folder. */
  out: string;
  /** Where the grid lives and trains: `auto` (fused kernels for this dense grid on CPU), `fused` or `tfjs`. */
  engine: 'auto' | 'fused' | 'tfjs';
  /**
   * Pathways of a tournament trained at once: 1 (one after the other, results
   * reproducible) or 2 (both at once on the fused engine, hogwild as the
   * paper's asynchronous workers: results vary from run to run).
   */
  concurrency: number;
}

/** The learning rate this project uses by default (measured sweep in the README; the paper's is 1e-4). */
export const DEFAULT_LEARNING_RATE = 0.01;

/**
 * The paper's settings (Sec. 3.1) with noise drawn once per training image (every public port),
 * the population of 20 its runs used (its first author), and this project's measured learning rate.
 */
export function paperDefaults(): ExperimentOptions {
  return {
    layers: 3,
    modules: 10,
    active: 3,
    units: 20,
    population: 20,
    steps: 50,
    batchSize: 16,
    noise: 0.5,
    noiseMode: 'once',
    protocol: 'serial',
    threshold: 0.998,
    maxGenerations: 500,
    learningRate: DEFAULT_LEARNING_RATE,
    mutationProbability: 1 / 9,
    taskA: undefined,
    taskB: undefined,
    bPathways: 'own',
    seeds: 1,
    seed: 1,
    conditions: [...CONDITIONS],
    out: 'results/binary-mnist',
    engine: 'auto',
    concurrency: 1,
  };
}

/** Small settings for a smoke run in well under a minute (`--quick`). */
export function quickOverrides(): Partial<ExperimentOptions> {
  return {
    population: 8,
    steps: 10,
    threshold: 0.9,
    maxGenerations: 30,
    seeds: 2,
    out: 'results/binary-mnist-quick',
  };
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

function checkDigits(pair: [number, number] | undefined, flag: string): void {
  if (pair === undefined) return;
  const [a, b] = pair;
  for (const d of pair) {
    if (!Number.isInteger(d) || d < 0 || d > 9) {
      throw new OptionError(`${flag} digits must be integers 0–9, got ${pair.join(',')}`);
    }
  }
  if (a === b) throw new OptionError(`${flag} needs two different digits, got ${a},${b}`);
}

/**
 * Checks every setting.
 * @throws {OptionError} naming the flag, the value given and what is expected.
 */
export function validateOptions(o: ExperimentOptions): ExperimentOptions {
  integerAtLeast(o.layers, 1, '--layers');
  integerAtLeast(o.modules, 1, '--modules');
  integerAtLeast(o.active, 1, '--active');
  if (o.active > o.modules) {
    throw new OptionError(
      `--active (N=${o.active}) cannot exceed --modules (M=${o.modules}): a pathway picks at most M distinct modules per layer`,
    );
  }
  integerAtLeast(o.units, 1, '--units');
  integerAtLeast(o.population, 2, '--population');
  integerAtLeast(o.steps, 1, '--steps');
  integerAtLeast(o.batchSize, 1, '--batch-size');
  integerAtLeast(o.maxGenerations, 1, '--max-generations');
  integerAtLeast(o.seeds, 1, '--seeds');
  integerAtLeast(o.seed, 0, '--seed');
  if (!(o.noise >= 0 && o.noise <= 1))
    throw new OptionError(`--noise must be in [0, 1], got ${o.noise}`);
  if (!(o.threshold > 0 && o.threshold <= 1)) {
    throw new OptionError(`--threshold must be in (0, 1], got ${o.threshold}`);
  }
  if (!(o.learningRate > 0 && Number.isFinite(o.learningRate))) {
    throw new OptionError(`--learning-rate must be a positive number, got ${o.learningRate}`);
  }
  if (!(o.mutationProbability >= 0 && o.mutationProbability <= 1)) {
    throw new OptionError(`--mutation-probability must be in [0, 1], got ${o.mutationProbability}`);
  }
  if (!NOISE_MODES.includes(o.noiseMode)) {
    throw new OptionError(`--noise-mode must be ${NOISE_MODES.join(' or ')}, got "${o.noiseMode}"`);
  }
  if (!FITNESS_PROTOCOLS.includes(o.protocol)) {
    throw new OptionError(
      `--protocol must be ${FITNESS_PROTOCOLS.join(' or ')}, got "${o.protocol}"`,
    );
  }
  if (o.concurrency === 2 && o.protocol !== 'interleaved') {
    throw new OptionError(
      '--concurrency 2 trains both pathways at once, an interleaved protocol: add --protocol interleaved',
    );
  }
  if (o.concurrency !== 1 && o.concurrency !== 2) {
    throw new OptionError(
      `--concurrency must be 1 or 2 (a tournament trains two pathways), got ${o.concurrency}`,
    );
  }
  if (!['auto', 'fused', 'tfjs'].includes(o.engine)) {
    throw new OptionError(`--engine must be auto, fused or tfjs, got "${o.engine}"`);
  }
  checkDigits(o.taskA, '--task-a');
  checkDigits(o.taskB, '--task-b');
  if (o.bRelation !== undefined && !B_RELATIONS.includes(o.bRelation)) {
    throw new OptionError(
      `--task-b: unknown relation "${o.bRelation}"; valid: ${B_RELATIONS.join(', ')}`,
    );
  }
  if (o.bRelation !== undefined && o.taskSpecA !== undefined) {
    throw new OptionError(
      `--task-b ${o.bRelation} relates B to a digit pair of task A; --task-a ${o.taskSpecA.id} is a registered task`,
    );
  }
  if (!B_PATHWAYS.includes(o.bPathways)) {
    throw new OptionError(`--b-pathways must be ${B_PATHWAYS.join(' or ')}, got "${o.bPathways}"`);
  }
  if (o.conditions.length === 0) throw new OptionError('--conditions needs at least one condition');
  const seen = new Set<string>();
  for (const c of o.conditions) {
    if (!CONDITIONS.includes(c)) {
      throw new OptionError(
        `--conditions: unknown condition "${c}"; valid: ${CONDITIONS.join(', ')}`,
      );
    }
    if (seen.has(c)) throw new OptionError(`--conditions names "${c}" twice`);
    seen.add(c);
  }
  for (const level of o.reportThresholds ?? []) {
    if (!(level > 0 && level <= o.threshold)) {
      throw new OptionError(
        `--report-thresholds: each level must be in (0, --threshold ${o.threshold}] (a run stops at its threshold), got ${level}`,
      );
    }
  }
  return o;
}

/** The levels at which the summary reads generations: the report thresholds, then the stopping threshold. */
export function reportLevels(
  o: Pick<ExperimentOptions, 'reportThresholds' | 'threshold'>,
): number[] {
  const extra = o.reportThresholds ?? DEFAULT_REPORT_LEVELS.filter((l) => l < o.threshold);
  return [...new Set([...extra, o.threshold])].sort((a, b) => a - b);
}

/**
 * A note on tasks that share digits (allowed: they are the controls of transfer), or null.
 * The paper's tasks use four distinct digits.
 */
export function sharedDigitsNote(
  o: Pick<ExperimentOptions, 'taskA' | 'taskB' | 'bRelation'>,
): string | null {
  if (o.bRelation !== undefined) return null;
  const shared = o.taskA?.filter((d) => o.taskB?.includes(d)) ?? [];
  if (shared.length === 0) return null;
  return (
    `note: --task-a ${o.taskA!.join(',')} and --task-b ${o.taskB!.join(',')} share digit${shared.length > 1 ? 's' : ''} ` +
    `${shared.join(',')}; the paper's tasks use four distinct digits (B's images get their own noise draw; ` +
    "--task-b same reuses A's noisy images)"
  );
}

/**
 * The PathNet configuration of the experiment: {@link presets.binaryMnist}
 * (hidden layers summed, the last averaged) resized to the flags' L, M, N.
 * @param inputShape - the tasks' input shape (default MNIST's `[784]`).
 */
export function gridConfig(o: ExperimentOptions, inputShape?: readonly number[]): PathNetConfig {
  const preset = presets.binaryMnist({ units: o.units, ...(inputShape && { inputShape }) });
  const hidden = preset.layers[0]!;
  const last = preset.layers[preset.layers.length - 1]!;
  return {
    ...preset,
    layers: Array.from({ length: o.layers }, (_, l) => (l === o.layers - 1 ? last : hidden)),
    modulesPerLayer: o.modules,
    maxActivePerLayer: o.active,
  };
}

/** The transfer protocol's settings (`@pathnet/experiments`) for these options. */
export function protocolSettings(
  o: ExperimentOptions,
  inputShape?: readonly number[],
): ProtocolSettings {
  return {
    grid: gridConfig(o, inputShape),
    engine: o.engine,
    concurrency: o.concurrency,
    protocol: o.protocol,
    population: o.population,
    steps: o.steps,
    batchSize: o.batchSize,
    threshold: o.threshold,
    maxGenerations: o.maxGenerations,
    learningRate: o.learningRate,
    mutationProbability: o.mutationProbability,
    ...(o.operator !== undefined && { mutation: o.operator }),
    conditions: o.conditions,
    bPathways: o.bPathways,
  };
}
