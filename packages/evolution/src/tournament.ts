/**
 * The GA drivers of PathNet (Fernando et al. 2017, Sec. 2.1–2.2), in two
 * layers, after evosax: pure state functions ({@link tournamentAsk},
 * {@link tournamentTell}, {@link asyncTournamentStep}) that take and return a
 * frozen {@link PopulationState}, and small classes over a {@link Population}
 * with the ask/tell surface apps use.
 *
 * @packageDocumentation
 */
import { AskTellOrderError, InvalidConfigError } from './errors.js';
import { validateFitness } from './fitness.js';
import type { Genotype } from './genotype.js';
import {
  type AsyncTournamentParams,
  decideAsync,
  pickOthers,
  validateAsyncParams,
} from './operators/async-tournament.js';
import { decideBinary, pickPair } from './operators/binary-tournament.js';
import {
  type MutationChoice,
  type ResolvedMutation,
  resolveMutation,
} from './operators/mutation-choice.js';
import type { Population, PopulationState } from './population.js';
import { type Rng, rngFromState } from './rng.js';

/** Settings of the binary tournament. */
export interface TournamentParams {
  /**
   * Mutation of the winner's copy: the built-in's settings (defaults:
   * probability `1/(N·L)`, maxDelta 2, `clamp`), a mutation operator, or a
   * registered one by name (`'my-mutation'` or `{operator, options}`); see {@link MutationChoice}.
   */
  readonly mutation?: MutationChoice;
}

/** What {@link BinaryTournament.ask} hands out: two members to evaluate. */
export interface AskResult {
  /** Their population indices, distinct. */
  readonly members: readonly [number, number];
  /** Their genotypes, `[L][N]` each. */
  readonly genotypes: readonly [Genotype, Genotype];
}

/** What one tournament did. */
export interface TournamentMetrics {
  readonly winner: number;
  readonly loser: number;
  readonly winnerFitness: number;
  readonly loserFitness: number;
  /** Genes of the copy selected for mutation (some may keep their value: a zero delta or a clamp). */
  readonly mutatedGenes: number;
  /** The generation counter after this tournament. */
  readonly generation: number;
}

/**
 * Draws the two members of the next tournament (evosax `ask`): uniform over
 * distinct pairs; advances only the generator in the state.
 * @throws {InvalidConfigError} if P < 2.
 */
export function tournamentAsk(state: PopulationState): {
  members: [number, number];
  state: PopulationState;
} {
  const rng = rngFromState(state.rng);
  const members = pickPair(rng, state.config.size);
  return { members, state: { ...state, rng: rng.state() } };
}

/** The state after one tournament: its new genotypes and fitnesses, the generator's state, the generation counter up by one. */
function nextGeneration(
  state: PopulationState,
  genotypes: Genotype[],
  fitness: (number | null)[],
  rng: Rng,
): PopulationState {
  return { ...state, genotypes, fitness, generation: state.generation + 1, rng: rng.state() };
}

/**
 * Applies the result of a binary tournament (evosax `tell`): the fitter of
 * `members` wins (ties: `members[0]`), the loser's genotype becomes a mutated
 * copy of the winner's and its fitness `null`, the winner's fitness is
 * recorded, and the generation counter goes up by one.
 * @param fitness - `[2]` finite numbers, `fitness[k]` for `members[k]`; maximised.
 * @throws {InvalidFitnessError} on a wrong length, NaN, ±Infinity or a non-number.
 * @throws {InvalidConfigError} on bad members or mutation settings.
 */
export function tournamentTell(
  state: PopulationState,
  members: readonly [number, number],
  fitness: readonly number[],
  params: TournamentParams = {},
): { state: PopulationState; metrics: TournamentMetrics } {
  return tell(state, members, fitness, resolveMutation(params.mutation, state.config.modules));
}

