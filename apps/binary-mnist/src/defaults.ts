/**
 * Settings of the binary-MNIST transfer experiment and their defaults, the
 * paper's values (Fernando et al. 2017, Sec. 3.1); no tensor imports, so that
 * the command line's `--help` can show them.
 */
import type { NoiseMode } from '@pathnet/envs';
import type { TaskSpec } from '@pathnet/experiments';
import {
  type BPathways,
  CONDITIONS,
  FlagError,
  SEC_3_1,
  type TrainingSettings,
} from '@pathnet/experiments/cli';

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
export interface ExperimentOptions extends TrainingSettings {
  /** L: layers of modules. Paper: 3. */
  layers: number;
  /** M: modules per layer. Paper: 10. */
  modules: number;
  /** N: at most this many active modules per layer in a pathway. Paper: 3. */
  active: number;
  /** ReLU units per dense module. Paper: 20. */
  units: number;
  /** Salt-and-pepper noise probability per pixel. Paper: 0.5. */
  noise: number;
  /** When the training images' noise is drawn: `once` per image (every public port) or `fresh` per minibatch. */
  noiseMode: NoiseMode;
  /** A task is solved when a pathway's fitness (training accuracy) reaches this. Paper: 0.998. */
  threshold: number;
  /** Generation cap per task; an unsolved task counts as this many generations. */
  maxGenerations: number;
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
    ...SEC_3_1,
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

/**
 * The check of `--concurrency`, the flag's and a stored value's.
 * @throws {FlagError} unless 1 or 2.
 */
export function checkConcurrency(c: number): void {
  if (c !== 1 && c !== 2) {
    throw new FlagError(
      `--concurrency must be 1 or 2 (a tournament trains two pathways), got ${c}`,
    );
  }
}
