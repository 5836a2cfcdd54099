/**
 * How long the transfer experiments' independent control needs to learn a
 * task: PathNet-A3C from scratch on one task (exactly the control job of
 * `@pathnet/experiments`' RL transfer protocol, `runRLTransfer` with no
 * source) with the settings of `apps/atari-transfer` (MinAtar) or
 * `apps/labyrinth-transfer` (mazes), beside a uniform-random agent
 * (`randomAgentReturn`). The control counts as learned when its final curve
 * point is above its first point with data and above the random agent's upper 95% bound, the
 * apps' rule. Use it to choose a frame budget before running a transfer matrix.
 * `node benchmarks/dist/a3c-control.js --help` lists the flags.
 */
import { MINATAR_CHANNELS, minatarGrid } from '@pathnet/atari-transfer/options';
import { presets } from '@pathnet/core';
import { type EnvSpec, randomAgentReturn, runRLTransfer, scoreLevel } from '@pathnet/experiments';
import { Command } from 'commander';
import { parseWithWrite } from './flags.js';
import { describeMachine } from './machine.js';
import { writeJsonAtomic } from './write-json.js';

const program = new Command('a3c-control')
  .description("learning curves of the transfer apps' independent control beside a random agent")
  .option(
    '--tasks <list>',
    'task ids: minatar/<Game>-v0 or lab/<Level>-v0',
    'minatar/Breakout-v0,minatar/Asterix-v0,minatar/Freeway-v0,minatar/Seaquest-v0,minatar/SpaceInvaders-v0',
  )
  .option('--frames <n>', 'frame budget of each run', (v) => Number(v), 1_000_000)
  .option('--points <n>', 'learning-curve points', (v) => Number(v), 10)
  .option('--size <px>', 'maze frame side', (v) => Number(v), 42)
  .option('--seed <n>', 'seed', (v) => Number(v), 1)
  .option('--random-episodes <n>', 'episodes of the random agent', (v) => Number(v), 100);
const o = parseWithWrite<{
  tasks: string;
  frames: number;
  points: number;
  size: number;
  seed: number;
  randomEpisodes: number;
}>(program);

/** Each app's defaults: 16 workers, lr 7e-4, β 0.01; MinAtar T=5, window 50; mazes T=3, duplication 0.05, window 20. */
function setup(id: string) {
  const a3c = { workers: 16, learningRate: 7e-4, entropyCoef: 0.01, tournamentSize: 5 };
  if (id.startsWith('minatar/')) {
    const spec: EnvSpec = { id, channels: MINATAR_CHANNELS };
    return { spec, grid: minatarGrid(), a3c: { ...a3c, evaluationEpisodes: 5 }, window: 50 };
  }
  if (id.startsWith('lab/')) {
    const spec: EnvSpec = { id, options: { size: o.size } };
    const grid = presets.labyrinth({ inputShape: [o.size, o.size, 3] });
    return {
      spec,
      grid,
      a3c: { ...a3c, evaluationEpisodes: 3, duplicationRate: 0.05 },
      window: 20,
    };
  }
  throw new Error(`--tasks: ${id} is neither a minatar/ nor a lab/ task`);
}

const m = describeMachine();
console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.platform}, ${m.runtime}`);
console.log(
  `independent control (PathNet-A3C from scratch, 16 workers, lr 0.0007 annealed over ${o.frames} frames), seed ${o.seed}; random agent: ${o.randomEpisodes} episodes of uniform actions`,
);
const rows: unknown[] = [];
for (const id of o.tasks.split(',').map((t) => t.trim())) {
  const s = setup(id);
  const random = randomAgentReturn(s.spec, o.randomEpisodes, o.seed);
  const t0 = performance.now();
  const record = runRLTransfer({
    seed: o.seed,
    source: null,
    targets: [s.spec],
    frames: o.frames,
    grid: s.grid,
    a3c: s.a3c,
    window: s.window,
    points: o.points,
    controls: ['independent'],
  });
  const run = record.runs[0];
  if (run === undefined) throw new Error(`no control run for ${id}`);
  const seconds = (performance.now() - t0) / 1000;
  // The control learned when its curve rose (from its first point with data) above the random agent's interval.
  const learned = scoreLevel(run.curve, 1, random.ci95?.[1] ?? random.mean) !== null;
  console.log(
    `${id}: random ${random.mean.toFixed(2)} [${random.ci95?.map((v) => v.toFixed(2)).join(', ') ?? '-'}]; control ${run.curve.map(([f, v]) => `${(f / 1000).toFixed(0)}k:${v === null ? '—' : v.toFixed(2)}`).join(' ')}; learned: ${learned ? 'yes' : 'no'} (${seconds.toFixed(0)} s, ${(run.frames / seconds).toFixed(0)} frames/s)`,
  );
  rows.push({ id, random, curve: run.curve, learned, seconds });
}
if (o.write) await writeJsonAtomic(o.write, { options: o, machine: m, rows });
