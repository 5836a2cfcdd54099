import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Executor, newResults, runExperiment } from '@pathnet/experiments';

/** The `pathnet-worker` command of this package (built) and the synthetic job kind plugin. */
export const WORKER_BIN = fileURLToPath(new URL('../../bin/pathnet-worker.js', import.meta.url));
export const SYNTHETIC_PLUGIN = fileURLToPath(
  new URL('./fixtures/synthetic-kind.mjs', import.meta.url),
);

/** A `pathnet-worker` process the test started, with its output so far. */
export interface TestWorker {
  process: ChildProcess;
  output(): string;
  /** Resolves once a line of the output matches. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/** Starts `pathnet-worker` on `url` with the synthetic plugin and short lock and stall checks. */
export function startWorker(url: string, extra: string[] = []): TestWorker {
  const child = spawn(
    process.execPath,
    [
      WORKER_BIN,
      '--queue',
      url,
      '--plugin',
      SYNTHETIC_PLUGIN,
      '--backend',
      'cpu',
      '--lock-seconds',
      '2',
      '--stalled-seconds',
      '1',
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
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

/** A record of the synthetic job kind. */
export interface Synthetic {
  seed: number;
  values: number[];
  limit: number;
}
const jobs = (seeds: number[], ms = 20) => seeds.map((seed) => ({ seed, ms }));

/** Runs the synthetic kind for `seeds` into a fresh folder with `executor`. */
export async function syntheticRun(seeds: number[], executor: Executor | undefined, ms = 20) {
  const out = mkdtempSync(path.join(tmpdir(), 'runner-'));
  return runExperiment<unknown, number, { seed: number; ms: number }, Synthetic, unknown>({
    out,
    results: newResults('test/synthetic@1', {}),
    kind: 'test/synthetic',
    jobs: jobs(seeds, ms),
    summarise: (records) => records.length,
    ...(executor && { executor }),
  });
}
