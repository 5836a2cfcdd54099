/**
 * Every hyperparameter of a PathNet-A3C run in one typed object, after
 * CleanRL's `Args`: the A3C defaults of Mnih et al. 2016 as the paper uses
 * them (PAPER.md, "A3C defaults") and the asynchronous tournament of
 * Fernando et al. 2017, Sec. 2.2.
 *
 * @packageDocumentation
 */
import { InvalidA3CArgsError } from './errors.js';

/** Hyperparameters of {@link trainA3C}; every field has a default in {@link defaultA3CArgs}. */
export interface A3CArgs {
  /** Seed of everything random in the run (pathways, actions, environments, tournaments). Default 0. */
  readonly seed: number;
  /**
   * Frame budget: environment frames of all workers together (one `env.step` is one
   * frame, or the frames a `FrameSkip` wrapper repeated its action for). The learning rate
   * reaches 0 here and the run stops. Default 1,000,000.
   */
  readonly totalFrames: number;
  /** Logical workers: each holds one pathway, one environment, one rollout and one RNG (the paper: 64). */
  readonly workers: number;
  /** t_max: steps per rollout before an update (n-step returns with n ≤ t_max). Default 20. */
  readonly tMax: number;
  /** γ, the discount. Default 0.99. */
  readonly gamma: number;
  /** Initial learning rate of the shared RMSProp. Default 7e-4. */
  readonly learningRate: number;
  /** Anneal the learning rate linearly to 0 over `totalFrames` (Mnih et al. 2016). Default true. */
  readonly annealLearningRate: boolean;
  /** Weight of the value loss ½(R − V)². Default 0.5. */
  readonly valueCoef: number;
  /** β, weight of the entropy bonus (subtracted from the loss). Default 0.01. */
  readonly entropyCoef: number;
  /** Global gradient-norm clip of each update. Default 40. */
  readonly clipNorm: number;
  /** RMSProp decay ρ of the shared statistics. Default 0.99. */
  readonly rmspropDecay: number;
  /** RMSProp ε (inside the square root). Default 0.1. */
  readonly rmspropEpsilon: number;
  /**
   * Evolve the pathways with the asynchronous tournament (PathNet-A3C). `false`:
   * plain A3C, every worker trains the one pathway `fixedPathway`. Default true.
   */
  readonly evolve: boolean;
  /**
   * The pathway of plain A3C (`evolve: false`), `[L][≤N]` module indices. Default
   * (`null`): modules `0 … N−1` in every layer.
   */
  readonly fixedPathway: readonly (readonly number[])[] | null;
  /**
   * The genotype every worker starts from in PathNet-A3C (`evolve: true`), `[L][N]`
   * module indices: a population converged on one pathway (e.g. task A's best, for a
   * transfer that starts B there). Default (`null`): each worker's genotype uniformly at
   * random (Fernando et al. 2017, Sec. 2.3: "a new random population"). The random
   * genotypes are drawn either way, so every other stream of the run is the same.
   */
  readonly initialPathway: readonly (readonly number[])[] | null;
  /**
   * T: episodes a worker plays with one pathway before its tournament; its fitness is
   * the mean return of those episodes (Sec. 2.2). The paper varies T and gives no
   * value; default 10 (a choice of this package).
   */
  readonly evaluationEpisodes: number;
  /**
   * B: other workers a worker compares its fitness with (Sec. 2.2). The paper varies B
   * and gives no value; default 5 (a choice of this package). At most `workers − 1`.
   */
  readonly tournamentSize: number;
  /**
   * Probability that a gene of the copied genotype is mutated; `null`: the mutation
   * operator's default, 1/(N·L) (Sec. 2.1).
   */
  readonly mutationProbability: number | null;
  /**
   * Module duplication (Sec. 3.4, Labyrinth): the probability that, each time a
   * worker's pathway is evaluated (after its T episodes and its tournament), the
   * duplication operator proposes copying a module of that pathway onto another
   * module of the same layer, which the worker then does (`PathNet.copyModule`;
   * frozen modules are never targets). The rule is `@pathnet/evolution`'s
   * `module-duplication`. 0 (the default) turns it off; PathNet-A3C only.
   */
  readonly duplicationRate: number;
  /** Half-width p of the uniform noise U(−p, p) added to a duplicated module's values. Default 0.01. */
  readonly duplicationPerturbation: number;
  /** Registered name of the duplication operator (`@pathnet/evolution`). Default `'module-duplication'`. */
  readonly duplicationOperator: string;
  /** Registered name of the selection operator (`@pathnet/evolution`). Default `'async-tournament'`. */
  readonly selectionOperator: string;
  /** Registered name of the mutation operator (`@pathnet/evolution`). Default `'mutation'`. */
  readonly mutationOperator: string;
  /** The readout (task) that holds the policy logits and the value: `actions + 1` outputs. Default `'a3c'`. */
  readonly taskId: string;
  /**
   * Consecutive updates with a non-finite loss or gradient (each skipped) after which
   * the run stops with {@link NonFiniteTrainingError}. Default 100.
   */
  readonly maxConsecutiveSkips: number;
}

