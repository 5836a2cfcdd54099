/**
 * A3C on CartPole-v1 beside the PyTorch reference
 * (`benchmarks/python/a3c_reference.py`: the same network, loss and
 * hyperparameters, shared model and shared RMSProp), measured in this run:
 * 1. **speed**: environment frames/s of plain A3C over a fixed budget, ours on
 *    K threads beside PyTorch on K processes, back to back, for each K;
 * 2. **frames to solve** (mean return ≥ 475 over the last 100 episodes), over
 *    several seeds: ours plain (one fixed pathway) and PathNet-A3C (evolved
 *    pathways) on 1 thread, PyTorch plain on 1 process, same logical workers.
 * `node benchmarks/dist/a3c-cartpole.js --help` lists the flags.
 */
import { type LayerConfig, PathNet, type PathNetConfig } from '@pathnet/core';
import { kernelsVariant } from '@pathnet/kernels';
import { trainA3C, trainA3CThreads } from '@pathnet/rl';
import { Command } from 'commander';
import { parseWithWrite } from './flags.js';
import { describeMachine, loadAverage } from './machine.js';
import { type A3CReferenceRun, REPO_ROOT, referencePython, runA3CReference } from './reference.js';
import { writeJsonAtomic } from './write-json.js';

const program = new Command('a3c-cartpole')
  .description(
    'A3C on CartPole-v1 beside PyTorch: frames/s, and frames to solve over several seeds',
  )
  .option('--seeds <k>', 'seeds 1..k', (v) => Number(v), 5)
  .option('--modes <list>', 'plain and/or pathnet', 'plain,pathnet')
  .option('--workers <n>', 'logical workers', (v) => Number(v), 8)
  .option(
    '--max-frames <n>',
    'frame budget per run (the learning rate anneals over it)',
    (v) => Number(v),
    3_000_000,
  )
  .option('--lr <x>', 'initial learning rate', (v) => Number(v), 1e-3)
  .option(
    '--speed-frames <n>',
    'frames of each speed run (0: no speed runs)',
    (v) => Number(v),
    100_000,
  )
  .option('--threads <list>', 'thread (and PyTorch process) counts of the speed runs', '1,2')
  .option('--no-solve', 'skip the frames-to-solve runs')
  .option('--no-reference', 'skip the PyTorch reference');
const o = parseWithWrite<{
  seeds: number;
  modes: string;
  workers: number;
  maxFrames: number;
  lr: number;
  speedFrames: number;
  threads: string;
  solve: boolean;
  reference: boolean;
}>(program);

/** Two dense layers of 4 modules of 32 units, 2 active per layer. */
const dense32: LayerConfig = {
  module: { kind: 'dense', units: 32 },
  activation: 'relu',
  reduction: 'sum',
};
const CONFIG: PathNetConfig = {
  inputShape: [4],
  layers: [dense32, dense32],
  modulesPerLayer: 4,
  maxActivePerLayer: 2,
};
const SOLVED = 475;
const WINDOW = 100;

interface Run {
  mode: string;
  seed: number;
  /** Frames when the mean of the last 100 returns first reached 475, or null. */
  solvedAt: number | null;
  frames: number;
  seconds: number;
  framesPerS: number;
}

