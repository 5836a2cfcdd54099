/**
 * Binary tournament selection (Fernando et al. 2017, Sec. 2.1): two distinct
 * members drawn uniformly at random are evaluated; the one with the higher
 * fitness wins and the loser's genotype is overwritten by a mutated copy of
 * the winner's. Tie rule: the first member asked wins.
 *
 * @packageDocumentation
 */
import { InvalidConfigError } from '../errors.js';
import { validateFitness } from '../fitness.js';
import type { OperatorFactory, SelectionOperator, TournamentOutcome } from '../operator.js';
import type { Rng } from '../rng.js';

/**
 * Two distinct member indices, uniform over ordered pairs of `[0, size)`.
 * Draws two integers from `rng`.
 * @throws {InvalidConfigError} if `size` is not an integer >= 2.
 */
export function pickPair(rng: Rng, size: number): [number, number] {
  if (!Number.isSafeInteger(size) || size < 2) {
    throw new InvalidConfigError(
      'population size',
      size,
      'an integer >= 2 for a binary tournament',
    );
  }
  const i = rng.int(0, size - 1);
  let j = rng.int(0, size - 2);
  if (j >= i) j += 1;
  return [i, j];
}

/**
 * The winner and loser of `members = [i, j]` with fitnesses `[fi, fj]`
 * (maximised). `fi >= fj` means `i` wins: ties go to the first member.
 * @throws {InvalidFitnessError} if `fitness` is not two finite numbers.
 */
export function decideBinary(
  members: readonly [number, number] | readonly number[],
  fitness: readonly number[],
): TournamentOutcome {
  const [fi, fj] = validateFitness(fitness, 2) as [number, number];
  const [i, j] = members as [number, number];
  return fi >= fj ? { winner: i, loser: j } : { winner: j, loser: i };
}

/** Registered as `'binary-tournament'`: no options. */
export const binaryTournamentOperator: OperatorFactory<
  Record<string, never> | undefined,
  'selection'
> = (): SelectionOperator => ({
  kind: 'selection',
  pick: (rng, size) => pickPair(rng, size),
  decide: (members, fitness) => decideBinary(members, validateFitness(fitness, 2) as number[]),
});
