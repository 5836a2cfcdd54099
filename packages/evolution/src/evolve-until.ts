import { InvalidConfigError } from './errors.js';
import type { Genotype } from './genotype.js';
import type { MutationChoice } from './operators/mutation-choice.js';
import type { Population } from './population.js';
import { BinaryTournament } from './tournament.js';

/** When {@link evolveUntil} stops. */
export interface EvolveUntilOptions {
  /** Stop at the first evaluated pathway whose fitness reaches this (e.g. 0.998 accuracy). */
  readonly threshold: number;
  /** Stop after this many generations (tournaments) at the latest; an integer ≥ 1. */
  readonly maxGenerations: number;
  /**
   * The tournament's mutation when {@link evolveUntil} is given a population
   * (settings, a mutation operator or a registered operator's name, as
   * `TournamentParams.mutation`); a given tournament brings its own.
   */
  readonly mutation?: MutationChoice;
}

/**
 * How {@link evolveUntil} scores a tournament's two genotypes: one at a time
 * (`(genotype) => fitness`), or both together (`{ pair }`, e.g. to train the
 * two pathways at once), returning their fitnesses in the same order.
 */
export type Evaluator =
  | ((genotype: Genotype) => number)
  | { readonly pair: (first: Genotype, second: Genotype) => readonly [number, number] };

/** What {@link evolveUntil} found. */
export interface EvolveUntilResult {
  /** Whether a pathway reached the threshold. */
  readonly solved: boolean;
  /** Generations run, the solving one included; `maxGenerations` if unsolved. */
  readonly generations: number;
  /** The pathway that reached the threshold, or the population's best at the cap. */
  readonly best: { readonly genotype: Genotype; readonly fitness: number };
  /** `[generation, best fitness of that generation's tournament]` per generation. */
  readonly curve: ReadonlyArray<readonly [number, number]>;
}

/**
 * Runs binary tournaments (Sec. 2.1) until a pathway is good enough: each
 * generation asks the tournament for two genotypes, `evaluate`s them
 * (in PathNet: trains each for T minibatches and returns its training
 * accuracy) and tells the fitnesses back, so the loser becomes a mutated copy
 * of the winner. Stops at the first fitness ≥ `threshold` (the paper's
 * stopping criterion, Sec. 3.1) or after `maxGenerations`.
 *
 * @param tournamentOrPopulation - a {@link BinaryTournament}, or a population to run one
 *   over with `options.mutation`.
 * @param evaluate - fitness of one genotype, a finite number, maximised; or
 *   `{ pair }`, the fitnesses of the tournament's two genotypes at once.
 * @param onGeneration - called after every generation with the best fitness so far.
 * @throws {InvalidConfigError} if `maxGenerations` is not an integer ≥ 1, `threshold` is NaN,
 *   or `mutation` is given with a tournament.
 * @throws {InvalidFitnessError} if `evaluate` returns NaN or ±Infinity.
 */
export function evolveUntil(
  tournamentOrPopulation: BinaryTournament | Population,
  evaluate: Evaluator,
  options: EvolveUntilOptions,
  onGeneration?: (generation: number, bestFitnessSoFar: number) => void,
): EvolveUntilResult {
  const { threshold, maxGenerations } = options;
  const given = 'ask' in tournamentOrPopulation;
  if (given && options.mutation !== undefined) {
    throw new InvalidConfigError(
      'mutation',
      options.mutation,
      'no mutation option when a tournament is given (pass it to the BinaryTournament)',
    );
  }
  const tournament = given
    ? tournamentOrPopulation
    : new BinaryTournament(tournamentOrPopulation, {
        ...(options.mutation !== undefined && { mutation: options.mutation }),
      });
  if (!Number.isInteger(maxGenerations) || maxGenerations < 1) {
    throw new InvalidConfigError('maxGenerations', maxGenerations, 'an integer ≥ 1');
  }
  if (Number.isNaN(threshold)) throw new InvalidConfigError('threshold', threshold, 'a number');
  const curve: Array<readonly [number, number]> = [];
  let bestSoFar = Number.NEGATIVE_INFINITY;
  for (let generation = 1; generation <= maxGenerations; generation++) {
    const { genotypes } = tournament.ask();
    const fitness =
      typeof evaluate === 'function'
        ? [evaluate(genotypes[0]), evaluate(genotypes[1])]
        : [...evaluate.pair(genotypes[0], genotypes[1])];
    tournament.tell(fitness);
    const top = Math.max(fitness[0]!, fitness[1]!);
    bestSoFar = Math.max(bestSoFar, top);
    curve.push([generation, top]);
    onGeneration?.(generation, bestSoFar);
    if (top >= threshold) {
      const genotype = genotypes[fitness[0]! >= fitness[1]! ? 0 : 1];
      return { solved: true, generations: generation, best: { genotype, fitness: top }, curve };
    }
  }
  const best = tournament.population.best();
  return {
    solved: false,
    generations: maxGenerations,
    best: { genotype: best.genotype, fitness: best.fitness },
    curve,
  };
}
