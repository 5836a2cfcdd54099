/**
 * Settings of the fixed-budget transfer experiment and their defaults, the
 * paper's (Fernando et al. 2017, Sec. 3.2); no tensor imports, so that the
 * command line's `--help` can show them. The default mutation probability
 * depends on the grid: `paperDefaults` in ./options.ts adds it.
 */
import type { TaskSpec } from '@pathnet/experiments';
import { CONDITIONS, type TrainingSettings } from '@pathnet/experiments/cli';
import type { PairName } from './pairs.js';

/** Every setting of one run; all of it goes into `results.json`. */
export interface CifarSvhnOptions extends TrainingSettings {
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
  /** The fixed budget: generations per task. Paper: 500. */
  generations: number;
}

/** The paper's settings (Sec. 3.2) that flags default to: P=64, T=50, B=16, a fixed 500 generations. */
export function flagDefaults(): Omit<CifarSvhnOptions, 'mutationProbability'> {
  return {
    pair: 'cifar-svhn',
    units: 20,
    population: 64,
    steps: 50,
    batchSize: 16,
    generations: 500,
    // Sec. 3.2 gives no learning rate for this experiment.
    learningRate: 0.1,
    protocol: 'serial',
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
