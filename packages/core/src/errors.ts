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

/**
 * An input array holds NaN or ±Infinity where a finite number is required (e.g. the `x` of a
 * training step). Thrown before anything changes, so a corrupted minibatch never reaches the
 * grid's parameters or optimizer state.
 */
export class NonFiniteError extends PathNetError {
  /** The input at fault, e.g. `'x'` or `'steps[2].batch.x'`. */
  readonly input: string;
  /** Index of its first non-finite element. */
  readonly index: number;
  constructor(input: string, index: number, value: number) {
    super(`${input}[${index}]: expected a finite number; got ${value}`);
    this.input = input;
    this.index = index;
  }
}

/**
 * Throws {@link NonFiniteError} at the first NaN or ±Infinity of `values`.
 * @param input - the argument's name for the message.
 */
export function checkFiniteArray(input: string, values: Float32Array): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new NonFiniteError(input, i, v);
  }
}

/** Who holds a folder lock (see {@link FolderLockedError}). */
export interface LockOwner {
  /** Process id of the owner. */
  readonly pid: number;
  /** Host the owner runs on (a lock from another host is never taken over). */
  readonly hostname: string;
  /** When the owner process started, ISO 8601. */
  readonly startedAt: string;
  /** What the lock is for, e.g. `"checkpoint save"`. */
  readonly purpose?: string;
}

/** A folder is locked by another live process (a run or a checkpoint save in progress). */
export class FolderLockedError extends PathNetError {
  constructor(
    /** Path of the lock file. */
    readonly lockFile: string,
    /** The owner recorded in the lock file; `undefined` if the file could not be read. */
    readonly owner: LockOwner | undefined,
  ) {
    super(
      owner === undefined
        ? `${lockFile}: locked by another process (unreadable lock file; remove it if no process uses the folder)`
        : `${lockFile}: locked by process ${owner.pid} on ${owner.hostname}, started ${owner.startedAt}` +
            `${owner.purpose ? ` (${owner.purpose})` : ''}; wait for it to finish, or remove the lock file if that process is gone`,
    );
  }
}
