import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

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

/**
 * Measures the PyTorch CPU reference (`shared/bench/pathnet_reference.py`)
 * at 1 and 2 threads, in this run. The Python comes from
 * `PATHNET_TORCH_PYTHON`, else `.reference-venv/bin/python` at the repository
 * root, which `shared/bench/setup-reference.sh` creates (run here when
 * Python 3 exists and `setup` is true).
 */
export function measureReference(root: string, seconds: number, setup: boolean): Reference {
  const script = path.resolve(root, '..', 'shared', 'bench', 'pathnet_reference.py');
  if (!existsSync(script)) return { skipped: `reference script not found at ${script}` };
  let python =
    process.env.PATHNET_TORCH_PYTHON ?? path.join(root, '.reference-venv', 'bin', 'python');
  if (!existsSync(python)) {
    if (!setup) return { skipped: `no PyTorch venv at ${python} (run with --setup-reference)` };
    const made = spawnSync(
      'bash',
      [
        path.resolve(root, '..', 'shared', 'bench', 'setup-reference.sh'),
        path.join(root, '.reference-venv'),
      ],
      {
        encoding: 'utf8',
      },
    );
    if (made.status !== 0)
      return { skipped: `could not set up PyTorch: ${made.stderr.trim().split('\n').at(-1)}` };
    python = made.stdout.trim().split('\n').at(-1) ?? python;
  }
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
