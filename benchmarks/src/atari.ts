/**
 * The Atari pathway step (Fernando et al. 2017, PathNet, Sec. 3.3): one training step of one
 * pathway through the paper's Atari grid, measured on every available path and beside the
 * PyTorch CPU reference (`benchmarks/python/atari_reference.py`) run in the same process tree.
 *
 * Step: B = 20 frames [84, 84, 4]; layers 1–3 conv, 8 filters per module (8×8/4, 4×4/2,
 * 3×3/1, valid), layer 4 dense 50; N = 4 active modules per layer, ReLU, outputs summed;
 * a readout to 6 actions with softmax cross-entropy (a stand-in for the A3C loss);
 * global-norm clipping at 40; RMSProp (decay 0.99, ε 0.1, the A3C settings).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@pathnet/backend';
import { createOptimizer, PathNet, presets } from '@pathnet/core';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { rate } from './machine.js';

/** Batch size B of the measured step. */
export const ATARI_BATCH = 20;
/** Active modules per layer N. */
export const ATARI_ACTIVE = 4;
/** Readout size (actions). */
export const ATARI_ACTIONS = 6;
const FILTERS = 8;
const UNITS = 50;
const FRAME = [84, 84, 4] as const;
/** The conv layers: [kernel, stride, in channels, in size, out size]. */
const CONV = [
  { k: 8, s: 4, cin: 4, inSize: 84, outSize: 20 },
  { k: 4, s: 2, cin: 8, inSize: 20, outSize: 9 },
  { k: 3, s: 1, cin: 8, inSize: 9, outSize: 7 },
] as const;
const DENSE_IN = 7 * 7 * FILTERS;
const RMSPROP = { learningRate: 7e-4, decay: 0.99, momentum: 0, epsilon: 0.1 };
const CLIP = 40;

/**
 * Floating-point operations of one step, counted analytically as 2 × multiply-adds of the
 * forward products, the weight gradients, and the input gradients (none for the frames).
 * With the defaults: ≈ 325 MFLOP.
 */
export function atariStepFlops(batch = ATARI_BATCH, active = ATARI_ACTIVE): number {
  let total = 0;
  CONV.forEach((c, l) => {
    const fwd = 2 * batch * c.outSize * c.outSize * c.k * c.k * c.cin * FILTERS * active;
    total += fwd * (l === 0 ? 2 : 3);
  });
  return total + 3 * 2 * batch * DENSE_IN * UNITS * active + 3 * 2 * batch * UNITS * ATARI_ACTIONS;
}

/** Rate of one path. */
export interface AtariPathRate {
  /** `fused engine (1 thread)`, `fused engine (2 threads)`, `tfjs-wasm`, `tfjs-cpu`. */
  path: string;
  /** Pathway training steps per second (best window). */
  stepsPerS: number;
  /** stepsPerS × {@link atariStepFlops}, in GFLOP/s. */
  gflops: number;
  /** Steps timed in all (small for the slow cpu path). */
  steps: number;
}

/** The PyTorch reference at its best thread count, or why it did not run. */
export type AtariReference =
  | {
      stepsPerS: number;
      gflops: number;
      threads: number;
      torch: string;
      all: { threads: number; stepsPerS: number }[];
    }
  | { skipped: string };

/** Result of {@link measureAtari}. */
export interface AtariResult {
  /** {@link atariStepFlops} of the measured step. */
  flopsPerStep: number;
  /** One rate per path, in the order measured. */
  paths: AtariPathRate[];
  /** PyTorch at its best thread count (1 or 2), or the reason it was skipped. */
  reference: AtariReference;
  /** Each path's steps/s over PyTorch's best (null when the reference was skipped). */
  ratios: { path: string; vsTorch: number | null }[];
}

/** Seeded frames: noise U(0, 1) [B, 84, 84, 4] and action labels [B]. */
function frames(seed: number, count: number) {
  const rng = xoroshiro128plus(seed);
  return Array.from({ length: count }, () => {
    const x = new Float32Array(ATARI_BATCH * FRAME[0] * FRAME[1] * FRAME[2]);
    for (let i = 0; i < x.length; i++) x[i] = uniformFloat64(rng);
    const y = Int32Array.from({ length: ATARI_BATCH }, () => uniformInt(rng, 0, ATARI_ACTIONS - 1));
    return { x, y, batchSize: ATARI_BATCH };
  });
}

const PATHWAY = [
  [0, 1, 2, 3],
  [4, 5, 6, 7],
  [1, 3, 8, 9],
  [0, 2, 5, 7],
];

