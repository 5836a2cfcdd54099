/**
 * One command-line flag, declared once: its commander syntax, help, parser and
 * bound (the "composed command lines" of Hydra's config groups and Lightning's
 * LightningCLI: a command is a list of flag groups plus its own few flags).
 * Validation is part of the declaration, so every app refuses the same bad value
 * with the same one-line message naming the flag, and the same bound checks a
 * value stored in a results file ({@link checkFlagValue}).
 *
 * @packageDocumentation
 */
import { type Command, InvalidArgumentError, Option } from 'commander';

/** A bad command line (a value out of its bound, flags that do not go together): exit 2. */
export class FlagError extends Error {
  override readonly name = 'FlagError';
}

/** The numbers a number flag accepts. */
export interface Bound {
  /** Whole numbers only. */
  readonly integer?: boolean;
  /** Inclusive lower bound. */
  readonly min?: number;
  /** Exclusive lower bound (the value must be above it). */
  readonly above?: number;
  /** Exclusive upper bound (the value must be below it). */
  readonly below?: number;
  /** Inclusive upper bound; a function is evaluated when checked (e.g. from the machine's memory). */
  readonly max?: number | (() => number);
  /** Why the upper bound, for the message (e.g. `each worker thread needs about 64 MB`). */
  readonly maxReason?: string;
}

/** `a, b or c`. */
export const orList = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;

/**
 * What a bound asks for in words: `an integer ≥ 1`, `an integer in [36, 1024]`, `in (0, 1]`, `> 0`.
 * @param showMax - whether to name a computed upper bound (a function `max`); a fixed one is always named.
 */
export function boundText(b: Bound, showMax = true): string {
  const max = typeof b.max === 'function' ? (showMax ? b.max() : undefined) : b.max;
  const kind = b.integer ? 'an integer ' : '';
  const low = b.above !== undefined ? `(${b.above}` : b.min !== undefined ? `[${b.min}` : undefined;
  if (b.below !== undefined && low !== undefined) return `${kind}in ${low}, ${b.below})`;
  if (b.below !== undefined) return `${kind}< ${b.below}`;
  if (max !== undefined && low !== undefined) return `${kind}in ${low}, ${max}]`;
  if (max !== undefined) return `${kind}≤ ${max}`;
  if (b.above !== undefined) return `${kind}> ${b.above}`;
  if (b.min !== undefined) return `${kind}≥ ${b.min}`;
  return b.integer ? 'an integer' : 'a finite number';
}

/**
 * Checks `value` against `bound`.
 * @returns `value`.
 * @throws {FlagError} `--flag must be <bound>, got <value>`; a computed upper bound (from the
 *   machine) is named, with its reason, when the value is above it.
 */
export function checkBound(flag: string, value: number, bound: Bound): number {
  const max = typeof bound.max === 'function' ? bound.max() : bound.max;
  const tooLarge = max !== undefined && value > max;
  const ok =
    Number.isFinite(value) &&
    (!bound.integer || Number.isSafeInteger(value)) &&
    (bound.min === undefined || value >= bound.min) &&
    (bound.above === undefined || value > bound.above) &&
    (bound.below === undefined || value < bound.below) &&
    !tooLarge;
  if (!ok) {
    const reason = tooLarge && bound.maxReason ? ` (${bound.maxReason})` : '';
    throw new FlagError(`${flag} must be ${boundText(bound, tooLarge)}${reason}, got ${value}`);
  }
  return value;
}

/**
 * A flag: commander's syntax and help, how its text becomes a value, and the
 * check every value (given, `--quick`'s or stored) must pass.
 * @typeParam T - the parsed value.
 */
export interface FlagSpec<T = unknown> {
  /** Commander's syntax: `--seeds <K>`, `--force`, `--no-progress`. */
  readonly flags: string;
  readonly help: string;
  /** Text to value; throws {@link FlagError} naming the flag. Absent: a switch or a plain string. */
  parse?(text: string): T;
  /** The check of a value however it came; throws {@link FlagError} naming the flag. */
  check?(value: T): void;
  readonly default?: T;
  /** Each occurrence is added to a list (`--plugin a --plugin b`). */
  readonly repeatable?: boolean;
  /** Allowed values, shown by `--help` (commander's choices). */
  readonly choices?: readonly string[];
  /** A flag this one needs on the same command line (e.g. `--operator` for `--operator-options`). */
  readonly needs?: string;
}

/**
 * A flag group: flags declared together and composed into commands as one (any value
 * types: `parse` and `check` are methods, so a spec of numbers is a spec of unknowns).
 */
export type FlagGroup = readonly FlagSpec<unknown>[];

/** The long flag of a spec: `--seeds` of `--seeds <K>`. */
export const longFlag = (spec: Pick<FlagSpec, 'flags'>): string =>
  (spec.flags.match(/--[\w-]+/)?.[0] ?? spec.flags).replace(/^--no-/, '--');

/** Checks a value with the spec's parse-free check. @throws {FlagError} naming the flag. */
export function checkFlagValue<T>(spec: FlagSpec<T>, value: T): T {
  spec.check?.(value);
  return value;
}

/** The commander option of a spec; a {@link FlagError} of its parser becomes commander's bad-argument error. */
export function toOption<T>(spec: FlagSpec<T>): Option {
  const option = new Option(spec.flags, spec.help);
  if (spec.choices) option.choices(spec.choices);
  if (spec.parse || spec.repeatable) {
    option.argParser((text: string, previous: unknown) => {
      try {
        const value = spec.parse ? spec.parse(text) : (text as T);
        spec.check?.(value);
        return spec.repeatable ? [...((previous as T[] | undefined) ?? []), value] : value;
      } catch (e) {
        if (e instanceof FlagError) throw new InvalidArgumentError(e.message);
        throw e;
      }
    });
  }
  if (spec.default !== undefined) option.default(spec.default);
  else if (spec.repeatable) option.default([], 'none');
  return option;
}

/** Adds the flags of `groups` to `program`, in order. */
export function addFlags(program: Command, ...groups: readonly FlagGroup[]): Command {
  for (const spec of groups.flat()) program.addOption(toOption(spec));
  return program;
}

/**
 * Checks the flags given on the command line that need another one (`needs`).
 * @throws {FlagError} `--a goes with --b`.
 */
export function checkNeeds(program: Command, groups: readonly FlagGroup[]): void {
  const given = (flag: string) =>
    program.options.some(
      (o) => o.long === flag && program.getOptionValueSource(o.attributeName()) === 'cli',
    );
  for (const spec of groups.flat()) {
    if (spec.needs !== undefined && given(longFlag(spec)) && !given(spec.needs)) {
      throw new FlagError(`${longFlag(spec)} goes with ${spec.needs}; give ${spec.needs} too`);
    }
  }
}
