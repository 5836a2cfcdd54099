/**
 * Thrown when an argument of a kernel has the wrong size, shape or value.
 * The message names the argument, what was given and what was expected.
 */
export class KernelArgumentError extends Error {
  override readonly name = 'KernelArgumentError';
  /** The argument at fault, e.g. `'c'` or `'config.layers[1].units'`. */
  readonly argument: string;
  constructor(argument: string, given: string, expected: string) {
    super(`${argument}: got ${given}, expected ${expected}`);
    this.argument = argument;
  }
}

/** Throws {@link KernelArgumentError} unless `value` is an integer in [min, max]. */
export function checkInt(argument: string, value: number, min: number, max = Infinity): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new KernelArgumentError(argument, String(value), `an integer ${range}`);
  }
}

/** Throws {@link KernelArgumentError} unless `value` is a finite number. */
export function checkFinite(argument: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new KernelArgumentError(argument, String(value), 'a finite number');
  }
}