function tell(
  state: PopulationState,
  members: readonly [number, number],
  fitness: readonly number[],
  mutation: ResolvedMutation,
): { state: PopulationState; metrics: TournamentMetrics } {
  const checked = validateFitness(fitness, 2) as [number, number];
  const { size } = state.config;
  for (const m of members) {
    if (!Number.isSafeInteger(m) || m < 0 || m >= size) {
      throw new InvalidConfigError('members', members, `two member indices in [0, ${size})`);
    }
  }
  if (members[0] === members[1]) {
    throw new InvalidConfigError('members', members, 'two distinct member indices');
  }
  const { winner, loser } = decideBinary(members, checked);
  const rng = rngFromState(state.rng);
  const copy = mutation.apply(rng, state.genotypes[winner] as Genotype);
  const genotypes = [...state.genotypes];
  genotypes[loser] = copy.genotype;
  const fit = [...state.fitness];
  const winnerFitness = checked[members.indexOf(winner)] as number;
  const loserFitness = checked[members.indexOf(loser)] as number;
  fit[winner] = winnerFitness;
  fit[loser] = null;
  const next = nextGeneration(state, genotypes, fit, rng);
  return {
    state: next,
    metrics: {
      winner,
      loser,
      winnerFitness,
      loserFitness,
      mutatedGenes: copy.mutatedGenes,
      generation: next.generation,
    },
  };
}

/**
 * Binary tournament over a {@link Population} (Sec. 2.1) in ask/tell form:
 * `ask()` gives two members to evaluate, `tell([fi, fj])` overwrites the
 * loser with a mutated copy of the winner. One generation = one tournament.
 * Ties go to the first member asked. NaN or infinite fitness is an error.
 */
export class BinaryTournament {
  readonly #population: Population;
  readonly #mutation: ResolvedMutation;
  #pending: readonly [number, number] | null = null;

  /**
   * @param population - updated in place by `ask`/`tell`.
   * @param options - `{mutation}`: the built-in's `{probability, maxDelta, bounds}`, a
   *   mutation operator, or a registered operator's name (default: the built-in).
   * @throws {InvalidConfigError} if P < 2 or the mutation settings are bad.
   * @throws {UnknownIdError} (from `@pathnet/registry`) for an unregistered operator name.
   * @throws {InvalidOperatorError} if the named operator is not a mutation operator.
   */
  constructor(population: Population, options: TournamentParams = {}) {
    if (population.size < 2) {
      throw new InvalidConfigError(
        'population size',
        population.size,
        'an integer >= 2 for a binary tournament',
      );
    }
    this.#mutation = resolveMutation(options.mutation, population.state.config.modules);
    this.#population = population;
  }

  /** The population being evolved. */
  get population(): Population {
    return this.#population;
  }

  /** The members of an `ask()` awaiting `tell()`, or `null`. */
  get pending(): readonly [number, number] | null {
    return this.#pending;
  }

