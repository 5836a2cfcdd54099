/**
 * A population of P pathways (Fernando et al. 2017, Sec. 2.1): genotypes,
 * the last fitness of each member, a generation counter and the generator
 * state, all as readonly JSON data ({@link PopulationState}), wrapped by the
 * {@link Population} handle that GA drivers update.
 *
 * @packageDocumentation
 */
import {
  InvalidConfigError,
  InvalidFitnessError,
  InvalidGenotypeError,
  InvalidPopulationJsonError,
  InvalidRngStateError,
  NoFitnessError,
} from './errors.js';
import { validateFitness } from './fitness.js';
import {
  type Genotype,
  type GenotypeShape,
  genotypeSize,
  randomGenotype,
  validateGenotype,
  validateShape,
} from './genotype.js';
import { createRng, type RngState, validateRngState } from './rng.js';

/** Population size and genotype shape. */
export interface PopulationConfig extends GenotypeShape {
  /** P: number of members; integer >= 1 (a binary tournament needs >= 2). */
  readonly size: number;
}

/** Everything a population is, as readonly JSON data (evosax-style state). */
export interface PopulationState {
  readonly config: PopulationConfig;
  /** `[P]` genotypes, each `[L][N]` with genes in `[0, M)`. */
  readonly genotypes: readonly Genotype[];
  /** `[P]` last fitness of each member, `null` if not evaluated since its genotype last changed. */
  readonly fitness: readonly (number | null)[];
  /** Tournaments run so far (one generation = one tournament). */
  readonly generation: number;
  /** Generator state; every random draw of the GA comes from it. */
  readonly rng: RngState;
}

/** The checkpoint format written by {@link Population.toJSON}. */
export interface PopulationJson extends PopulationState {
  readonly format: typeof POPULATION_FORMAT;
  readonly version: typeof POPULATION_VERSION;
}

/** `format` field of a population checkpoint. */
export const POPULATION_FORMAT = 'pathnet-evolution/population';
/** `version` field of a population checkpoint. */
export const POPULATION_VERSION = 1;

/** The best member: highest last fitness, lowest index on ties. */
export interface BestMember {
  readonly index: number;
  readonly genotype: Genotype;
  readonly fitness: number;
}

function freezeState(state: PopulationState): PopulationState {
  for (const g of state.genotypes) {
    for (const row of g) Object.freeze(row);
    Object.freeze(g);
  }
  Object.freeze(state.genotypes);
  Object.freeze(state.fitness);
  Object.freeze(state.config);
  Object.freeze(state.rng.state);
  Object.freeze(state.rng);
  return Object.freeze(state);
}

type PathError = new (path: string, given: unknown, expected: string, givenText?: string) => Error;

/**
 * Checks a {@link PopulationState} (shape, gene range, fitness, counter,
 * generator) and returns a frozen copy.
 * @param error - the error class to throw, with the path of the first bad field.
 */
export function validatePopulationState(
  value: unknown,
  error: PathError = InvalidConfigError,
): PopulationState {
  const fail = (path: string, given: unknown, expected: string, givenText?: string): never => {
    throw new error(path, given, expected, givenText);
  };
  if (typeof value !== 'object' || value === null) {
    return fail('population', value, 'an object {config, genotypes, fitness, generation, rng}');
  }
  const v = value as Record<string, unknown>;
  const config = v.config as PopulationConfig;
  try {
    validateShape(config, 'config.');
  } catch (e) {
    if (e instanceof InvalidConfigError) fail(e.field, e.given, e.expected, e.givenText);
    throw e;
  }
  const { size } = config;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) {
    fail('config.size', size, 'an integer >= 1');
  }
  const genotypes = v.genotypes;
  if (!Array.isArray(genotypes) || genotypes.length !== size) {
    fail(
      'genotypes',
      genotypes,
      `an array of P = ${size} genotypes`,
      Array.isArray(genotypes) ? `an array of length ${genotypes.length}` : undefined,
    );
  }
  try {
    (genotypes as unknown[]).forEach((g, i) => {
      validateGenotype(g, config, `genotypes[${i}]`);
    });
    validateFitness(v.fitness, size, 'fitness', true);
    validateRngState(v.rng, 'rng');
  } catch (e) {
    if (
      e instanceof InvalidGenotypeError ||
      e instanceof InvalidFitnessError ||
      e instanceof InvalidRngStateError
    ) {
      fail(e.path, e.given, e.expected, e.givenText);
    }
    throw e;
  }
  const generation = v.generation;
  if (typeof generation !== 'number' || !Number.isSafeInteger(generation) || generation < 0) {
    fail('generation', generation, 'an integer >= 0');
  }
  const rng = v.rng as RngState;
  return freezeState({
    config: {
      size: config.size,
      layers: config.layers,
      modules: config.modules,
      active: config.active,
    },
    genotypes: (genotypes as Genotype[]).map((g) => g.map((row) => [...row])),
    fitness: [...(v.fitness as (number | null)[])],
    generation: generation as number,
    rng: { algorithm: rng.algorithm, state: [...rng.state] },
  });
}

