/**
 * Named errors of `@pathnet/evolution`. Every message names the input, what
 * was given and what was expected.
 *
 * @packageDocumentation
 */

/** Formats a value for an error message (`NaN`, `Infinity` and `undefined` stay readable). */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || value === undefined) {
    return String(value);
  }
  if (typeof value === 'function') return 'a function';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

/**
 * What the errors about one input value share: what was given and what was
 * expected, with the message `invalid <where>: got <given>, expected <expected>`.
 */
abstract class InvalidValueError extends Error {
  /** How to show `given` in the message, when not its value (e.g. `"an array of length 3"`). */
  readonly givenText: string;
  constructor(
    where: string,
    /** The value that was given. */
    readonly given: unknown,
    /** What was expected there. */
    readonly expected: string,
    givenText?: string,
  ) {
    const shown = givenText ?? describeValue(given);
    super(`invalid ${where}: got ${shown}, expected ${expected}`);
    this.givenText = shown;
  }
}

/**
 * A configuration value (L, M, N, population size, mutation probability,
 * operator option...) is out of its domain.
 */
export class InvalidConfigError extends InvalidValueError {
  override readonly name = 'InvalidConfigError';
  /** The offending field, e.g. `"modules"` or `"mutation.probability"`. */
  readonly field: string;
  constructor(field: string, given: unknown, expected: string, givenText?: string) {
    super(field, given, expected, givenText);
    this.field = field;
  }
}

/** An {@link InvalidValueError} that names where in its input the value was. */
abstract class InvalidPathError extends InvalidValueError {
  /** What the path is inside, for the message (e.g. `"population JSON at "`); empty for an argument. */
  protected static readonly within: string = '';
  /** Where in the input, e.g. `"genotype[1][2]"`, `"fitness[1]"` or `"rng.state[2]"`. */
  readonly path: string;
  constructor(path: string, given: unknown, expected: string, givenText?: string) {
    super(`${new.target.within}${path}`, given, expected, givenText);
    this.path = path;
  }
}

/** A genotype has the wrong shape or a gene outside `[0, M)`. */
export class InvalidGenotypeError extends InvalidPathError {
  override readonly name = 'InvalidGenotypeError';
}

/** A fitness array has the wrong length or holds something other than finite numbers (NaN included). */
export class InvalidFitnessError extends InvalidPathError {
  override readonly name = 'InvalidFitnessError';
}

/**
 * A population checkpoint (from {@link Population.toJSON}) failed validation
 * on load; `path` is where in the JSON, e.g. `"genotypes[3][0][1]"` or `"rng.state"`.
 */
export class InvalidPopulationJsonError extends InvalidPathError {
  override readonly name = 'InvalidPopulationJsonError';
  protected static override readonly within = 'population JSON at ';
}

/** A serialised generator state (from {@link Rng.state}) is malformed. */
export class InvalidRngStateError extends InvalidPathError {
  override readonly name = 'InvalidRngStateError';
}

/** `tell` was called without a pending `ask`, or `ask` twice without a `tell`. */
export class AskTellOrderError extends Error {
  override readonly name = 'AskTellOrderError';
  constructor(
    /** The call that came out of order: `"ask"` or `"tell"`. */
    readonly call: 'ask' | 'tell',
  ) {
    super(
      call === 'tell'
        ? 'tell() called with no pending ask(); expected ask() first, then exactly one tell() with its fitnesses'
        : 'ask() called while the previous ask() is still waiting for tell(); expected tell() first',
    );
  }
}

/** A plugin factory returned something that is not a {@link GeneticOperator}. */
export class InvalidOperatorError extends Error {
  override readonly name = 'InvalidOperatorError';
  constructor(
    /** The registered name of the operator. */
    readonly operator: string,
    /** What was wrong, in words. */
    readonly problem: string,
  ) {
    super(`GA operator "${operator}" is malformed: ${problem}`);
  }
}

/** {@link Population.best} was asked before any member had a fitness. */
export class NoFitnessError extends Error {
  override readonly name = 'NoFitnessError';
  constructor(readonly size: number) {
    super(
      `no member of the population (size ${size}) has a fitness yet; expected at least one tell()/report() before best()`,
    );
  }
}