  /**
   * The two members to evaluate next (distinct, uniformly drawn).
   * @throws {AskTellOrderError} if the previous `ask()` has not been told.
   */
  ask(): AskResult {
    if (this.#pending !== null) throw new AskTellOrderError('ask');
    const { members, state } = tournamentAsk(this.#population.state);
    this.#population.update(state);
    this.#pending = members;
    const g = state.genotypes;
    return { members, genotypes: [g[members[0]] as Genotype, g[members[1]] as Genotype] };
  }

  /**
   * Reports the fitnesses of the asked members (same order) and runs the tournament.
   * @param fitness - `[fi, fj]`, finite numbers, maximised.
   * @throws {AskTellOrderError} without a pending `ask()`.
   * @throws {InvalidFitnessError} on a wrong length or a NaN/infinite/non-number entry (the ask stays pending).
   */
  tell(fitness: readonly number[]): TournamentMetrics {
    if (this.#pending === null) throw new AskTellOrderError('tell');
    const { state, metrics } = tell(this.#population.state, this.#pending, fitness, this.#mutation);
    this.#population.update(state);
    this.#pending = null;
    return metrics;
  }
}

/** Settings of the asynchronous tournament. */
export interface AsyncTournamentOptions extends AsyncTournamentParams {
  /** Mutation of the winner's copy, as in {@link TournamentParams}: settings, an operator, or a registered name. */
  readonly mutation?: MutationChoice;
}

/** What one asynchronous tournament did. */
export interface AsyncOutcome {
  /** The reporting worker (member index). */
  readonly worker: number;
  /** The B others it was compared with. */
  readonly others: readonly number[];
  /** The other whose genotype was copied, or `null` if the worker was not worse. */
  readonly winner: number | null;
  /** The worker's genotype after the tournament, `[L][N]`. */
  readonly genotype: Genotype;
  /** The generation counter after this tournament. */
  readonly generation: number;
}

/**
 * One asynchronous tournament (Sec. 2.2): records `fitness` as `worker`'s,
 * compares it with B random others' last fitness and, if one is strictly
 * better (or as good, with `ties: 'copy'`), overwrites the worker with a mutated copy of the best of them
 * (its fitness becomes `null`). The generation counter goes up by one.
 * @throws {InvalidFitnessError} if `fitness` is not a finite number.
 * @throws {InvalidConfigError} on a bad worker index, B outside `[1, P-1]`, or bad mutation settings.
 */
export function asyncTournamentStep(
  state: PopulationState,
  worker: number,
  fitness: number,
  options: AsyncTournamentOptions,
): { state: PopulationState; outcome: AsyncOutcome } {
  return step(
    state,
    worker,
    fitness,
    options,
    resolveMutation(options.mutation, state.config.modules),
  );
}

function step(
  state: PopulationState,
  worker: number,
  fitness: number,
  options: AsyncTournamentOptions,
  mutation: ResolvedMutation,
): { state: PopulationState; outcome: AsyncOutcome } {
  validateFitness([fitness], 1, 'fitness');
  validateAsyncParams(options);
  const rng = rngFromState(state.rng);
  const others = pickOthers(rng, state.config.size, worker, options.others);
  const fit = [...state.fitness];
  fit[worker] = fitness;
  const members = [worker, ...others];
  const outcome = decideAsync(
    members,
    members.map((m) => fit[m] ?? null),
    options.ties ?? 'keep',
  );
  const genotypes = [...state.genotypes];
  if (outcome !== null) {
    genotypes[worker] = mutation.apply(rng, genotypes[outcome.winner] as Genotype).genotype;
    fit[worker] = null;
  }
  const next = nextGeneration(state, genotypes, fit, rng);
  return {
    state: next,
    outcome: {
      worker,
      others,
      winner: outcome?.winner ?? null,
      genotype: genotypes[worker] as Genotype,
      generation: next.generation,
    },
  };
}

/**
 * The asynchronous tournament over a {@link Population} whose members are
 * A3C workers' pathways (Sec. 2.2). Each worker calls `report` after its
 * evaluation; calls are processed one at a time in call order.
 */
export class AsyncTournament {
  readonly #population: Population;
  readonly #options: AsyncTournamentOptions;
  readonly #mutation: ResolvedMutation;

  /**
   * @param options - `{others: B, mutation?}`; `mutation` as in {@link TournamentParams}.
   * @throws {InvalidConfigError} if B is not in `[1, P-1]` or the mutation settings are bad.
   * @throws {UnknownIdError} (from `@pathnet/registry`) for an unregistered operator name.
   */
  constructor(population: Population, options: AsyncTournamentOptions) {
    validateAsyncParams(options);
    if (options.others > population.size - 1) {
      throw new InvalidConfigError(
        'others',
        options.others,
        `an integer B in [1, ${population.size - 1}] (P - 1)`,
      );
    }
    this.#mutation = resolveMutation(options.mutation, population.state.config.modules);
    this.#population = population;
    this.#options = options;
  }

  /** The population being evolved. */
  get population(): Population {
    return this.#population;
  }

  /**
   * Worker `worker` reports its fitness; see {@link asyncTournamentStep}.
   * @param worker - member index in `[0, P)`.
   * @param fitness - a finite number, maximised (e.g. the mean episode return).
   * @returns whether and from whom it copied, and its genotype from now on.
   * @throws {InvalidFitnessError} if `fitness` is NaN, infinite or not a number.
   * @throws {InvalidConfigError} if `worker` is not a member index.
   */
  report(worker: number, fitness: number): AsyncOutcome {
    const { state, outcome } = step(
      this.#population.state,
      worker,
      fitness,
      this.#options,
      this.#mutation,
    );
    this.#population.update(state);
    return outcome;
  }
}
