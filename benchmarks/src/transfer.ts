import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** One full binary-MNIST transfer run of the app (A to the threshold, then B under 3 conditions). */
export interface TransferRun {
  wallSeconds: number;
  generations: { a: number; pathnet?: number; independent?: number; 'fine-tune'?: number };
  backend: string;
  args: string[];
}

/**
 * Times one run of `apps/binary-mnist` at the paper's settings (1 seed,
 * tasks 5 vs 6 then 7 vs 8), as a user would start it.
 */
export function timeTransferRun(root: string, extraArgs: string[] = []): TransferRun {
  const out = mkdtempSync(path.join(tmpdir(), 'bench-transfer-'));
  const args = [
    '--seeds',
    '1',
    '--task-a',
    '5,6',
    '--task-b',
    '7,8',
    '--no-progress',
    '--out',
    out,
    ...extraArgs,
  ];
  const cli = path.join(root, 'apps', 'binary-mnist', 'dist', 'cli.js');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  const wallSeconds = (performance.now() - t0) / 1000;
  try {
    if (r.status !== 0)
      throw new Error(`binary-mnist failed (${r.status}): ${r.stderr.trim().split('\n').at(-1)}`);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    const seed = results.seeds[0];
    const generations: TransferRun['generations'] = { a: seed.a.generations };
    for (const [c, v] of Object.entries(seed.conditions)) {
      (generations as Record<string, number>)[c] = (v as { generations: number }).generations;
    }
    return { wallSeconds, generations, backend: results.backend.active, args };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
