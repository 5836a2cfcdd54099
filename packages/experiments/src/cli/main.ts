/**
 * How every app's command line starts and ends: one program composed of flag
 * groups, parsed with only commander and the flag declarations loaded (so
 * `--help` answers at once; the app imports its run lazily), and one exit
 * policy: bad input (a flag, a file, a folder, a plugin, a queue that cannot
 * be used) is one line `app: message` and exit 2; a failure of the run is its
 * message, its stack and exit 1.
 *
 * @packageDocumentation
 */
import { Command, type OptionValues } from 'commander';
import { addFlags, checkNeeds, type FlagGroup } from './flag.js';

/**
 * The errors that mean bad input, by class name (so that this module loads none of the
 * packages that define them): flags and settings, plugins, registered ids, results
 * files and folders, data files, the tensor backend and the job queue.
 */
export const BAD_INPUT_ERRORS: ReadonlySet<string> = new Set([
  'FlagError',
  'OptionError',
  'RLOptionError',
  'PluginError',
  'JsonOptionError',
  'UnknownIdError',
  'InvalidOperatorError',
  'InvalidEnvIdError',
  'InvalidEnvOptionError',
  'TaskOptionError',
  'ResumeError',
  'FolderFlagsError',
  'ResultsFolderError',
  'FolderLockedError',
  'DatasetNotFoundError',
  'DataFormatError',
  'DataReadError',
  'BackendResolutionError',
  'QueueUrlError',
  'QueueUnreachableError',
  'JobKindUnavailableError',
  'AleUnavailableError',
  'DashboardFlagError',
]);

/** Whether `error` is bad input (exit 2) rather than a failure of the run (exit 1). */
export const isBadInput = (error: unknown): boolean =>
  error instanceof Error && BAD_INPUT_ERRORS.has(error.name);

/** The groups each program was composed of, for the checks after parsing. */
const groupsOf = new WeakMap<Command, FlagGroup[]>();

/**
 * A program of the given flag groups, its errors one line (`app: message`) and exit 2;
 * `--help` exits 0. The app adds its own flags, then calls {@link runCli}.
 */
export function composeProgram(
  name: string,
  description: string,
  ...groups: readonly FlagGroup[]
): Command {
  const program = new Command(name).description(description);
  return withGroups(program, ...groups)
    .configureOutput({ outputError: (text, write) => write(`${oneLine(name, text)}\n`) })
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
}

/** Adds flag groups to a program (after {@link composeProgram}, e.g. groups between app flags). */
export function withGroups(program: Command, ...groups: readonly FlagGroup[]): Command {
  groupsOf.set(program, [...(groupsOf.get(program) ?? []), ...groups]);
  return addFlags(program, ...groups);
}

/** Commander's error text as one line naming the flag: `app: --seeds expects a number, got "x"`. */
function oneLine(app: string, text: string): string {
  const message = text
    .trim()
    .replace(/^error: /, '')
    // Commander's wrapper around a flag's own message (which names the flag).
    .replace(/^option '[^']*' argument '[\s\S]*' is invalid\. (?=--)/, '');
  return `${app}: ${message.replace(/\s*\n\s*/g, ' ')} (--help for usage)`;
}

/**
 * Values of `--quick`: for each key of `quick` not given on the command line,
 * its quick value; the flag's value otherwise; nothing without `--quick`.
 */
export function quickValues<T extends object>(program: Command, quick: T): Partial<T> {
  if (program.opts().quick !== true) return {};
  return Object.fromEntries(
    Object.entries(quick).filter(([key]) => program.getOptionValueSource(key) !== 'cli'),
  ) as Partial<T>;
}

/** Whether the user gave `key` (the option's attribute name, e.g. `nullSeeds`) on the command line. */
export const givenOnCommandLine = (program: Command, key: string): boolean =>
  program.getOptionValueSource(key) === 'cli';

/**
 * Parses the command line and runs `main` with the flags; every check after parsing
 * (flags that need another, `main`'s own) comes before `main` writes anything, and
 * every error ends the process with its code (see {@link isBadInput}).
 * @param main - the app's run, typically `(flags) => import('./run.js').then((m) => m.run(program, flags))`.
 */
export function runCli<F extends OptionValues>(
  program: Command,
  main: (flags: F, program: Command) => Promise<void>,
  argv?: readonly string[],
): void {
  const start = async () => {
    program.parse(argv as string[] | undefined, argv ? { from: 'user' } : undefined);
    checkNeeds(program, groupsOf.get(program) ?? []);
    await main(program.opts<F>(), program);
  };
  start().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (isBadInput(error)) {
      console.error(`${program.name()}: ${message.replace(/\s*\n\s*/g, ' ')}`);
      process.exit(2);
    }
    console.error(`${program.name()}: ${message}`);
    if (error instanceof Error && error.stack) console.error(error.stack);
    process.exit(1);
  });
}