/** The step through `PathNet.trainStep`: the tfjs engine on a backend, or the fused engine. */
async function measurePathNet(
  engine: 'tfjs' | 'fused',
  backend: 'wasm' | 'cpu',
  threads: number,
  seconds: number,
  windows: number,
  warmup: number,
) {
  await initBackend({ backend });
  const net = await PathNet.create(presets.atari(), { seed: 1, engine, threads }).ready();
  net.addReadout('atari', ATARI_ACTIONS, 2);
  const opt = createOptimizer({ kind: 'rmsprop', ...RMSPROP, clipNorm: CLIP });
  const data = frames(5, 4);
  try {
    return rate(
      (i) => net.trainStep(PATHWAY, 'atari', data[i % data.length]!, opt),
      seconds,
      windows,
      warmup,
    );
  } finally {
    net.dispose();
    opt.dispose();
  }
}

/**
 * Runs `benchmarks/python/atari_reference.py` at 1 and 2 threads and keeps the best.
 * The Python comes from `PATHNET_TORCH_PYTHON`, else `.reference-venv/bin/python` at the
 * repository root (as for the pathway reference).
 */
export function measureAtariReference(seconds: number): AtariReference {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const script = path.resolve(here, '..', 'python', 'atari_reference.py');
  if (!existsSync(script)) return { skipped: `reference script not found at ${script}` };
  const python =
    process.env.PATHNET_TORCH_PYTHON ??
    path.resolve(here, '..', '..', '.reference-venv', 'bin', 'python');
  if (!existsSync(python)) {
    return { skipped: `no PyTorch python at ${python} (set PATHNET_TORCH_PYTHON)` };
  }
  const all: { threads: number; stepsPerS: number; gflops: number; torch: string }[] = [];
  for (const threads of [1, 2]) {
    const r = spawnSync(
      python,
      [script, '--threads', String(threads), '--seconds', String(seconds)],
      {
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) {
      return {
        skipped: `PyTorch Atari reference failed: ${(r.stderr ?? '').trim().split('\n').at(-1)}`,
      };
    }
    for (const line of r.stdout.split('\n')) {
      if (!line.trim().startsWith('{')) continue;
      const j = JSON.parse(line) as { steps_per_s: number; gflops: number; torch: string };
      all.push({ threads, stepsPerS: j.steps_per_s, gflops: j.gflops, torch: j.torch });
    }
  }
  const best = all.reduce<(typeof all)[number] | undefined>(
    (b, r) => (b === undefined || r.stepsPerS > b.stepsPerS ? r : b),
    undefined,
  );
  if (best === undefined) return { skipped: 'PyTorch Atari reference printed no result' };
  return {
    stepsPerS: best.stepsPerS,
    gflops: best.gflops,
    threads: best.threads,
    torch: best.torch,
    all: all.map(({ threads, stepsPerS }) => ({ threads, stepsPerS })),
  };
}

/**
 * Measures the Atari pathway step (module header) in steps/s on each path, all through
 * `PathNet.trainStep`: the fused engine (@pathnet/kernels) on 1 and 2 threads, tfjs-wasm
 * (conv gradients from @pathnet/backend's wasm kernels), tfjs-cpu (capped to a few steps:
 * it takes seconds per step); then the PyTorch reference at its best thread count. Each rate is the best of several windows, since
 * other users of a small machine make timings noisy.
 *
 * @param seconds - time per path (split into windows); the reference gets the same per thread count.
 * @returns rates, GFLOP/s reached (from {@link atariStepFlops}) and ratios to PyTorch.
 */
export async function measureAtari(seconds: number): Promise<AtariResult> {
  const flopsPerStep = atariStepFlops();
  const rated = (p: string, r: { perSecond: number; calls: number }): AtariPathRate => ({
    path: p,
    stepsPerS: r.perSecond,
    gflops: (r.perSecond * flopsPerStep) / 1e9,
    steps: r.calls,
  });
  const paths: AtariPathRate[] = [];
  for (const threads of [1, 2]) {
    const timed = await measurePathNet('fused', 'cpu', threads, seconds, 4, 10);
    paths.push(rated(`fused engine (${threads} thread${threads > 1 ? 's' : ''})`, timed));
  }
  paths.push(rated('tfjs-wasm', await measurePathNet('tfjs', 'wasm', 1, seconds, 4, 5)));
  // The cpu backend's conv gradients are direct loops (over ten seconds per step on a
  // 2-core machine): one timed step, no warm-up.
  paths.push(rated('tfjs-cpu', await measurePathNet('tfjs', 'cpu', 1, 0, 1, 0)));
  const reference = measureAtariReference(seconds);
  const ratios = paths.map((p) => ({
    path: p.path,
    vsTorch: 'stepsPerS' in reference ? p.stepsPerS / reference.stepsPerS : null,
  }));
  return { flopsPerStep, paths, reference, ratios };
}
