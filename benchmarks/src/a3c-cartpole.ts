/**
 * Frames A3C needs to solve CartPole-v1 (mean return ≥ 475 over the last 100
 * episodes), over several seeds: plain A3C on one fixed pathway and
 * PathNet-A3C (evolved pathways), on the fused engine, one thread.
 * `node benchmarks/dist/a3c-cartpole.js --help` lists the flags.
 */
import { PathNet, type PathNetConfig } from '@pathnet/core';
import { trainA3C } from '@pathnet/rl';
import { Command } from 'commander';
import { writeJsonAtomic } from './write-json.js';

const program = new Command('a3c-cartpole')
  .description('frames to solve CartPole-v1 with A3C (plain and PathNet), several seeds')
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
  .option('--write <file>', 'also write the results as JSON');
program.parse();
const o = program.opts<{
  seeds: number;
  modes: string;
  workers: number;
  maxFrames: number;
  lr: number;
  write?: string;
}>();

/** Two dense layers of 4 modules of 32 units, 2 active per layer. */
const CONFIG: PathNetConfig = {
  inputShape: [4],
  layers: [
    { module: { kind: 'dense', units: 32 }, activation: 'relu', reduction: 'sum' },
    { module: { kind: 'dense', units: 32 }, activation: 'relu', reduction: 'sum' },
  ],
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

const runs: Run[] = [];
const modes = o.modes.split(',').map((m) => m.trim());
console.log(
  `A3C on CartPole-v1, fused engine, 1 thread, ${o.workers} workers, lr ${o.lr} annealed over ${o.maxFrames} frames, solved = mean of the last ${WINDOW} returns ≥ ${SOLVED}`,
);
console.log('mode     seed  frames to solve  wall (s)  frames/s');
for (const mode of modes) {
  for (let seed = 1; seed <= o.seeds; seed++) {
    const r = solve(mode, seed);
    runs.push(r);
    console.log(
      `${mode.padEnd(8)} ${String(seed).padStart(4)}  ${(r.solvedAt === null ? `> ${r.frames}` : String(r.solvedAt)).padStart(15)}  ${r.seconds.toFixed(1).padStart(8)}  ${r.framesPerS.toFixed(0).padStart(8)}`,
    );
  }
}
for (const mode of modes) {
  const mine = runs.filter((r) => r.mode === mode);
  const solved = mine.filter((r) => r.solvedAt !== null);
  // Unsolved runs count as the budget (a lower bound), so the median is one too when they are many.
  const frames = mine.map((r) => r.solvedAt ?? Number.POSITIVE_INFINITY);
  const med = median(frames);
  console.log(
    `${mode}: solved ${solved.length}/${mine.length}, median frames to solve ${Number.isFinite(med) ? med.toFixed(0) : `> ${o.maxFrames}`}, median frames/s ${median(mine.map((r) => r.framesPerS)).toFixed(0)}`,
  );
}
if (o.write) await writeJsonAtomic(o.write, { options: o, runs });
