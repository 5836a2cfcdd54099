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
 * A configuration value (L, M, N, population size, mutation probability,
 * operator option...) is out of its domain.
 */
export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
  constructor(
    /** The offending field, e.g. `"modules"` or `"mutation.probability"`. */
    readonly field: string,
    /** The value that was given. */
    readonly given: unknown,
    /** What the field accepts, in words. */
    readonly expected: string,
    /** How to show `given` in the message, when not its value. */
    readonly givenText: string = describeValue(given),
  ) {
    super(`invalid ${field}: got ${givenText}, expected ${expected}`);
  }
}

/** A genotype has the wrong shape or a gene outside `[0, M)`. */
export class InvalidGenotypeError extends Error {
  override readonly name = 'InvalidGenotypeError';
  constructor(
    /** Where in the input, e.g. `"genotype[1][2]"`. */
    readonly path: string,
    /** The value that was given. */
    readonly given: unknown,
    /** What was expected there. */
    readonly expected: string,
    /** How to show `given` in the message, when not its value (e.g. `"an array of length 3"`). */
    readonly givenText: string = describeValue(given),
  ) {
    super(`invalid ${path}: got ${givenText}, expected ${expected}`);
  }
}

/** A fitness array has the wrong length or holds something other than finite numbers (NaN included). */
export class InvalidFitnessError extends Error {
  override readonly name = 'InvalidFitnessError';
  constructor(
    /** Where in the input, e.g. `"fitness"` or `"fitness[1]"`. */
    readonly path: string,
    /** The value that was given. */
    readonly given: unknown,
    /** What was expected there. */
    readonly expected: string,
    /** How to show `given` in the message, when not its value (e.g. `"an array of length 3"`). */
    readonly givenText: string = describeValue(given),
  ) {
    super(`invalid ${path}: got ${givenText}, expected ${expected}`);
  }
}

/** A population checkpoint (from {@link Population.toJSON}) failed validation on load. */
export class InvalidPopulationJsonError extends Error {
  override readonly name = 'InvalidPopulationJsonError';
  constructor(
    /** Where in the JSON, e.g. `"genotypes[3][0][1]"` or `"rng.state"`. */
    readonly path: string,
    /** The value found there. */
    readonly given: unknown,
    /** What was expected there. */
    readonly expected: string,
    /** How to show `given` in the message, when not its value. */
    readonly givenText: string = describeValue(given),
  ) {
    super(`invalid population JSON at ${path}: got ${givenText}, expected ${expected}`);
  }
}

/** A serialised generator state (from {@link Rng.state}) is malformed. */
export class InvalidRngStateError extends Error {
  override readonly name = 'InvalidRngStateError';
  constructor(
    /** Where in the input, e.g. `"rng.state[2]"`. */
    readonly path: string,
    /** The value found there. */
    readonly given: unknown,
    /** What was expected there. */
    readonly expected: string,
    /** How to show `given` in the message, when not its value (e.g. `"an array of length 3"`). */
    readonly givenText: string = describeValue(given),
  ) {
    super(`invalid ${path}: got ${givenText}, expected ${expected}`);
  }
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
