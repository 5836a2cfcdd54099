/**
 * Running an app's built command line in tests: {@link runApp} for any run, and
 * {@link refusal} for a bad command line, which every app must refuse with
 * exit 2 and one line on standard error, leaving its `--out` folder as it was;
 * {@link helpTest} registers what every app's tests check of `--help`.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs `node <cli> --no-progress ...args` and waits for it (2 minutes at most). */
export function runApp(cli: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cli, '--no-progress', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** What {@link refusal} saw. */
export interface Refusal {
  /** Exit status (2 for bad input). */
  readonly status: number | null;
  /** Standard error's non-empty lines. */
  readonly lines: readonly string[];
  readonly stderr: string;
  /** What the `--out` folder held afterwards: `absent` (as before), or its entries. */
  readonly out: 'absent' | readonly string[];
  /** Wall time of the run, seconds. */
  readonly seconds: number;
}

/**
 * Runs a bad command line with `--out` a folder that does not exist yet (unless `args`
 * name one), and reports what it left there.
 */
export function refusal(cli: string, args: readonly string[]): Refusal {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'refusal-')), 'out');
  const outArgs = args.includes('--out') || args.includes('--resume') ? [] : ['--out', out];
  const started = performance.now();
  const r = runApp(cli, ...args, ...outArgs);
  return {
    status: r.status,
    stderr: r.stderr,
    lines: r.stderr.split('\n').filter((line) => line.trim() !== ''),
    out: existsSync(out) ? readdirSync(out) : 'absent',
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Runs a bad command line (see {@link refusal}) and checks what every app promises of
 * one: exit 2, one line on standard error matching `message`, `--out` left as it was.
 * @throws {Error} naming the broken promise, with the command's standard error.
 */
export function expectRefusal(cli: string, args: readonly string[], message: RegExp): Refusal {
  const r = refusal(cli, args);
  const broken =
    r.status !== 2
      ? `exit status ${r.status}, not 2`
      : r.lines.length !== 1
        ? `${r.lines.length} lines on standard error, not 1`
        : !message.test(r.stderr)
          ? `a message not matching ${message}`
          : r.out !== 'absent'
            ? `--out holds ${r.out.join(', ')}`
            : undefined;
  if (broken !== undefined) throw new Error(`${args.join(' ')}: ${broken}\n${r.stderr}`);
  return r;
}

/**
 * Runs an app with `--queue` naming a port where no Redis answers, and checks that it
 * exits with 2 and one line saying how to start Redis, with `--out` left as it was. How long it took
 * (`Refusal.seconds`: the 10 s connection timeout and the start-up) is returned, not
 * bounded: timings belong to benchmarks, and a loaded machine stretches start-up.
 * @param args - the other arguments (e.g. `--quick`).
 * @throws {Error} naming the broken promise, with the command's standard error.
 */
export function expectQueueRefusal(cli: string, args: readonly string[] = []): Refusal {
  const r = refusal(cli, [...args, '--queue', 'redis://127.0.0.1:1']);
  const broken =
    r.status !== 2
      ? `exit status ${r.status}, not 2`
      : r.lines.length !== 1
        ? `${r.lines.length} lines on standard error, not 1`
        : !/no Redis server answered .*redis-server --port 1/.test(r.lines[0] ?? '')
          ? 'no line saying how to start Redis'
          : r.out !== 'absent'
            ? `--out holds ${r.out.join(', ')}`
            : undefined;
  if (broken !== undefined) throw new Error(`--queue redis://127.0.0.1:1: ${broken}\n${r.stderr}`);
  return r;
}

/** A test registrar such as vitest's `it`: a name, a body, a timeout in milliseconds. */
export type TestFunction = (name: string, body: () => void, timeoutMs: number) => void;

/**
 * Registers, with `test`, one test per bad command line of `cases` ({@link expectRefusal}:
 * exit 2, one line matching the message, `--out` as it was), and with `queue` one of
 * `--queue` where no Redis answers ({@link expectQueueRefusal}, its other arguments `queue`).
 * @param options.before - arguments before each case's (e.g. `--quick`).
 */
export function refusalTests(
  test: TestFunction,
  cli: string,
  cases: ReadonlyArray<readonly [readonly string[], RegExp]>,
  options: { before?: readonly string[]; queue?: readonly string[]; timeoutMs?: number } = {},
): void {
  const timeout = options.timeoutMs ?? 60_000;
  for (const [args, message] of cases) {
    test(
      `${args.join(' ')} exits with 2, one line, and leaves --out as it was`,
      () => {
        expectRefusal(cli, [...(options.before ?? []), ...args], message);
      },
      timeout,
    );
  }
  const { queue } = options;
  if (queue !== undefined) {
    test(
      '--queue with no Redis there exits with 2, naming how to start one',
      () => {
        expectQueueRefusal(cli, queue);
      },
      timeout,
    );
  }
}

/**
 * Runs `--help` and checks that it exits with 0 and names every one of `names` (flags,
 * conditions, …), its lines folded into one.
 * @returns the help text, folded.
 * @throws {Error} naming what is missing, or the exit status.
 */
export function expectHelp(cli: string, names: readonly string[]): string {
  const r = runApp(cli, '--help');
  const help = r.stdout.replace(/\s+/g, ' ');
  const missing = names.filter((name) => !help.includes(name));
  if (r.status !== 0 || missing.length > 0) {
    throw new Error(`--help: exit status ${r.status}; missing ${missing.join(', ') || 'nothing'}`);
  }
  return help;
}

/** Flags every app takes: its folder (`--out`, `--resume`, `--force`), `--quick`, `--seeds`, `--backend`. */
export const APP_FLAGS: readonly string[] = [
  '--out',
  '--resume',
  '--force',
  '--quick',
  '--seeds',
  '--backend',
];

/**
 * Registers, with `test`, the test that `--help` exits with 0 and names every one of
 * {@link APP_FLAGS} and of `names` (the app's own flags) ({@link expectHelp}; 30 s at most).
 */
export function helpTest(test: TestFunction, cli: string, names: readonly string[]): void {
  test('--help lists the flags and exits with 0', () => {
    expectHelp(cli, [...APP_FLAGS, ...names]);
  }, 30_000);
}

/**
 * Resumes the RL transfer run in `out` and checks that it exits with 0 and that its first
 * line says it keeps the recorded grid (`grid: <grid> — as recorded in …`).
 * @param grid - the grid as `describeGrid` writes it, e.g. `dense L=3 M=10 N=4 (20 units)`.
 * @throws {Error} naming what differs, with the command's standard error.
 */
export function expectResumeKeepsGrid(cli: string, out: string, grid: string): void {
  const again = runApp(cli, '--resume', out);
  const first = again.stderr.split('\n')[0] ?? '';
  if (again.status !== 0 || !first.startsWith(`grid: ${grid} — as recorded in `)) {
    throw new Error(
      `--resume ${out}: exit ${again.status}, first line "${first}"\n${again.stderr}`,
    );
  }
}

/**
 * An app's built command line, for a test file in the app's `src/__tests__`: the path of
 * its `dist/cli.js`, {@link runApp} bound to it, and `runIn`, which runs it with `--out` a
 * new temporary folder named from `prefix` and returns the folder with the result.
 * @param testFile - the test file's `import.meta.url`.
 */
export function appCli(testFile: string): {
  cli: string;
  run: (...args: string[]) => SpawnSyncReturns<string>;
  runIn: (prefix: string, ...args: string[]) => { out: string; r: SpawnSyncReturns<string> };
} {
  const cli = fileURLToPath(new URL('../../dist/cli.js', testFile));
  return {
    cli,
    run: (...args) => runApp(cli, ...args),
    runIn: (prefix, ...args) => {
      const out = mkdtempSync(path.join(tmpdir(), prefix));
      return { out, r: runApp(cli, ...args, '--out', out) };
    },
  };
}
