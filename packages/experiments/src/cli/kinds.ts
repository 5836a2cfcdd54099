/**
 * The kinds of flag every app uses, each a {@link FlagSpec} maker: numbers with
 * a bound, one of a few names, lists without repeats, non-empty names and JSON
 * objects. The messages are the same in every app: `--seeds expects a number,
 * got "two"`, `--seeds must be an integer ≥ 1, got 0`, `--engine must be auto,
 * fused or tfjs, got "gpu"`, `--conditions names "pathnet" twice`.
 *
 * @packageDocumentation
 */
import { type Bound, checkBound, FlagError, type FlagSpec, longFlag, orList } from './flag.js';

/** What a maker takes besides the syntax and help. */
type Extra<T> = Partial<Pick<FlagSpec<T>, 'default' | 'needs'>>;

/**
 * Text to a finite number.
 * @throws {FlagError} `--flag expects a number, got "x"`.
 */
export function parseNumber(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) {
    throw new FlagError(`${flag} expects a number, got "${text}"`);
  }
  return n;
}

/** A number flag within `bound` (`integer: true` for counts and sizes). */
export function numberFlag(
  flags: string,
  help: string,
  bound: Bound,
  extra: Extra<number> = {},
): FlagSpec<number> {
  const flag = longFlag({ flags });
  return {
    flags,
    help,
    parse: (text) => parseNumber(flag, text),
    check: (value) => {
      checkBound(flag, value, bound);
    },
    ...extra,
  };
}

/** A flag naming one of `choices`. @throws {FlagError} `--flag must be a, b or c, got "x"`. */
export function choiceFlag<T extends string>(
  flags: string,
  help: string,
  choices: readonly T[],
  extra: Extra<T> = {},
): FlagSpec<T> {
  const flag = longFlag({ flags });
  const check = (value: T) => {
    if (!choices.includes(value)) {
      throw new FlagError(`${flag} must be ${orList(choices)}, got "${value}"`);
    }
  };
  return { flags, help, parse: (text) => text.trim() as T, check, ...extra };
}

/**
 * A comma-separated list, each item parsed by `item`, none twice, at least `min` (default 1).
 * @throws {FlagError} `--flag lists x twice`, `--flag lists nothing`, or the item's error.
 */
export function listFlag<T>(
  flags: string,
  help: string,
  item: (text: string, flag: string) => T,
  extra: Extra<T[]> & { min?: number } = {},
): FlagSpec<T[]> {
  const flag = longFlag({ flags });
  const { min = 1, ...rest } = extra;
  const check = (values: T[]) => checkListFlag(flag, values, () => {}, min);
  const parse = (text: string) =>
    text
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((s) => item(s, flag));
  return { flags, help, parse, check, ...rest };
}

/**
 * Checks a list however it came (flag, `--quick`, results file): at least `min` items
 * (default 1), none twice, each passing `item`.
 * @throws {FlagError} `--flag lists nothing; give at least 1`, `--flag names "x" twice`, or `item`'s error.
 */
export function checkListFlag<T>(
  flag: string,
  values: readonly T[],
  item: (value: T) => void,
  min = 1,
): void {
  if (values.length < min) {
    throw new FlagError(
      `${flag} lists ${values.length === 0 ? 'nothing' : values.length}; give at least ${min}`,
    );
  }
  const seen = new Set<string>();
  for (const v of values) {
    const key = String(v);
    if (seen.has(key)) throw new FlagError(`${flag} names "${key}" twice`);
    seen.add(key);
    item(v);
  }
}

/** A list item that must be one of `choices`, each a `noun` (for the message: `unknown condition "x"`). */
export const oneOf =
  <T extends string>(choices: readonly T[], noun = 'value') =>
  (text: string, flag: string): T => {
    if (!choices.includes(text as T)) {
      throw new FlagError(`${flag}: unknown ${noun} "${text}"; valid: ${choices.join(', ')}`);
    }
    return text as T;
  };

/** A list item that is a number within `bound`. */
export const boundedNumber =
  (bound: Bound) =>
  (text: string, flag: string): number =>
    checkBound(flag, parseNumber(flag, text), bound);

/** A non-empty name (a folder, a backend, a module). @throws {FlagError} `--flag expects <what>, got ""`. */
export function nameFlag(
  flags: string,
  help: string,
  what: string,
  extra: Extra<string> & { repeatable?: boolean } = {},
): FlagSpec<string> {
  const flag = longFlag({ flags });
  const check = (value: string) => {
    if (value.trim() === '') throw new FlagError(`${flag} expects ${what}, got ""`);
  };
  return { flags, help, parse: (text) => text, check, ...extra };
}

/**
 * A JSON object, e.g. `--operator-options '{"k": 1}'`, kept as text (parsed again where it is used).
 * @throws {FlagError} `--flag expects a JSON object, got …`.
 */
export function jsonFlag(flags: string, help: string, extra: Extra<string> = {}): FlagSpec<string> {
  const flag = longFlag({ flags });
  const check = (text: string) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new FlagError(`${flag} expects a JSON object, got ${text} (${(e as Error).message})`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new FlagError(`${flag} expects a JSON object like {"key": 1}, got ${text}`);
    }
  };
  return { flags, help, parse: (text) => text, check, ...extra };
}

/** A switch (`--quick`, `--force`, `--no-progress`). */
export const switchFlag = (flags: string, help: string): FlagSpec<boolean> => ({ flags, help });
