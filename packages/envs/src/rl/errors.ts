/**
 * Named errors of the RL environments. Each message names the input, what was
 * given and what was expected, and says what to do.
 */

/** An action outside the environment's action space. */
export class InvalidActionError extends Error {
  override readonly name = 'InvalidActionError';
  constructor(
    /** Environment id or class name. */
    readonly env: string,
    /** The action that was given. */
    readonly action: unknown,
    /** The space, described, e.g. `"Discrete(3): an integer in [0, 3)"`. */
    readonly expected: string,
  ) {
    super(
      `${env}: action ${formatValue(action)} is outside the action space; expected ${expected}`,
    );
  }
}

/** `step` called before the first `reset`, or after an episode ended. */
export class ResetNeededError extends Error {
  override readonly name = 'ResetNeededError';
  constructor(
    readonly env: string,
    /** Why a reset is needed. */
    readonly reason: 'not-reset' | 'episode-ended',
  ) {
    super(
      reason === 'not-reset'
        ? `${env}: step() called before reset(); call reset() first`
        : `${env}: step() called after the episode ended (terminated or truncated); call reset() to start a new episode`,
    );
  }
}

/** Any call on an environment after `close()`. */
export class EnvClosedError extends Error {
  override readonly name = 'EnvClosedError';
  constructor(
    readonly env: string,
    readonly method: string,
  ) {
    super(`${env}: ${method}() called after close(); create a new environment with makeEnv()`);
  }
}

/** An option of an environment or wrapper with a wrong value. */
export class InvalidEnvOptionError extends Error {
  override readonly name = 'InvalidEnvOptionError';
  constructor(
    readonly env: string,
    readonly option: string,
    readonly given: unknown,
    readonly expected: string,
  ) {
    super(`${env}: option "${option}" is ${formatValue(given)}; expected ${expected}`);
  }
}

/**
 * @internal Checks that option `option` of environment (or wrapper) `env` is a
 * probability: a number in [0, 1].
 * @throws {InvalidEnvOptionError} otherwise.
 */
export function checkProbability(env: string, option: string, p: unknown): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new InvalidEnvOptionError(env, option, p, 'a probability in [0, 1]');
  }
}

/** Python or `ale-py` cannot be found for the ALE bridge. */
export class AleUnavailableError extends Error {
  override readonly name = 'AleUnavailableError';
  constructor(
    /** What is missing. */
    readonly missing: 'python' | 'ale-py' | 'bridge',
    /** The interpreter or command that was tried. */
    readonly command: string,
    /** Output of the failed attempt, if any. */
    readonly detail: string,
  ) {
    const fix =
      missing === 'python'
        ? `install Python 3.9+ and ale-py ("python3 -m pip install ale-py"), or point the "python" option / PATHNET_PYTHON at an interpreter that has it`
        : missing === 'ale-py'
          ? `install it with "${command} -m pip install ale-py" (the wheels ship the ROMs), or point the "python" option / PATHNET_PYTHON at an interpreter that has it`
          : 'check the "bridge" option';
    super(
      `ALE bridge: ${missing} not available via "${command}"; ${fix}.${detail ? ` Details: ${detail.trim().slice(-400)}` : ''}`,
    );
  }
}

/** The ALE bridge subprocess died, answered garbage or reported an error. */
export class AleBridgeError extends Error {
  override readonly name = 'AleBridgeError';
  constructor(
    /** The game, e.g. `"pong"`. */
    readonly game: string,
    /** What went wrong. */
    readonly problem: string,
  ) {
    super(
      `ALE bridge (${game}): ${problem}. The environment is unusable; close() it and create a new one with makeEnv()`,
    );
  }
}

/** A space or observation that fails {@link checkEnv}. */
export class EnvCheckError extends Error {
  override readonly name = 'EnvCheckError';
  constructor(
    readonly env: string,
    readonly check: string,
    readonly problem: string,
  ) {
    super(`checkEnv(${env}) failed "${check}": ${problem}`);
  }
}

/** @internal Short printable form of any value for error messages. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v == null) return String(v);
  if (ArrayBuffer.isView(v))
    return `${v.constructor.name}(${(v as unknown as ArrayLike<number>).length})`;
  try {
    const s = JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/** An environment id that does not have the form `namespace/Name-vN`. */
export class InvalidEnvIdError extends Error {
  override readonly name = 'InvalidEnvIdError';
  constructor(readonly id: unknown) {
    super(
      `environment id ${formatValue(id)} is malformed; expected "namespace/Name-vN" or "Name-vN", e.g. "minatar/Breakout-v1"`,
    );
  }
}
