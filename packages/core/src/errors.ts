/**
 * Named errors of `@pathnet/core`. Every message names the input, what was
 * given and what was expected, so a caller can fix the call without reading
 * the source.
 */

/** Base class of every error thrown on purpose by `@pathnet/core`. */
export class PathNetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A {@link PathNetConfig} is malformed (N > M, unknown module kind, non-positive sizes, ...). */
export class InvalidConfigError extends PathNetError {}

/** A pathway (genotype) does not fit the grid: wrong number of layers, index outside [0, M), more than N modules in a layer, an empty layer. */
export class InvalidPathwayError extends PathNetError {}

/** An input, label or parameter array has the wrong length or shape. */
export class ShapeMismatchError extends PathNetError {}

/** A task id has no readout (or already has one when adding). */
export class UnknownReadoutError extends PathNetError {}

/** A readout for this task id already exists. */
export class DuplicateReadoutError extends PathNetError {}

/** An operation would write to a frozen module (Fernando et al. 2017, Sec. 2.3: frozen parameters never change). */
export class FrozenModuleError extends PathNetError {}

/** A checkpoint folder is missing, of another format version, or its weights do not match the manifest. */
export class CheckpointError extends PathNetError {}

/** An optimizer configuration is malformed (unknown kind, non-positive learning rate, ...). */
export class InvalidOptimizerError extends PathNetError {}

/** The {@link PathNet} was used after `dispose()`. */
export class DisposedError extends PathNetError {}

/** The chosen {@link Engine} cannot run this config, optimizer or method. */
export class EngineError extends PathNetError {}
