/**
 * Running an app's built command line in tests: {@link runApp} for any run, and
 * {@link refusal} for a bad command line, which every app must refuse with
 * exit 2 and one line on standard error, leaving its `--out` folder as it was.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

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
