/**
 * Named errors of the supervised-task half of `@pathnet/envs`. Each message
 * names the file or argument, what was found and what was expected.
 */

/**
 * A data file or folder that is not there. The message says which paths were
 * tried, where to download the data and where to put it.
 */
export class DatasetNotFoundError extends Error {
  override readonly name = 'DatasetNotFoundError';
  constructor(
    /** Data set name, e.g. `"CIFAR-10"`. */
    readonly dataset: string,
    /** Every path that was looked at, in order. */
    readonly tried: readonly string[],
    /** How to get the files (download URLs and target folder). */
    readonly hint: string,
  ) {
    super(
      `${dataset} files not found (looked for: ${tried.join(', ') || '(no folder given)'}). ${hint}`,
    );
  }
}

/**
 * A data file whose bytes do not follow its format: wrong magic number,
 * truncated, inconsistent header, unexpected array class.
 */
export class DataFormatError extends Error {
  override readonly name: string = 'DataFormatError';
  constructor(
    /** Path (or name) of the file. */
    readonly file: string,
    /** What was wrong, including what was found and what was expected. */
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

/**
 * A data path that exists but cannot be read as a file: a folder where a file should be,
 * no permission, a device error.
 */
export class DataReadError extends Error {
  override readonly name = 'DataReadError';
  constructor(
    /** Path of the file. */
    readonly file: string,
    /** The file system's error code, e.g. `"EISDIR"`, `"EACCES"`. */
    readonly code: string,
    /** What was wrong, in words. */
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

/** A label outside `[0, numClasses)` (after any documented remapping). */
export class LabelRangeError extends DataFormatError {
  override readonly name = 'LabelRangeError';
  constructor(
    file: string,
    /** Record index (0-based) of the offending label. */
    readonly index: number,
    /** The label value as stored in the file. */
    readonly label: number,
    /** The allowed range, in words, e.g. `"0..9"`. */
    readonly expected: string,
  ) {
    super(file, `label ${label} at record ${index} is out of range; expected ${expected}`);
  }
}

/** A task or stream option that is out of its domain (digit pair, batch size, noise level...). */
export class TaskOptionError extends RangeError {
  override readonly name = 'TaskOptionError';
  constructor(
    /** Option name, e.g. `"digits"`. */
    readonly option: string,
    /** The value given. */
    readonly given: unknown,
    /** What is allowed, in words. */
    readonly expected: string,
  ) {
    super(`option "${option}": got ${describe(given)}, expected ${expected}`);
  }
}

function describe(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === undefined || v === null)
    return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
