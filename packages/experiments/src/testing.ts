/**
 * `@pathnet/experiments/testing`: what tests of the job queue need — a real
 * `redis-server` on a free loopback port with its data in a temporary folder,
 * and `pathnet-worker` processes — for this package's tests and for apps that
 * test their job kinds through the queue; and an app run twice into one `--out`
 * folder, for the apps' tests of `--force` ({@link rerunIntoSameOut}, {@link forceTest}).
 *
 * @packageDocumentation
 */
import { type ChildProcess, type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runApp, type TestFunction } from './cli-testing.js';
import { resultsFolderHint } from './folder-flags.js';

/** The `pathnet-worker` command of this package. */
export const WORKER_BIN = fileURLToPath(new URL('../bin/pathnet-worker.js', import.meta.url));

/** A `redis-server` the tests started on a loopback port, with its data in a temporary folder. */
export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server (SIGTERM: with AOF on, it writes its log first) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
}

/**
 * Why `redis-server` cannot run here, or null if it can.
 * @throws {Error} instead where `PATHNET_REQUIRE_REDIS` is set (CI): there the queue tests must run.
 */
export function redisUnavailable(): string | null {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (!probe.error) return null;
  const reason = `redis-server cannot start (${probe.error.message}); install it: apt-get install -y redis-server`;
  if (process.env.PATHNET_REQUIRE_REDIS)
    throw new Error(`PATHNET_REQUIRE_REDIS is set but ${reason}`);
  return reason;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `redis-server` on a free loopback port: no snapshots, and an
 * append-only file written on every command when `persistent` (so that a
 * restart keeps the queue).
 */
export async function startRedis(persistent = false): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'pathnet-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push(
    ...(persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
  );
  let child: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const c = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      let output = '';
      const timer = setTimeout(() => {
        c.kill('SIGKILL');
        reject(new Error(`redis-server did not start within 10 s:\n${output}`));
      }, 10_000);
      c.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      c.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      c.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      const c = child;
      if (c === undefined || c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}

/** A `pathnet-worker` process a test started, with its output so far. */
export interface TestWorker {
  process: ChildProcess;
  output(): string;
  /** Resolves once a line of the output matches. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/**
 * Starts a `pathnet-worker` process on `url` importing `plugins`, with short
 * lock and stall checks (`--lock-seconds 2 --stalled-seconds 1`: a killed
 * worker's job is taken over within seconds) and the cpu backend.
 */
export function startWorker(
  url: string,
  plugins: readonly string[] = [],
  extra: readonly string[] = [],
): TestWorker {
  const args = [WORKER_BIN, '--queue', url, '--backend', 'cpu'];
  for (const plugin of plugins) args.push('--plugin', plugin);
  args.push('--lock-seconds', '2', '--stalled-seconds', '1', ...extra);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiting: Array<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void }> = [];
  const check = () => {
    for (const w of [...waiting]) {
      const match = output.match(w.pattern);
      if (match) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(match);
      }
    }
  };
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    check();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  return {
    process: child,
    output: () => output,
    waitFor: (pattern) =>
      new Promise((resolve) => {
        waiting.push({ pattern, resolve });
        check();
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** What {@link rerunIntoSameOut} saw; each flag `true` where the app did what `--force` promises. */
export interface SameOutRerun {
  /** Exit statuses of the first run, the second without `--force`, with `--force --resume`, and with `--force`. */
  statuses: Array<number | null>;
  /** The second run's message says what to do: `--resume <out>` or `--force` (`resultsFolderHint`). */
  hintNamesFlags: boolean;
  /** The `--force --resume` run's message names both flags. */
  conflictNamesFlags: boolean;
  /**
   * The forced run left exactly one `<out>.replaced-<time>` folder, holding the first run's
   * `results.json` unchanged, and said where it went.
   */
  keptAside: boolean;
  /** `out` holds the forced run's own complete `results.json`. */
  rerunComplete: boolean;
  /** Standard error of the four runs, for a failure's message. */
  stderr: string;
}

/** What {@link rerunIntoSameOut} sees of an app that handles `--out`, `--resume` and `--force` as it should. */
export const RERUN_AS_PROMISED: Readonly<Omit<SameOutRerun, 'stderr'>> = {
  statuses: [0, 2, 2, 0],
  hintNamesFlags: true,
  conflictNamesFlags: true,
  keptAside: true,
  rerunComplete: true,
};

/**
 * Runs an app four times into one `--out` folder (`run` under a new temporary folder):
 * once, again without `--force`, with `--force --resume`, and with `--force`; reports what
 * each did (see `folderModeOf` and `claimResultsFolder`'s mode `force`).
 * @param run - runs the app with the given arguments and waits for it (`spawnSync`).
 * @param args - the app's arguments, without `--out`: light settings, since it runs twice.
 */
export function rerunIntoSameOut(
  run: (...args: string[]) => SpawnSyncReturns<string>,
  args: readonly string[],
): SameOutRerun {
  const parent = mkdtempSync(path.join(tmpdir(), 'pathnet-same-out-'));
  const out = path.join(parent, 'run');
  const results = (dir: string) => {
    const file = path.join(dir, 'results.json');
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
  const first = run(...args, '--out', out);
  const earlier = results(out);
  const again = run(...args, '--out', out);
  const both = run(...args, '--out', out, '--force', '--resume', out);
  const forced = run(...args, '--out', out, '--force');
  const aside = readdirSync(parent)
    .filter((f) => f.startsWith('run.replaced-'))
    .map((f) => path.join(parent, f));
  const now = results(out);
  return {
    statuses: [first, again, both, forced].map((r) => r.status),
    hintNamesFlags: again.stderr.includes(resultsFolderHint(out)),
    conflictNamesFlags: /--resume continues a run and --force starts one over/.test(both.stderr),
    keptAside:
      aside.length === 1 &&
      earlier !== undefined &&
      aside.every((dir) => results(dir) === earlier && forced.stderr.includes(dir)),
    rerunComplete: now !== undefined && JSON.parse(now).complete === true,
    stderr: [first, again, both, forced].map((r) => r.stderr).join('\n---\n'),
  };
}
/**
 * Registers, with `test`, the test of `cli` run again into the same `--out` folder with
 * `args` ({@link rerunIntoSameOut}): it must do all that {@link RERUN_AS_PROMISED} says.
 * @param args - the app's arguments, without `--out`: light settings, since it runs four times.
 * @param timeoutMs - default 120 s.
 */
export function forceTest(
  test: TestFunction,
  cli: string,
  args: readonly string[],
  timeoutMs = 120_000,
): void {
  test(
    'a second run into the same --out exits with 2 naming --resume and --force (so does --force with --resume); with --force it runs and keeps the earlier results renamed aside',
    () => {
      const seen = rerunIntoSameOut((...more) => runApp(cli, ...more), args);
      const keys = Object.keys(RERUN_AS_PROMISED) as Array<keyof typeof RERUN_AS_PROMISED>;
      const broken = keys.filter(
        (key) => JSON.stringify(seen[key]) !== JSON.stringify(RERUN_AS_PROMISED[key]),
      );
      if (broken.length > 0) {
        const what = broken.map((key) => `${key} ${JSON.stringify(seen[key])}`).join(', ');
        throw new Error(`not as promised: ${what}\n${seen.stderr}`);
      }
    },
    timeoutMs,
  );
}

export {
  APP_FLAGS,
  appCli,
  expectHelp,
  expectQueueRefusal,
  expectRefusal,
  expectResumeKeepsGrid,
  helpTest,
  type Refusal,
  refusal,
  refusalTests,
  runApp,
  type TestFunction,
} from './cli-testing.js';
export {
  type AsyncTestFunction,
  type KillAndResume,
  killAndResume,
  killResumeTest,
  TIMING_FIELDS,
  withoutTimings,
} from './resume-testing.js';
