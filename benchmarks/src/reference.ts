import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder (this file lives in `benchmarks/src`, or bundled in `benchmarks/dist`). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One line of the PyTorch reference's output. */
export interface ReferenceResult {
  case: 'single' | 'pop' | 'peak';
  threads: number;
  steps_per_s?: number;
  gflops?: number;
  torch: string;
}

/** The reference's results, or why there are none. */
export type Reference = { results: ReferenceResult[] } | { skipped: string };

/** The folder of the reference's Python scripts and setup: `benchmarks/python/`. */
export function pythonDir(root: string): string {
  return path.join(root, 'benchmarks', 'python');
}

/**
 * The Python of the PyTorch reference: `PATHNET_TORCH_PYTHON`, else
 * `.reference-venv/bin/python` at the repository root, which
 * `benchmarks/python/setup-reference.sh` creates (CPU torch, numpy and ale-py from pip)
 * when `setup` is true and it is missing.
 * @returns the python's path, or why there is none.
 */
export function referencePython(root: string, setup: boolean): string | { skipped: string } {
  const python =
    process.env.PATHNET_TORCH_PYTHON ?? path.join(root, '.reference-venv', 'bin', 'python');
  if (existsSync(python)) return python;
  if (!setup) return { skipped: `no PyTorch venv at ${python} (run with --setup-reference)` };
  const made = spawnSync(
    'bash',
    [path.join(pythonDir(root), 'setup-reference.sh'), path.join(root, '.reference-venv')],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (made.status !== 0) {
    return { skipped: `could not set up PyTorch: ${made.stderr.trim().split('\n').at(-1)}` };
  }
  return made.stdout.trim().split('\n').at(-1) ?? python;
}

/**
 * Measures the PyTorch CPU reference (`benchmarks/python/pathway_reference.py`)
 * at 1 and 2 threads, in this run, with the Python of {@link referencePython}.
 */
export function measureReference(root: string, seconds: number, setup: boolean): Reference {
  const script = path.join(pythonDir(root), 'pathway_reference.py');
  if (!existsSync(script)) return { skipped: `reference script not found at ${script}` };
  const python = referencePython(root, setup);
  if (typeof python !== 'string') return python;
  const results: ReferenceResult[] = [];
  for (const threads of [1, 2]) {
    const r = spawnSync(
      python,
      [script, '--threads', String(threads), '--seconds', String(seconds)],
      {
        encoding: 'utf8',
      },
    );
    if (r.status !== 0)
      return { skipped: `PyTorch reference failed: ${r.stderr.trim().split('\n').at(-1)}` };
    for (const line of r.stdout.split('\n')) {
      if (line.trim().startsWith('{')) results.push(JSON.parse(line) as ReferenceResult);
    }
  }
  return { results };
}

/** The best rate of a reference case over thread counts. */
export function bestOf(
  ref: Reference,
  c: ReferenceResult['case'],
): { value: number; threads: number } | null {
  if (!('results' in ref)) return null;
  let best: { value: number; threads: number } | null = null;
  for (const r of ref.results) {
    const v = r.case === 'peak' ? r.gflops : r.steps_per_s;
    if (r.case === c && v !== undefined && (best === null || v > best.value))
      best = { value: v, threads: r.threads };
  }
  return best;
}

/** One seed of the PyTorch A3C reference (`benchmarks/python/a3c_reference.py`). */
export interface A3CReferenceRun {
  seed: number;
  /** Frames when the mean of the last 100 returns first reached 475 (CartPole), or null. */
  solved_at: number | null;
  frames: number;
  seconds: number;
  frames_per_s: number;
}

/** Settings of one call of the PyTorch A3C reference; the flags of `a3c_reference.py`. */
export interface A3CReferenceOptions {
  env: 'cartpole' | 'pong';
  /** Run the whole budget, never stop at "solved" (for frames/s). */
  noSolve: boolean;
  /** Seeds 1…seeds, one after the other. */
  seeds: number;
  workers: number;
  processes: number;
  maxFrames: number;
  lr: number;
}

/**
 * Runs the PyTorch A3C reference with `python` in this run, one seed after the
 * other, and returns one result per seed, or why there is none.
 */
export function runA3CReference(
  root: string,
  python: string,
  o: A3CReferenceOptions,
): A3CReferenceRun[] | { skipped: string } {
  const flags = [
    ['--env', o.env],
    ['--seeds', o.seeds],
    ['--workers', o.workers],
    ['--processes', o.processes],
    ['--max-frames', o.maxFrames],
    ['--lr', o.lr],
  ].flatMap(([k, v]) => [String(k), String(v)]);
  const r = spawnSync(
    python,
    [
      path.join(pythonDir(root), 'a3c_reference.py'),
      ...flags,
      ...(o.noSolve ? ['--no-solve'] : []),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (r.status !== 0) return { skipped: `failed: ${r.stderr.trim().split('\n').at(-1)}` };
  const runs = r.stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as A3CReferenceRun);
  return runs.length > 0 ? runs : { skipped: 'no result' };
}