/** The defaults: A3C as in Mnih et al. 2016 (PAPER.md), 64 workers as in Fernando et al. 2017, Sec. 3.3. */
export const defaultA3CArgs: Readonly<A3CArgs> = Object.freeze({
  seed: 0,
  totalFrames: 1_000_000,
  workers: 64,
  tMax: 20,
  gamma: 0.99,
  learningRate: 7e-4,
  annealLearningRate: true,
  valueCoef: 0.5,
  entropyCoef: 0.01,
  clipNorm: 40,
  rmspropDecay: 0.99,
  rmspropEpsilon: 0.1,
  evolve: true,
  fixedPathway: null,
  initialPathway: null,
  evaluationEpisodes: 10,
  tournamentSize: 5,
  mutationProbability: null,
  selectionOperator: 'async-tournament',
  mutationOperator: 'mutation',
  duplicationRate: 0,
  duplicationPerturbation: 0.01,
  duplicationOperator: 'module-duplication',
  taskId: 'a3c',
  maxConsecutiveSkips: 100,
});

function integer(args: A3CArgs, field: keyof A3CArgs, min: number): void {
  const v = args[field];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new InvalidA3CArgsError(field, v, `an integer >= ${min}`);
  }
}

function inRange(args: A3CArgs, field: keyof A3CArgs, lo: number, hi: number, open = false) {
  const v = args[field];
  if (typeof v !== 'number' || !(open ? v > lo : v >= lo) || !(v <= hi) || !Number.isFinite(v)) {
    throw new InvalidA3CArgsError(field, v, `a number in ${open ? '(' : '['}${lo}, ${hi}]`);
  }
}

/**
 * `{...defaultA3CArgs, ...overrides}`, checked.
 * @throws {InvalidA3CArgsError} naming the first bad field (unknown fields included).
 */
export function resolveA3CArgs(overrides: Partial<A3CArgs> = {}): A3CArgs {
  for (const key of Object.keys(overrides)) {
    if (!(key in defaultA3CArgs)) {
      throw new InvalidA3CArgsError(
        key,
        (overrides as Record<string, unknown>)[key],
        'no such field; see A3CArgs',
      );
    }
  }
  const a: A3CArgs = { ...defaultA3CArgs, ...overrides };
  integer(a, 'seed', 0);
  if (a.seed >= 2 ** 32) throw new InvalidA3CArgsError('seed', a.seed, 'an integer in [0, 2^32)');
  integer(a, 'totalFrames', 1);
  integer(a, 'workers', 1);
  integer(a, 'tMax', 1);
  inRange(a, 'gamma', 0, 1);
  inRange(a, 'learningRate', 0, Number.MAX_VALUE, true);
  inRange(a, 'valueCoef', 0, Number.MAX_VALUE);
  inRange(a, 'entropyCoef', 0, Number.MAX_VALUE);
  inRange(a, 'clipNorm', 0, Number.MAX_VALUE, true);
  inRange(a, 'rmspropDecay', 0, 0.999999999);
  inRange(a, 'rmspropEpsilon', 0, Number.MAX_VALUE, true);
  integer(a, 'evaluationEpisodes', 1);
  integer(a, 'maxConsecutiveSkips', 1);
  for (const f of ['annealLearningRate', 'evolve'] as const) {
    if (typeof a[f] !== 'boolean') throw new InvalidA3CArgsError(f, a[f], 'a boolean');
  }
  if (a.evolve) {
    if (a.workers < 2) {
      throw new InvalidA3CArgsError(
        'workers',
        a.workers,
        'an integer >= 2 when evolve is true (a tournament needs others); or evolve: false',
      );
    }
    integer(a, 'tournamentSize', 1);
    if (a.tournamentSize > a.workers - 1) {
      throw new InvalidA3CArgsError(
        'tournamentSize',
        a.tournamentSize,
        `an integer in [1, ${a.workers - 1}] (workers − 1)`,
      );
    }
  }
  if (a.mutationProbability !== null) inRange(a, 'mutationProbability', 0, 1);
  inRange(a, 'duplicationRate', 0, 1);
  inRange(a, 'duplicationPerturbation', 0, Number.MAX_VALUE);
  for (const f of [
    'selectionOperator',
    'mutationOperator',
    'duplicationOperator',
    'taskId',
  ] as const) {
    if (typeof a[f] !== 'string' || a[f].length === 0) {
      throw new InvalidA3CArgsError(f, a[f], 'a non-empty string');
    }
  }
  if (a.fixedPathway !== null && !Array.isArray(a.fixedPathway)) {
    throw new InvalidA3CArgsError('fixedPathway', a.fixedPathway, 'null or [L][≤N] module indices');
  }
  if (a.initialPathway !== null && !Array.isArray(a.initialPathway)) {
    throw new InvalidA3CArgsError(
      'initialPathway',
      a.initialPathway,
      'null or [L][N] module indices',
    );
  }
  return Object.freeze(a);
}
