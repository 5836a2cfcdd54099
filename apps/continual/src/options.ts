/**
 * The continual app's settings: defaults, the `--quick` overrides, and one check per flag
 * (every check runs before anything is written).
 */
import type { ContinualMethod } from '@pathnet/experiments';
import { BOUNDS, checkFlag, checkGridSizes, checkSeeds, SEC_3_1 } from '@pathnet/experiments/cli';

/**
 * The methods, in table order (the same list as `@pathnet/experiments`' `CONTINUAL_METHODS`,
 * repeated here so that `--help` loads no tensors).
 */
export const METHODS: readonly ContinualMethod[] = [
  'pathnet',
  'fine-tune',
  'ewc',
  'independent',
  'joint',
];

/** The task sequences this app runs. */
export const BENCHMARKS = ['split-mnist', 'permuted-mnist', 'split-fashion-mnist'] as const;
/** One task sequence (see `benchmarks.ts`). */
export type Benchmark = (typeof BENCHMARKS)[number];

/** Every setting of a run, as stored in `results.json` (`config`). */
export interface ContinualOptions {
  benchmark: Benchmark;
  /** K: the first K tasks of the benchmark (default all: 5, 10, 5). */
  tasks: number;
  methods: ContinualMethod[];
  /** λ of each `ewc` run (one row per λ: the sweep). */
  ewcLambdas: number[];
  seed: number;
  seeds: number;
  /** L, M, N and units per module of the grid. */
  layers: number;
  modules: number;
  active: number;
  units: number;
  /** P, T, G, B. */
  population: number;
  steps: number;
  generations: number;
  batchSize: number;
  learningRate: number;
  mutationProbability: number;
  /** Training examples of each task the diagonal Fisher is estimated on. */
  fisherExamples: number;
  /** Test examples per task R is measured on (the first ones); 0 = all. */
  testExamples: number;
  /** `auto`, `fused` or `tfjs` (`@pathnet/core` `EngineChoice`). */
  engine: 'auto' | 'fused' | 'tfjs';
  /** Folder of the Fashion-MNIST IDX files. */
  fashionDir: string;
  out: string;
}

/** Bad input: the app prints the message and exits with 2, writing nothing. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

/** The number of tasks of each benchmark. */
export const BENCHMARK_TASKS: Record<Benchmark, number> = {
  'split-mnist': 5,
  'permuted-mnist': 10,
  'split-fashion-mnist': 5,
};

/** Debian's `dataset-fashion-mnist` folder. */
export const DEFAULT_FASHION_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * The defaults: the binary-MNIST grid of the paper (Fernando et al. 2017, Sec. 3.1: L = 3,
 * M = 10, N = 3, 20 ReLU units; P = 20 as its first author told a port; T = 50 minibatches of 16)
 * and a budget of G = 20 tournaments = 2000 SGD steps per task for every method.
 */
export function defaults(benchmark: Benchmark = 'split-mnist'): ContinualOptions {
  return {
    benchmark,
    tasks: BENCHMARK_TASKS[benchmark],
    methods: [...METHODS],
    ewcLambdas: [100, 10_000, 1_000_000],
    seed: 1,
    seeds: 1,
    ...SEC_3_1,
    generations: 20,
    learningRate: 0.05,
    mutationProbability: 1 / 9,
    fisherExamples: 200,
    testExamples: 0,
    engine: 'fused',
    fashionDir: DEFAULT_FASHION_DIR,
    out: `results/continual-${benchmark}`,
  };
}

/** What `--quick` changes (unless the flag is given too): a run of seconds, same code paths. */
export const QUICK: Partial<ContinualOptions> = {
  generations: 2,
  steps: 10,
  population: 4,
  fisherExamples: 32,
  testExamples: 500,
  ewcLambdas: [10_000],
};

const isInt = (v: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  Number.isInteger(v) && v >= min && v <= max;

/**
 * Checks every setting.
 * @throws OptionError naming the first bad flag, what it got and what it expects.
 */
export function validateOptions(o: ContinualOptions): ContinualOptions {
  const fail = (flag: string, got: unknown, expected: string): never => {
    throw new OptionError(`${flag} expects ${expected}, got ${JSON.stringify(got)}`);
  };
  if (!BENCHMARKS.includes(o.benchmark)) fail('--benchmark', o.benchmark, BENCHMARKS.join(' | '));
  const maxTasks = BENCHMARK_TASKS[o.benchmark];
  if (!isInt(o.tasks, 1, maxTasks)) fail('--tasks', o.tasks, `an integer in 1..${maxTasks}`);
  if (o.methods.length === 0 || o.methods.some((m) => !METHODS.includes(m))) {
    fail('--methods', o.methods.join(','), `a comma list of ${METHODS.join(', ')}`);
  }
  if (new Set(o.methods).size !== o.methods.length) {
    fail('--methods', o.methods.join(','), 'each method once');
  }
  if (
    o.ewcLambdas.length === 0 ||
    o.ewcLambdas.some((l) => !(l >= 0 && Number.isFinite(l))) ||
    new Set(o.ewcLambdas).size !== o.ewcLambdas.length
  ) {
    fail('--ewc-lambdas', o.ewcLambdas.join(','), 'a comma list of distinct finite numbers ≥ 0');
  }
  if (!isInt(o.seeds, 1, 1000)) fail('--seeds', o.seeds, 'an integer in 1..1000');
  // The shared flags' bounds (as their flags check them), then the app's own.
  checkSeeds(o);
  checkGridSizes(o);
  checkFlag('--population', o.population, BOUNDS.population);
  checkFlag('--steps', o.steps, BOUNDS.steps);
  checkFlag('--generations', o.generations, BOUNDS.generations);
  checkFlag('--batch-size', o.batchSize, BOUNDS.batchSize);
  checkFlag('--learning-rate', o.learningRate, BOUNDS.learningRate);
  checkFlag('--mutation-probability', o.mutationProbability, BOUNDS.probability);
  if (!isInt(o.fisherExamples, 1)) fail('--fisher-examples', o.fisherExamples, 'an integer ≥ 1');
  if (!isInt(o.testExamples, 0)) fail('--test-examples', o.testExamples, 'an integer ≥ 0');
  if (!['auto', 'fused', 'tfjs'].includes(o.engine))
    fail('--engine', o.engine, 'auto, fused or tfjs');
  if (o.out.trim() === '') fail('--out', o.out, 'a folder');
  return o;
}

/** One run of a seed: a method, with its λ for `ewc`. */
export interface ContinualRun {
  readonly method: ContinualMethod;
  readonly lambda?: number;
}

/** The runs of one seed: one per method, one per λ for `ewc`, in table order. */
export function runsOf(o: ContinualOptions): ContinualRun[] {
  return o.methods.flatMap((method): ContinualRun[] =>
    method === 'ewc' ? o.ewcLambdas.map((lambda) => ({ method, lambda })) : [{ method }],
  );
}

/** A record's key in `results.json`: seed, method and λ. */
export const runKey = (seed: number, method: string, lambda?: number) =>
  `${seed}/${method}${lambda === undefined ? '' : `/${lambda}`}`;
