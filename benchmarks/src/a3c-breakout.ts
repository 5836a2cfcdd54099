/**
 * PathNet-A3C on MinAtar Breakout for a fixed frame budget, on 1 and on 2
 * threads (64 logical workers by default, the paper's count), beside a
 * uniformly random agent; draws the learning curves (SVG + PNG).
 * `node benchmarks/dist/a3c-breakout.js --help` lists the flags.
 */
import { fileURLToPath } from 'node:url';
import { type LayerConfig, PathNet, type PathNetConfig } from '@pathnet/core';
import { EnvRng, makeEnv } from '@pathnet/envs';
import { type A3CResult, type EpisodeRecord, trainA3C, trainA3CThreads } from '@pathnet/rl';
import { type CurveSeries, renderLearningCurves, writePicture } from '@pathnet/viz';
import { type A3CRunFlags, a3cRunCommand, parseWithWrite } from './flags.js';
import { writeJsonAtomic } from './write-json.js';

const ENV = 'minatar/Breakout-v1';
const program = a3cRunCommand(
  'a3c-breakout',
  'PathNet-A3C learning curves on MinAtar Breakout, 1 and 2 threads, beside a random agent',
  {
    frames: 2_000_000,
    workers: 64,
    threadsHelp: 'thread counts to run',
    workersHelp: 'logical workers (the paper: 64)',
  },
)
  .option('--random-episodes <n>', 'episodes of the random agent', (v) => Number(v), 1000)
  .option(
    '--out <stem>',
    'the picture, without extension (default: the package README picture)',
    fileURLToPath(new URL('../../packages/rl/docs/breakout-curve', import.meta.url)),
  );
const o = parseWithWrite<A3CRunFlags & { randomEpisodes: number; out: string }>(program);

/**
 * The paper's Atari grid shape scaled to MinAtar's 10×10×4 input: L = 3, M = 10, N = 4;
 * two conv layers of 8 filters, kernel 3, stride 1 (10 → 8 → 6), then dense 50.
 */
const conv8x3: LayerConfig = {
  module: { kind: 'conv2d', filters: 8, kernelSize: 3, strides: 1 },
  activation: 'relu',
  reduction: 'sum',
};
const CONFIG: PathNetConfig = {
  inputShape: [10, 10, 4],
  layers: [
    conv8x3,
    conv8x3,
    { module: { kind: 'dense', units: 50 }, activation: 'relu', reduction: 'sum' },
  ],
  modulesPerLayer: 10,
  maxActivePerLayer: 4,
};
const WINDOW = 100;

/** Mean return of a uniformly random agent over `episodes` episodes. */
function randomAgent(episodes: number): number {
  const env = makeEnv(ENV);
  const rng = new EnvRng(o.seed);
  const n = env.actionSpace.kind === 'discrete' ? env.actionSpace.n : 1;
  let total = 0;
  for (let e = 0; e < episodes; e++) {
    env.reset({ seed: o.seed + e });
    for (;;) {
      const r = env.step(rng.int(n));
      total += r.reward;
      if (r.terminated || r.truncated) break;
    }
  }
  env.close();
  return total / episodes;
}

/** `[frame, mean of the last 100 returns]`, about 200 points over the run. */
function curve(episodes: readonly EpisodeRecord[]): [number, number][] {
  const points: [number, number][] = [];
  const step = o.frames / 200;
  let next = step;
  let sum = 0;
  episodes.forEach((e, i) => {
    sum += e.return;
    if (i >= WINDOW) sum -= (episodes[i - WINDOW] as EpisodeRecord).return;
    if (e.frame >= next && i + 1 >= WINDOW) {
      points.push([e.frame, sum / WINDOW]);
      while (next <= e.frame) next += step;
    }
  });
  return points;
}

async function run(threads: number): Promise<{ result: A3CResult; seconds: number }> {
  const net = PathNet.create(CONFIG, { seed: o.seed, engine: 'fused' });
  const args = { seed: o.seed, workers: o.workers, totalFrames: o.frames, learningRate: o.lr };
  const t0 = performance.now();
  let next = 0;
  const progress = (frame: number) => {
    if (frame < next) return;
    next += o.frames / 10;
    const s = (performance.now() - t0) / 1000;
    process.stderr.write(`  ${threads} thread(s): ${frame} frames, ${s.toFixed(0)} s\n`);
  };
  const result =
    threads === 1
      ? trainA3C({ env: ENV, net, args, onIteration: (r) => progress(r.frame) })
      : await trainA3CThreads({
          env: ENV,
          net,
          args,
          threads,
          onEpisode: (e) => progress(e.frame),
        });
  return { result, seconds: (performance.now() - t0) / 1000 };
}

const random = randomAgent(o.randomEpisodes);
console.log(
  `PathNet-A3C on ${ENV}: L=3 M=10 N=4 (conv 8·3×3, conv 8·3×3, dense 50), ${o.workers} workers, ${o.frames} frames, lr ${o.lr} annealed, seed ${o.seed}`,
);
console.log(`random agent: mean return ${random.toFixed(3)} over ${o.randomEpisodes} episodes`);
console.log(
  'threads  frames    wall (s)  frames/s  episodes  tournaments  copies  final mean return (last 100)',
);
const series: CurveSeries[] = [];
const rows: unknown[] = [];
for (const threads of o.threads.split(',').map(Number)) {
  const { result, seconds } = await run(threads);
  const points = curve(result.episodes);
  const last = points.at(-1)?.[1] ?? Number.NaN;
  console.log(
    `${String(threads).padStart(7)}  ${String(result.frames).padStart(8)}  ${seconds.toFixed(1).padStart(8)}  ${(result.frames / seconds).toFixed(0).padStart(8)}  ${String(result.episodes.length).padStart(8)}  ${String(result.tournaments).padStart(11)}  ${String(result.copies).padStart(6)}  ${last.toFixed(2)}`,
  );
  series.push({ label: `PathNet-A3C, ${threads} thread${threads > 1 ? 's' : ''}`, points });
  rows.push({
    threads,
    seconds,
    frames: result.frames,
    episodes: result.episodes.length,
    tournaments: result.tournaments,
    copies: result.copies,
    points,
  });
}
series.push({
  label: 'random agent',
  points: [
    [0, random],
    [o.frames, random],
  ],
});
const top = Math.max(1, ...series.flatMap((s) => ('points' in s ? s.points.map((p) => p[1]) : [])));
const svg = renderLearningCurves({
  series,
  title: `PathNet-A3C on MinAtar Breakout (${o.workers} workers)`,
  xLabel: 'frames',
  yLabel: `return (mean of the last ${WINDOW} episodes)`,
  yDomain: [0, Math.ceil(top * 1.1)],
  xDomain: [0, o.frames],
});
const { pngPath } = await writePicture(o.out, svg);
console.log(`curve: ${pngPath}`);
if (o.write) await writeJsonAtomic(o.write, { options: o, random, runs: rows });
