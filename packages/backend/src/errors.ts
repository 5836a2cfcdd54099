/** One backend that could not be used, and why. */
export interface BackendFailure {
  /** Backend name, e.g. `"tensorflow"`. */
  readonly name: string;
  /** The npm package that provides it. */
  readonly package: string;
  /** Why it could not be used (not installed, failed to load, failed to initialise). */
  readonly reason: string;
  /** The command that installs it. */
  readonly install: string;
}

/**
 * Thrown by {@link initBackend} when a forced backend (option or
 * `PATHNET_BACKEND`) is unknown or cannot be used, or when no backend at all
 * could be initialised. Never replaced by a silent fallback.
 */
export class BackendResolutionError extends Error {
  override readonly name = 'BackendResolutionError';
  constructor(
    message: string,
    /** Every backend that was tried and failed, with its reason. */
    readonly failures: readonly BackendFailure[],
  ) {
    super(
      failures.length === 0
        ? message
        : `${message}\n${failures
            .map((f) => `  - ${f.name} (${f.package}): ${f.reason}\n    install: ${f.install}`)
            .join('\n')}`,
    );
  }
}
