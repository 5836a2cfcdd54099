/**
 * Named errors of `@pathnet/rl`. Each message names the input, what was given
 * and what was expected.
 *
 * @packageDocumentation
 */

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null)
    return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** An {@link A3CArgs} field (or another option of this package) with a wrong value. */
export class InvalidA3CArgsError extends Error {
  override readonly name = 'InvalidA3CArgsError';
  constructor(
    /** The field, e.g. `'tMax'`. */
    readonly field: string,
    /** What was given. */
    readonly given: unknown,
    /** What was expected, e.g. `'an integer >= 1'`. */
    readonly expected: string,
  ) {
    super(`A3C ${field}: got ${show(given)}; expected ${expected}`);
  }
}

/**
 * Observations of an environment that the network cannot take: the
 * observation space and the grid's input shape do not match.
 */
export class ObservationShapeError extends Error {
  override readonly name = 'ObservationShapeError';
  constructor(
    readonly env: string,
    /** The observation space, described. */
    readonly space: string,
    /** The network's `inputShape`. */
    readonly inputShape: readonly number[],
  ) {
    super(
      `${env}: observations ${space} do not fit the network's input shape [${inputShape.join(', ')}]; expected a box of the same shape, or [k, H, W] (a frame stack) for an input [H, W, k]`,
    );
  }
}

/**
 * A3C updates kept failing: the last `count` consecutive steps all had a
 * non-finite loss or gradient and were skipped (nothing reached the
 * parameters). The run stops instead of spinning without learning.
 */
export class NonFiniteTrainingError extends Error {
  override readonly name = 'NonFiniteTrainingError';
  constructor(
    /** Consecutive skipped steps when the run stopped. */
    readonly count: number,
    /** Total skipped steps of the run. */
    readonly total: number,
  ) {
    super(
      `A3C: ${count} consecutive updates had a non-finite loss or gradient and were skipped (${total} in all); the run stops. Lower the learning rate, or check the rewards and observations for NaN/Infinity`,
    );
  }
}
