/**
 * The promise every app makes of a long run: killed at any point (SIGKILL: no
 * handler runs), it loses only the jobs that were running, and `--resume`
 * finishes it with the records an uninterrupted run writes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { runApp } from './cli-testing.js';

/** Fields of a record that measure the machine (wall time, speed), not the run. */
export const TIMING_FIELDS: readonly string[] = ['framesPerSecond', 'wallSeconds', 'seconds'];

/** A copy of `value` without the {@link TIMING_FIELDS} at any depth. */
export function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !TIMING_FIELDS.includes(key))
      .map(([key, v]) => [key, withoutTimings(v)]),
  );
}

/** What {@link killAndResume} saw. */
export interface KillAndResume {
  /** Records in `results.json` when the run was killed (finished jobs). */
  readonly recordsAtKill: number;
  /** Records of the uninterrupted run, and of the killed run after `--resume`, timings left out. */
  readonly uninterrupted: unknown[];
  readonly resumed: unknown[];
  /** Whether `results.json` said `complete: true` after the resume. */
  readonly complete: boolean;
  /** Exit status of the resume, and its standard error. */
  readonly resumeStatus: number | null;
  readonly stderr: string;
}

const records = (out: string): { seeds: unknown[]; complete: boolean } | undefined => {
  const file = path.join(out, 'results.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // a rename in flight: read again on the next poll
  }
};

/**
 * Runs `node <cli> ...args` twice: once to the end, once killed with SIGKILL as soon as
 * its `results.json` holds a first finished job (while later jobs run), then
 * `--resume`s the killed run. `args` should make at least two jobs that run one at a
 * time (e.g. `--threads 1`), so that the kill lands mid-run.
 * @param timeoutMs - how long the killed run may take to write its first record.
 * @throws {Error} if the killed run ends before a first record appears, or never writes one.
 */
export async function killAndResume(
  cli: string,
  args: readonly string[],
  timeoutMs = 240_000,
): Promise<KillAndResume> {
  const root = mkdtempSync(path.join(tmpdir(), 'kill-resume-'));
  const full = path.join(root, 'full');
  const cut = path.join(root, 'cut');
  const whole = runApp(cli, ...args, '--out', full);
  if (whole.status !== 0) throw new Error(`the uninterrupted run failed:\n${whole.stderr}`);
  const child = spawn(process.execPath, [cli, '--no-progress', ...args, '--out', cut], {
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  const started = performance.now();
  let atKill = 0;
  while (atKill === 0) {
    if (ended) throw new Error('the run ended before it could be killed mid-run');
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`no job finished within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    atKill = records(cut)?.seeds.length ?? 0;
  }
  child.kill('SIGKILL');
  await exited;
  const resume = runApp(cli, '--resume', cut);
  const after = records(cut);
  return {
    recordsAtKill: atKill,
    uninterrupted: withoutTimings(records(full)?.seeds ?? []) as unknown[],
    resumed: withoutTimings(after?.seeds ?? []) as unknown[],
    complete: after?.complete === true,
    resumeStatus: resume.status,
    stderr: resume.stderr,
  };
}

/** A test registrar whose bodies may be async, such as vitest's `it`. */
export type AsyncTestFunction = (
  name: string,
  body: () => void | Promise<void>,
  timeoutMs: number,
) => void;

/**
 * Registers, with `test`, the test of {@link killAndResume}: the resume exits with 0, the
 * kill landed mid-run (some but not all jobs recorded), and the resumed run's records are
 * the uninterrupted run's (timings aside).
 * @param args - the app's arguments (at least two jobs, one at a time: e.g. `--threads 1`).
 */
export function killResumeTest(
  test: AsyncTestFunction,
  cli: string,
  args: readonly string[],
): void {
  test('killed mid-run, it loses only the running job: --resume ends with the records of an uninterrupted run', async () => {
    const r = await killAndResume(cli, args);
    const broken =
      r.resumeStatus !== 0
        ? `the resume exited with ${r.resumeStatus}`
        : r.recordsAtKill === 0 || r.recordsAtKill >= r.uninterrupted.length
          ? `the kill did not land mid-run (${r.recordsAtKill} of ${r.uninterrupted.length} jobs recorded)`
          : !r.complete
            ? 'results.json is not complete after the resume'
            : !isDeepStrictEqual(r.resumed, r.uninterrupted)
              ? 'the resumed records differ from the uninterrupted run’s'
              : undefined;
    if (broken !== undefined) throw new Error(`${broken}\n${r.stderr}`);
  }, 600_000);
}