/**
 * A new population state: P genotypes with every gene uniform in `[0, M)`,
 * drawn member by member, no fitness yet, generation 0 (evosax `init`).
 * @param seed - integer seed (see {@link createRng}).
 * @throws {InvalidConfigError} on bad L, M, N, P or seed.
 */
export function initPopulation(config: PopulationConfig, seed: number): PopulationState {
  validateShape(config);
  const size = config?.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) {
    throw new InvalidConfigError('size', size, 'an integer P >= 1');
  }
  const rng = createRng(seed);
  const genotypes: Genotype[] = [];
  for (let i = 0; i < size; i++) genotypes.push(randomGenotype(rng, config));
  return freezeState({
    config: { size, layers: config.layers, modules: config.modules, active: config.active },
    genotypes,
    fitness: new Array<number | null>(size).fill(null),
    generation: 0,
    rng: rng.state(),
  });
}

/**
 * A handle on a {@link PopulationState}. GA drivers ({@link BinaryTournament},
 * {@link AsyncTournament}) replace its state after each tournament; the state
 * itself is frozen data.
 */
export class Population {
  #state: PopulationState;

  private constructor(state: PopulationState) {
    this.#state = state;
  }

  /**
   * P random pathways (Sec. 2.1), each gene uniform in `[0, M)`.
   * @param config - `{size: P, layers: L, modules: M, active: N}`.
   * @param seed - integer seed; the same seed gives the same population and the same run.
   * @throws {InvalidConfigError} if L, M, N or P is not an integer >= 1, N > M, or the seed is bad.
   */
  static random(config: PopulationConfig, seed: number): Population {
    return new Population(initPopulation(config, seed));
  }

  /**
   * A population holding the given genotypes (e.g. P copies of task A's best
   * pathway for the fine-tuning control, Fernando et al. 2017, Sec. 2.3).
   * P, L and N are read from `genotypes`; M must be given because it cannot
   * be inferred from the genes.
   * @param genotypes - `[P][L][N]`, every gene in `[0, modules)`; copied.
   * @param seed - integer seed for the GA's draws from here on.
   * @param options - `{modules: M}`.
   * @throws {InvalidConfigError} if `genotypes` is empty, M is bad, or N > M.
   * @throws {InvalidGenotypeError} if a genotype's shape differs from the first one's or a gene is out of range.
   */
  static fromGenotypes(
    genotypes: readonly Genotype[],
    seed: number,
    options: { readonly modules: number },
  ): Population {
    if (!Array.isArray(genotypes) || genotypes.length < 1) {
      throw new InvalidConfigError('genotypes', genotypes, 'a non-empty array of genotypes');
    }
    const first = genotypes[0] as Genotype;
    const { layers, active } = genotypeSize(Array.isArray(first) ? first : []);
    const config: PopulationConfig = {
      size: genotypes.length,
      layers,
      modules: options?.modules,
      active,
    };
    validateShape(config);
    genotypes.forEach((g, i) => {
      validateGenotype(g, config, `genotypes[${i}]`);
    });
    const rng = createRng(seed);
    return new Population(
      freezeState({
        config,
        genotypes: (genotypes as readonly Genotype[]).map((g) => g.map((row) => [...row])),
        fitness: new Array<number | null>(genotypes.length).fill(null),
        generation: 0,
        rng: rng.state(),
      }),
    );
  }

