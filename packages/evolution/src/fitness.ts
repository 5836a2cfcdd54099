import { InvalidFitnessError } from './errors.js';

/**
 * Checks a fitness array: exactly `length` finite numbers (fitness is
 * maximised; NaN and ±Infinity are rejected, not ranked, since they cannot be
 * compared meaningfully or stored in JSON).
 * @param allowNull - accept `null` entries ("not evaluated yet").
 * @throws {InvalidFitnessError} naming the array or the offending entry.
 */
export function validateFitness(
  fitness: unknown,
  length: number,
  path = 'fitness',
  allowNull = false,
): (number | null)[] {
  if (!Array.isArray(fitness) || fitness.length !== length) {
    throw new InvalidFitnessError(
      path,
      fitness,
      `an array of ${length} finite numbers`,
      Array.isArray(fitness) ? `an array of length ${fitness.length}` : undefined,
    );
  }
  fitness.forEach((f: unknown, i) => {
    if (allowNull && f === null) return;
    if (typeof f !== 'number' || !Number.isFinite(f)) {
      throw new InvalidFitnessError(
        `${path}[${i}]`,
        f,
        allowNull ? 'a finite number or null' : 'a finite number',
      );
    }
  });
  return fitness as (number | null)[];
}
