/**
 * The asynchronous tournament of PathNet's A3C variant (Fernando et al. 2017,
 * Sec. 2.2): a worker, after its evaluation, compares its fitness with that
 * of B other workers drawn at random; if one of them is strictly better, the
 * worker's genotype is overwritten by a mutated copy of the best of them.
 * Others never evaluated (`null` fitness) cannot win. Ties: by default the
 * worker keeps its pathway; with `ties: 'copy'` an other "of at least its own"
 * fitness wins, as the paper's text says (Sec. 2.2). Among equally good others,
 * the first drawn wins.
 *
 * @packageDocumentation
 */
import { InvalidConfigError, InvalidFitnessError } from '../errors.js';
import { validateFitness } from '../fitness.js';
import type { OperatorFactory, SelectionOperator, TournamentOutcome } from '../operator.js';
import type { Rng } from '../rng.js';

/** Settings of the asynchronous tournament. */
export interface AsyncTournamentParams {
  /** B: how many other workers to compare with; integer >= 1 (and <= P-1 when used). */
  readonly others: number;
  /**
   * An other exactly as fit as the worker: `'keep'` (default) leaves the worker's
   * pathway, `'copy'` overwrites it ("a fitness of at least its own", Sec. 2.2).
   */
  readonly ties?: 'keep' | 'copy';
}

/**
 * Validates {@link AsyncTournamentParams}.
 * @throws {InvalidConfigError} if `others` is not an integer >= 1.
 */
export function validateAsyncParams(params: AsyncTournamentParams, prefix = ''): void {
  const others = (params as { others?: unknown } | null)?.others;
  if (typeof others !== 'number' || !Number.isSafeInteger(others) || others < 1) {
    throw new InvalidConfigError(`${prefix}others`, others, 'an integer B >= 1');
  }
  const ties = (params as { ties?: unknown }).ties;
  if (ties !== undefined && ties !== 'keep' && ties !== 'copy') {
    throw new InvalidConfigError(`${prefix}ties`, ties, "'keep' or 'copy'");
  }
}

/**
 * `others` distinct members of `[0, size)`, none equal to `self`, uniformly
 * at random (partial Fisher–Yates; draws `others` integers).
 * @throws {InvalidConfigError} if `self` is not a member index or `others > size - 1`.
 */
export function pickOthers(rng: Rng, size: number, self: number, others: number): number[] {
  if (!Number.isSafeInteger(size) || size < 2) {
    throw new InvalidConfigError('population size', size, 'an integer >= 2 for a tournament');
  }
  if (!Number.isSafeInteger(self) || self < 0 || self >= size) {
    throw new InvalidConfigError('worker', self, `a member index in [0, ${size})`);
  }
  if (!Number.isSafeInteger(others) || others < 1 || others > size - 1) {
    throw new InvalidConfigError('others', others, `an integer B in [1, ${size - 1}] (P - 1)`);
  }
  const pool: number[] = [];
  for (let m = 0; m < size; m++) if (m !== self) pool.push(m);
  for (let k = 0; k < others; k++) {
    const r = rng.int(k, pool.length - 1);
    const tmp = pool[k] as number;
    pool[k] = pool[r] as number;
    pool[r] = tmp;
  }
  return pool.slice(0, others);
}

/**
 * Outcome for `members = [self, ...others]` with `fitness[i]` for `members[i]`.
 * @param ties - `'keep'` (default): the best other must be strictly fitter; `'copy'`: at least as fit.
 * @returns `{winner, loser: self}` if the best evaluated other is fitter than `self`
 *   (or as fit, with `ties: 'copy'`), otherwise `null` (self keeps its pathway).
 * @throws {InvalidFitnessError} if the lengths differ, self's fitness is not
 *   a finite number, or another's is neither a finite number nor `null`.
 */
export function decideAsync(
  members: readonly number[],
  fitness: readonly (number | null)[],
  ties: 'keep' | 'copy' = 'keep',
): TournamentOutcome | null {
  const checked = validateFitness(fitness, members.length, 'fitness', true);
  const own = checked[0];
  if (own === null || own === undefined) {
    throw new InvalidFitnessError('fitness[0]', own, "the worker's own fitness, a finite number");
  }
  let best = -1;
  for (let k = 1; k < members.length; k++) {
    const f = checked[k];
    if (f === null || f === undefined) continue;
    const current = best < 0 ? null : (checked[best] as number);
    if (current === null || f > current) best = k;
  }
  if (best < 0) return null;
  const bestFitness = checked[best] as number;
  if (ties === 'copy' ? bestFitness < own : bestFitness <= own) return null;
  return { winner: members[best] as number, loser: members[0] as number };
}

/** Registered as `'async-tournament'`: options {@link AsyncTournamentParams}; `pick` needs `self`. */
export const asyncTournamentOperator: OperatorFactory<AsyncTournamentParams, 'selection'> = (
  options,
): SelectionOperator => {
  validateAsyncParams(options, 'options.');
  return {
    kind: 'selection',
    pick: (rng, size, self) => {
      if (self === undefined) {
        throw new InvalidConfigError(
          'self',
          self,
          'the index of the worker running the tournament',
        );
      }
      return [self, ...pickOthers(rng, size, self, options.others)];
    },
    decide: (members, fitness) => decideAsync(members, fitness, options.ties ?? 'keep'),
  };
};