  /**
   * A population wrapping an existing state (validated and copied).
   * @throws {InvalidConfigError} naming the first bad field.
   */
  static fromState(state: PopulationState): Population {
    return new Population(validatePopulationState(state));
  }

  /**
   * Loads a checkpoint written by {@link Population.toJSON} (as an object, or
   * a JSON string). The run continues bit for bit from where it was saved.
   * @throws {InvalidPopulationJsonError} naming the first bad field, what it held and what was expected.
   */
  static fromJSON(json: unknown): Population {
    let value = json;
    if (typeof json === 'string') {
      try {
        value = JSON.parse(json);
      } catch {
        throw new InvalidPopulationJsonError('(root)', json, 'valid JSON text');
      }
    }
    if (typeof value !== 'object' || value === null) {
      throw new InvalidPopulationJsonError('(root)', value, 'an object');
    }
    const { format, version } = value as { format?: unknown; version?: unknown };
    if (format !== POPULATION_FORMAT) {
      throw new InvalidPopulationJsonError('format', format, JSON.stringify(POPULATION_FORMAT));
    }
    if (version !== POPULATION_VERSION) {
      throw new InvalidPopulationJsonError('version', version, String(POPULATION_VERSION));
    }
    return new Population(validatePopulationState(value, InvalidPopulationJsonError));
  }

  /** The current state (frozen JSON data). */
  get state(): PopulationState {
    return this.#state;
  }

  /** `{size, layers, modules, active}`. */
  get config(): PopulationConfig {
    return this.#state.config;
  }

  /** P. */
  get size(): number {
    return this.#state.config.size;
  }

  /** Tournaments run so far. */
  get generation(): number {
    return this.#state.generation;
  }

  /** `[P]` genotypes, `[L][N]` each (frozen). */
  get genotypes(): readonly Genotype[] {
    return this.#state.genotypes;
  }

  /** `[P]` last fitness per member, `null` = not evaluated since its genotype last changed. */
  get fitness(): readonly (number | null)[] {
    return this.#state.fitness;
  }

  /**
   * Member `index`'s genotype.
   * @throws {InvalidConfigError} if `index` is not in `[0, P)`.
   */
  genotype(index: number): Genotype {
    const g = this.#state.genotypes[index];
    if (!Number.isInteger(index) || g === undefined) {
      throw new InvalidConfigError('member index', index, `an integer in [0, ${this.size})`);
    }
    return g;
  }

  /**
   * The member with the highest last fitness (lowest index among equals).
   * @throws {NoFitnessError} if no member has a fitness yet.
   */
  best(): BestMember {
    let index = -1;
    let fitness = Number.NEGATIVE_INFINITY;
    this.#state.fitness.forEach((f, i) => {
      if (f !== null && (index < 0 || f > fitness)) {
        index = i;
        fitness = f;
      }
    });
    if (index < 0) throw new NoFitnessError(this.size);
    return { index, genotype: this.#state.genotypes[index] as Genotype, fitness };
  }

  /**
   * Replaces the state (used by GA drivers after a tournament).
   * @throws {InvalidConfigError} if `next` is not a valid state or changes the config.
   */
  update(next: PopulationState): void {
    const checked = validatePopulationState(next);
    const a = this.#state.config;
    const b = checked.config;
    if (
      a.size !== b.size ||
      a.layers !== b.layers ||
      a.modules !== b.modules ||
      a.active !== b.active
    ) {
      throw new InvalidConfigError('config', b, `the population's config ${JSON.stringify(a)}`);
    }
    this.#state = checked;
  }

  /** The checkpoint: `{format, version, config, genotypes, fitness, generation, rng}`. */
  toJSON(): PopulationJson {
    const s = this.#state;
    return {
      format: POPULATION_FORMAT,
      version: POPULATION_VERSION,
      config: { ...s.config },
      genotypes: s.genotypes.map((g) => g.map((row) => [...row])),
      fitness: [...s.fitness],
      generation: s.generation,
      rng: { algorithm: s.rng.algorithm, state: [...s.rng.state] },
    };
  }
}
