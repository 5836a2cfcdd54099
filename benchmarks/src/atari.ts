/**
 * The Atari pathway step (Fernando et al. 2017, PathNet, Sec. 3.3): one training step of one
 * pathway through the paper's Atari grid, measured on every available path and beside the
 * PyTorch CPU reference (`benchmarks/python/atari_reference.py`) run in the same process tree.
 *
 * Step: B = 20 frames [84, 84, 4]; layers 1–3 conv, 8 filters per module (8×8/4, 4×4/2,
 * 3×3/1, valid), layer 4 dense 50; N = 4 active modules per layer, ReLU, outputs summed;
 * a readout to 6 actions with softmax cross-entropy (a stand-in for the A3C loss);
 * global-norm clipping at 40; RMSProp (decay 0.99, ε 0.1, PAPER.md A3C settings).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@pathnet/backend';
import { createOptimizer, PathNet, presets } from '@pathnet/core';
import {
  type Conv2DShape,
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  conv2dColumns,
  conv2dColumnsLength,
  type KernelBuffer,
  Kernels,
} from '@pathnet/kernels';
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
  /** `tfjs-wasm`, `tfjs-cpu`, `kernels (direct, 1 thread)`, `kernels (direct, 2 threads)`. */
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

/** The step through `PathNet.trainStep` on a tfjs backend. */
async function measureTfjs(
  backend: 'wasm' | 'cpu',
  seconds: number,
  windows: number,
  warmup: number,
) {
  await initBackend({ backend });
  const net = PathNet.create(presets.atari(), { seed: 1 });
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
 * The same step written directly on `@pathnet/kernels`: each layer's N active modules run as
 * one convolution of N·8 filters (im2col once per layer, one GEMM), then bias, ReLU, and the
 * sum over modules as a GEMM with stacked identities. The active modules' parameters, gradients
 * and RMSProp state live gathered in this layout while the pathway trains (a pathway trains for
 * many steps between tournaments), so no per-step gather is timed.
 *
 * @param seed - seed of the Glorot-uniform initial weights (pure-rand xoroshiro128+).
 * @param threads - threads of the kernels instance (its large GEMMs are split over them).
 * @returns `step(x: Float32Array [20 · 84 · 84 · 4] NHWC, y: Int32Array [20] actions in [0, 6))`,
 *   which trains once and returns the mean cross-entropy before the update, in nats.
 */
export async function createDirectAtariStep(
  seed = 1,
  threads = 1,
): Promise<(x: Float32Array, y: Int32Array) => number> {
  const k = await Kernels.create({ threads }).ready();
  const rng = xoroshiro128plus(seed);
  const B = ATARI_BATCH;
  const N = ATARI_ACTIVE;
  const glorot = (size: number, fanIn: number, fanOut: number) => {
    const a = Math.sqrt(6 / (fanIn + fanOut));
    const buf = k.alloc(size);
    const v = buf.view();
    for (let i = 0; i < size; i++) v[i] = (2 * uniformFloat64(rng) - 1) * a;
    return buf;
  };
  /** A trainable parameter with its gradient and RMSProp state. */
  const param = (value: KernelBuffer) => ({
    value,
    grad: k.alloc(value.length),
    state: { meanSquare: k.alloc(value.length), moment: k.alloc(value.length) },
  });
  const stack = (width: number) => {
    // [N·width, width]: N identities stacked; h = z · S sums the N module outputs.
    const s = k.alloc(N * width * width);
    const v = s.view();
    for (let j = 0; j < N; j++) for (let o = 0; o < width; o++) v[(j * width + o) * width + o] = 1;
    return s;
  };
  const x0 = k.alloc(B * FRAME[0] * FRAME[1] * FRAME[2]);
  const convs = CONV.map((c) => {
    const shape: Conv2DShape = {
      batch: B,
      height: c.inSize,
      width: c.inSize,
      inChannels: c.cin,
      outChannels: N * FILTERS,
      kernelHeight: c.k,
      kernelWidth: c.k,
      strideHeight: c.s,
      strideWidth: c.s,
      padding: 'valid',
    };
    const rows = B * c.outSize * c.outSize;
    const patch = c.k * c.k * c.cin;
    return {
      shape,
      rows,
      cols: k.alloc(conv2dColumnsLength(shape)),
      kernel: param(glorot(patch * N * FILTERS, patch, c.k * c.k * FILTERS)),
      bias: param(k.alloc(N * FILTERS)),
      z: k.alloc(rows * N * FILTERS),
      dz: k.alloc(rows * N * FILTERS),
      h: k.alloc(rows * FILTERS),
      dh: k.alloc(rows * FILTERS),
    };
  });
  const sumConv = stack(FILTERS);
  const sumDense = stack(UNITS);
  const wd = param(glorot(DENSE_IN * N * UNITS, DENSE_IN, UNITS));
  const bd = param(k.alloc(N * UNITS));
  const zd = k.alloc(B * N * UNITS);
  const dzd = k.alloc(B * N * UNITS);
  const hd = k.alloc(B * UNITS);
  const dhd = k.alloc(B * UNITS);
  const wr = param(glorot(UNITS * ATARI_ACTIONS, UNITS, ATARI_ACTIONS));
  const br = param(k.alloc(ATARI_ACTIONS));
  const logits = k.alloc(B * ATARI_ACTIONS);
  const params = [...convs.flatMap((c) => [c.kernel, c.bias]), wd, bd, wr, br];

  return (x, y) => {
    x0.set(x);
    // Forward.
    let input = x0;
    for (const c of convs) {
      conv2dColumns(k, c.shape, input, c.cols);
      conv2d(k, c.shape, input, c.kernel.value, c.z, { columns: c.cols });
      k.biasAdd(c.z, c.rows, N * FILTERS, c.bias.value);
      k.reluForward(c.z);
      k.sgemm({ m: c.rows, n: FILTERS, k: N * FILTERS, a: c.z, b: sumConv, c: c.h });
      input = c.h;
    }
    const h3 = convs[2]!.h; // [B, 7, 7, 8] = [B, 392]
    k.sgemm({ m: B, n: N * UNITS, k: DENSE_IN, a: h3, b: wd.value, c: zd });
    k.biasAdd(zd, B, N * UNITS, bd.value);
    k.reluForward(zd);
    k.sgemm({ m: B, n: UNITS, k: N * UNITS, a: zd, b: sumDense, c: hd });
    k.sgemm({ m: B, n: ATARI_ACTIONS, k: UNITS, a: hd, b: wr.value, c: logits });
    // Softmax cross-entropy (mean over the batch); logits become dLoss/dlogits.
    const lv = logits.view();
    let loss = 0;
    for (let b = 0; b < B; b++) {
      const row = lv.subarray(b * ATARI_ACTIONS, (b + 1) * ATARI_ACTIONS);
      const max = Math.max(...row);
      let sum = 0;
      for (let a = 0; a < ATARI_ACTIONS; a++) sum += Math.exp(row[a]! - max);
      const label = y[b]!;
      loss += Math.log(sum) + max - row[label]!;
      for (let a = 0; a < ATARI_ACTIONS; a++) {
        row[a] = (Math.exp(row[a]! - max) / sum - (a === label ? 1 : 0)) / B;
      }
    }
    // Backward.
    k.sgemm({ transA: true, m: UNITS, n: ATARI_ACTIONS, k: B, a: hd, b: logits, c: wr.grad });
    k.columnSum(logits, B, ATARI_ACTIONS, br.grad);
    k.sgemm({ transB: true, m: B, n: UNITS, k: ATARI_ACTIONS, a: logits, b: wr.value, c: dhd });
    // dz = (dh · Sᵀ) ⊙ relu'(z), with relu' read from the ReLU output z.
    k.sgemm({ transB: true, m: B, n: N * UNITS, k: UNITS, a: dhd, b: sumDense, c: dzd });
    k.reluBackward(dzd, zd);
    k.sgemm({ transA: true, m: DENSE_IN, n: N * UNITS, k: B, a: h3, b: dzd, c: wd.grad });
    k.columnSum(dzd, B, N * UNITS, bd.grad);
    k.sgemm({
      transB: true,
      m: B,
      n: DENSE_IN,
      k: N * UNITS,
      a: dzd,
      b: wd.value,
      c: convs[2]!.dh,
    });
    for (let l = convs.length - 1; l >= 0; l--) {
      const c = convs[l]!;
      k.sgemm({
        transB: true,
        m: c.rows,
        n: N * FILTERS,
        k: FILTERS,
        a: c.dh,
        b: sumConv,
        c: c.dz,
      });
      k.reluBackward(c.dz, c.z);
      const below = l === 0 ? x0 : convs[l - 1]!.h;
      conv2dBackpropFilter(k, c.shape, below, c.dz, c.kernel.grad, { columns: c.cols });
      k.columnSum(c.dz, c.rows, N * FILTERS, c.bias.grad);
      if (l > 0) conv2dBackpropInput(k, c.shape, c.dz, c.kernel.value, convs[l - 1]!.dh);
    }
    // Global-norm clipping, then RMSProp.
    let sq = 0;
    for (const p of params) sq += k.squaredNorm(p.grad);
    const norm = Math.sqrt(sq);
    if (norm > CLIP) for (const p of params) k.scale(p.grad, CLIP / norm);
    for (const p of params) k.rmspropUpdate(p.value, p.grad, p.state, RMSPROP);
    return loss / B;
  };
}

/**
 * Runs `benchmarks/python/atari_reference.py` at 1 and 2 threads and keeps the best.
 * The Python comes from `PATHNET_TORCH_PYTHON`, else `/work/main/.reference-venv/bin/python`,
 * else `.reference-venv/bin/python` at the repository root.
 */
export function measureAtariReference(seconds: number): AtariReference {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const script = path.resolve(here, '..', 'python', 'atari_reference.py');
  if (!existsSync(script)) return { skipped: `reference script not found at ${script}` };
  const candidates = [
    process.env.PATHNET_TORCH_PYTHON,
    '/work/main/.reference-venv/bin/python',
    path.resolve(here, '..', '..', '.reference-venv', 'bin', 'python'),
  ].filter((p): p is string => p !== undefined && p !== '');
  const python = candidates.find((p) => existsSync(p));
  if (python === undefined) {
    return {
      skipped: `no PyTorch python at ${candidates.join(' or ')} (set PATHNET_TORCH_PYTHON)`,
    };
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
 * Measures the Atari pathway step (module header) in steps/s on each path: tfjs-wasm
 * (conv gradients from @pathnet/backend's wasm kernels), tfjs-cpu (capped to a few steps:
 * it takes seconds per step), and @pathnet/kernels called directly; then the PyTorch
 * reference at its best thread count. Each rate is the best of several windows, since
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
  const data = frames(5, 4);
  for (const threads of [1, 2]) {
    const direct = await createDirectAtariStep(1, threads);
    const timed = rate(
      (i) => {
        const d = data[i % data.length]!;
        direct(d.x, d.y);
      },
      seconds,
      4,
      10,
    );
    paths.push(rated(`kernels (direct, ${threads} thread${threads > 1 ? 's' : ''})`, timed));
  }
  paths.push(rated('tfjs-wasm', await measureTfjs('wasm', seconds, 4, 5)));
  // The cpu backend's conv gradients are direct loops (over ten seconds per step on a
  // 2-core machine): one timed step, no warm-up.
  paths.push(rated('tfjs-cpu', await measureTfjs('cpu', 0, 1, 0)));
  const reference = measureAtariReference(seconds);
  const ratios = paths.map((p) => ({
    path: p.path,
    vsTorch: 'stepsPerS' in reference ? p.stepsPerS / reference.stepsPerS : null,
  }));
  return { flopsPerStep, paths, reference, ratios };
}
