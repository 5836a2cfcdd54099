/**
 * Named errors for bad input to the picture functions. Every message names
 * the input, what was given and what was expected.
 */

/** Base class of every input error this package throws. */
export class VizInputError extends Error {
  override readonly name: string = 'VizInputError';
  constructor(
    /** The input at fault, e.g. `"pathways[1].genotype[2][0]"`. */
    readonly input: string,
    /** What was given, rendered for the message. */
    readonly given: string,
    /** What was expected. */
    readonly expected: string,
  ) {
    super(`${input}: got ${given}, expected ${expected}`);
  }
}

/** A genotype whose shape is not L rows of at least one integer each. */
export class GenotypeShapeError extends VizInputError {
  override readonly name = 'GenotypeShapeError';
}

/** A gene (module index) outside `[0, M)` or not an integer. */
export class ModuleIndexError extends VizInputError {
  override readonly name = 'ModuleIndexError';
}

/** A `frozen` mask that is not an L×M array of booleans. */
export class FrozenShapeError extends VizInputError {
  override readonly name = 'FrozenShapeError';
}

/** No series, no pathway, no bar, or a series / run with no points. */
export class EmptySeriesError extends VizInputError {
  override readonly name = 'EmptySeriesError';
}

/** A point, bar value or option that must be a finite number and is not. */
export class NonFiniteValueError extends VizInputError {
  override readonly name = 'NonFiniteValueError';
}

/** A series whose x values decrease somewhere. */
export class UnsortedPointsError extends VizInputError {
  override readonly name = 'UnsortedPointsError';
}

/** Any other option out of its domain (sizes, domains, intervals, counts). */
export class InvalidOptionError extends VizInputError {
  override readonly name = 'InvalidOptionError';
}

/** The PNG renderer (`@resvg/resvg-js`) could not be loaded or failed on the SVG. */
export class PngRenderError extends Error {
  override readonly name = 'PngRenderError';
}

/** Renders a value for an error message, short and unambiguous. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