function solve(mode: string, seed: number): Run {
  const net = PathNet.create(CONFIG, { seed, engine: 'fused' });
  const returns: number[] = [];
  let sum = 0;
  let solvedAt: number | null = null;
  const t0 = performance.now();
  const result = trainA3C({
    env: 'CartPole-v1',
    net,
    args: {
      seed,
      workers: o.workers,
      evolve: mode === 'pathnet',
      totalFrames: o.maxFrames,
      learningRate: o.lr,
      tournamentSize: Math.min(5, o.workers - 1),
    },
    shouldStop: (r) => {
      if (r.episode === null) return false;
      returns.push(r.episode.return);
      sum += r.episode.return;
      if (returns.length > WINDOW) sum -= returns[returns.length - WINDOW - 1] as number;
      if (returns.length >= WINDOW && sum / WINDOW >= SOLVED) solvedAt = r.frame;
      return solvedAt !== null;
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  return {
    mode,
    seed,
    solvedAt,
    frames: result.frames,
    seconds,
    framesPerS: result.frames / seconds,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Our plain-A3C frames/s over `frames` on `threads` threads, thread start-up included. */
async function oursSpeed(threads: number, frames: number): Promise<number> {
  const net = PathNet.create(CONFIG, { seed: 1, engine: 'fused' });
  const t0 = performance.now();
  const result = await trainA3CThreads({
    env: 'CartPole-v1',
    net,
    args: { seed: 1, workers: o.workers, evolve: false, totalFrames: frames, learningRate: o.lr },
    threads,
  });
  return result.frames / ((performance.now() - t0) / 1000);
}

const m = describeMachine();
const python = o.reference ? referencePython(REPO_ROOT, false) : { skipped: '--no-reference' };
const skipped = typeof python === 'string' ? null : python.skipped;
console.log(
  `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, ${m.runtime}; load average ${loadAverage()}`,
);
console.log(
  `ours: @pathnet/rl fused engine (@pathnet/kernels ${kernelsVariant()}); PyTorch: ${skipped ?? python}`,
);
const speed: unknown[] = [];
if (o.speedFrames > 0) {
  console.log(
    `\nspeed: plain A3C on CartPole-v1, ${o.workers} workers, ${o.speedFrames} frames per run, lr ${o.lr}, t_max 20, seed 1`,
  );
  console.log('threads  ours frames/s  PyTorch frames/s   ratio  load average after');
  for (const threads of o.threads.split(',').map(Number)) {
    const mine = await oursSpeed(threads, o.speedFrames);
    const ref =
      typeof python === 'string'
        ? runA3CReference(REPO_ROOT, python, {
            env: 'cartpole',
            noSolve: true,
            seeds: 1,
            workers: o.workers,
            processes: threads,
            maxFrames: o.speedFrames,
            lr: o.lr,
          })
        : { skipped: python.skipped };
    const theirs = 'skipped' in ref ? null : (ref[0] as A3CReferenceRun).frames_per_s;
    console.log(
      `${String(threads).padStart(7)}  ${mine.toFixed(0).padStart(13)}  ${(theirs === null ? ('skipped' in ref ? ref.skipped : '') : theirs.toFixed(0)).padStart(16)}  ${(theirs === null ? '-' : `${(mine / theirs).toFixed(2)}×`).padStart(6)}  ${loadAverage()}`,
    );
    speed.push({ threads, ours: mine, pytorch: theirs });
  }
}

const runs: Run[] = [];
if (o.solve) {
  const modes = o.modes.split(',').map((x) => x.trim());
  console.log(
    `\nframes to solve: ours on 1 thread, PyTorch on 1 process; ${o.workers} workers, lr ${o.lr} annealed over ${o.maxFrames} frames, solved = mean of the last ${WINDOW} returns ≥ ${SOLVED}`,
  );
  console.log('mode     seed  frames to solve  wall (s)  frames/s');
  const row = (r: Run) =>
    console.log(
      `${r.mode.padEnd(8)} ${String(r.seed).padStart(4)}  ${(r.solvedAt === null ? `> ${r.frames}` : String(r.solvedAt)).padStart(15)}  ${r.seconds.toFixed(1).padStart(8)}  ${r.framesPerS.toFixed(0).padStart(8)}`,
    );
  for (const mode of modes) {
    for (let seed = 1; seed <= o.seeds; seed++) {
      runs.push(solve(mode, seed));
      row(runs.at(-1) as Run);
    }
  }
  if (typeof python === 'string') {
    const ref = runA3CReference(REPO_ROOT, python, {
      env: 'cartpole',
      noSolve: false,
      seeds: o.seeds,
      workers: o.workers,
      processes: 1,
      maxFrames: o.maxFrames,
      lr: o.lr,
    });
    if ('skipped' in ref) console.log(`pytorch: ${ref.skipped}`);
    else {
      for (const r of ref) {
        runs.push({
          mode: 'pytorch',
          seed: r.seed,
          solvedAt: r.solved_at,
          frames: r.frames,
          seconds: r.seconds,
          framesPerS: r.frames_per_s,
        });
        row(runs.at(-1) as Run);
      }
    }
  }
  const medians = new Map<string, number>();
  for (const mode of [...modes, 'pytorch']) {
    const mine = runs.filter((r) => r.mode === mode);
    if (mine.length === 0) continue;
    const solved = mine.filter((r) => r.solvedAt !== null);
    // Unsolved runs count as +∞ (a lower bound: the budget), so the median is one too when they are many.
    const med = median(mine.map((r) => r.solvedAt ?? Number.POSITIVE_INFINITY));
    medians.set(mode, med);
    console.log(
      `${mode}: solved ${solved.length}/${mine.length}, median frames to solve ${Number.isFinite(med) ? med.toFixed(0) : `> ${o.maxFrames}`}, median frames/s ${median(mine.map((r) => r.framesPerS)).toFixed(0)}`,
    );
  }
  const theirs = medians.get('pytorch');
  for (const mode of modes) {
    const mine = medians.get(mode) as number;
    if (theirs === undefined || !Number.isFinite(mine)) continue;
    const ratio = Number.isFinite(theirs)
      ? (theirs / mine).toFixed(2)
      : `> ${(o.maxFrames / mine).toFixed(2)}`;
    console.log(`median frames to solve, PyTorch ÷ ours ${mode}: ${ratio}`);
  }
}
if (o.write) await writeJsonAtomic(o.write, { options: o, machine: m, speed, runs });
