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

import { readFileSync } from 'node:fs';
import { MINATAR_CHANNELS, minatarGrid } from '@pathnet/atari-transfer/options';
import { presets } from '@pathnet/core';
import {
  type EnvSpec,
  meanCI,
  randomAgentReturn,
  randomUpper,
  runRLTransfer,
  scoreLevel,
  taskName,
} from '@pathnet/experiments';
import { mazeSpec } from '@pathnet/labyrinth-transfer/mazes';
import { renderLearningCurves, svgToPng } from '@pathnet/viz';
import { Command } from 'commander';
import { parseWithWrite } from './flags.js';
import { describeMachine } from './machine.js';
import { writeFileAtomic, writeJsonAtomic } from './write-json.js';

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
  .option(
    '--frame-skip <k>',
    'maze frames each action is repeated for (counted as frames)',
    (v) => Number(v),
    1,
  )
  .option('--workers <n>', 'A3C workers', (v) => Number(v), 16)
  .option('--learning-rate <lr>', 'initial learning rate (annealed to 0)', (v) => Number(v), 7e-4)
  .option(
    '--controls <list>',
    'independent (PathNet-A3C) and/or plain-a3c (one fixed pathway)',
    'independent',
  )
  .option('--seed <n>', 'seed', (v) => Number(v), 1)
  .option('--random-episodes <n>', 'episodes of the random agent', (v) => Number(v), 100)
  .option(
    '--pictures <prefix>',
    "also draw each task's curves beside the random agent: <prefix><Task>.png",
  )
  .option(
    '--redraw <files...>',
    'run nothing: draw the pictures of files --write wrote, each with its own settings ' +
      '(beside the file, <file without .json>-<Task>.png, unless --pictures names a prefix)',
  );
type Opts = {
  tasks: string;
  frames: number;
  points: number;
  size: number;
  frameSkip: number;
  workers: number;
  learningRate: number;
  controls: string;
  pictures?: string;
  redraw?: string[];
  seed: number;
  randomEpisodes: number;
};
const o = parseWithWrite<Opts>(program);

/** Each app's defaults (workers and learning rate from the flags): β 0.01, B 5 (at most workers − 1); MinAtar T=5, window 50; mazes T=3, duplication 0.05, window 20. */
function setup(id: string) {
  const a3c = {
    workers: o.workers,
    learningRate: o.learningRate,
    entropyCoef: 0.01,
    tournamentSize: Math.min(5, o.workers - 1),
  };
  if (id.startsWith('minatar/')) {
    const spec: EnvSpec = { id, channels: MINATAR_CHANNELS };
    return { spec, grid: minatarGrid(), a3c: { ...a3c, evaluationEpisodes: 5 }, window: 50 };
  }
  if (id.startsWith('lab/')) {
    const spec = mazeSpec(id, o.size, o.frameSkip);
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

/**
 * One task's control curves (points with data) beside a dashed line at the level the apps' rule
 * must pass to call a control learned: the random agent's upper 95% bound.
 */
async function drawCurves(
  id: string,
  runs: readonly { condition: string; curve: readonly (readonly [number, number | null])[] }[],
  random: number,
  settings: Opts,
  file: string,
): Promise<void> {
  const [unit, per] = settings.frames >= 1e6 ? ['millions', 1e6] : ['thousands', 1e3];
  const series = runs.map((r) => ({
    label: r.condition,
    points: r.curve
      .filter((q): q is [number, number] => q[1] !== null)
      .map(([f, v]) => [f / per, v] as const),
  }));
  const values = [random, ...series.flatMap((x) => x.points.map(([, v]) => v))];
  const svg = renderLearningCurves({
    title: `${taskName(id)}${id.startsWith('lab/') ? `, skip ${settings.frameSkip}` : ''}, ${settings.workers} workers, lr ${settings.learningRate}`,
    xLabel: `frames (${unit})`,
    yLabel: 'mean return of the last episodes',
    yDomain: [Math.min(0, ...values), Math.max(1e-6, ...values)],
    threshold: { value: random, label: `${random.toFixed(2)} (random agent, upper 95%)` },
    width: 860,
    series: series.filter((x) => x.points.length > 0),
  });
  await writeFileAtomic(file, svgToPng(svg));
}

/** A row of the file `--write` writes. */
interface Row {
  id: string;
  condition: string;
  random: { mean: number; ci95: [number, number] | null };
  curve: [number, number | null][];
  learned: boolean;
}

/** `0.21 [0.05, 0.37]`. */
const withCI = (m: { mean: number; ci95: readonly [number, number] | null }) =>
  `${m.mean.toFixed(2)}${m.ci95 ? ` [${m.ci95.map((v) => v.toFixed(2)).join(', ')}]` : ''}`;

/** The settings of a written run in a few words (frame side and skip only where it has mazes). */
function settingText(s: Opts): string {
  const mazes = s.tasks.split(',').some((t) => t.trim().startsWith('lab/'));
  const maze = mazes ? `, ${s.size}×${s.size}, skip ${s.frameSkip}` : '';
  return `${framesText(s.frames)} frames${maze}, ${s.workers} workers, lr ${s.learningRate}`;
}

/** 2000000 → `2M`, 1500 → `1.5k`, 600 → `600`. */
function framesText(f: number): string {
  if (f >= 1e6) return `${Number((f / 1e6).toPrecision(3))}M`;
  if (f >= 1e3) return `${Number((f / 1e3).toPrecision(3))}k`;
  return String(f);
}

/**
 * The last quarter of a curve's points with data (`values`), as a mean with its 95% t-interval
 * over those points (each the mean of its own window of episodes): less noisy than the last point.
 */
function lateLevel(values: readonly number[]) {
  return meanCI(values.slice(-Math.max(1, Math.round(values.length / 4))));
}

if (o.redraw !== undefined) {
  console.log(
    '| settings | task | control | random agent [95%] | last quarter of the curve [95%] | best point | ' +
      "learned (the apps' rule) | above the random agent (intervals apart) |",
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const file of o.redraw) {
    const written = JSON.parse(readFileSync(file, 'utf8')) as { options: Opts; rows: Row[] };
    for (const r of written.rows) {
      const values = r.curve.map(([, v]) => v).filter((v): v is number => v !== null);
      const late = lateLevel(values);
      const apart = late.ci95 !== null && late.ci95[0] > randomUpper(r.random);
      console.log(
        `| ${settingText(written.options)} | ${taskName(r.id)} | ${r.condition} | ${withCI(r.random)} | ` +
          `${withCI(late)} | ${Math.max(...values).toFixed(2)} | ${r.learned ? 'yes' : 'no'} | ${apart ? 'yes' : 'no'} |`,
      );
    }
    const prefix = o.pictures ?? `${file.replace(/\.json$/, '')}-`;
    for (const id of new Set(written.rows.map((r) => r.id))) {
      const rows = written.rows.filter((r) => r.id === id);
      const png = `${prefix}${taskName(id)}.png`;
      await drawCurves(id, rows, randomUpper((rows[0] as Row).random), written.options, png);
      console.error(`drew ${png}`);
    }
  }
  process.exit(0);
}

const controls = o.controls.split(',').map((c) => c.trim());
for (const c of controls) {
  if (c !== 'independent' && c !== 'plain-a3c')
    throw new Error(`--controls: ${c} is neither independent nor plain-a3c`);
}
const m = describeMachine();
console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.platform}, ${m.runtime}`);
console.log(
  `${controls.join(' and ')} from scratch, ${o.workers} workers, lr ${o.learningRate} annealed over ${o.frames} frames` +
    `${o.frameSkip > 1 ? `, mazes' actions repeated ${o.frameSkip} frames` : ''}, seed ${o.seed}; ` +
    `random agent: ${o.randomEpisodes} episodes of uniform actions`,
);
const rows: unknown[] = [];
// The run's settings, without where its files went.
const { write, pictures, redraw, ...settings } = o;
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
    controls: controls as ('independent' | 'plain-a3c')[],
  });
  const seconds = (performance.now() - t0) / 1000;
  const level = randomUpper(random);
  for (const run of record.runs) {
    // The control learned when its curve rose (from its first point with data) above the random agent's interval.
    const learned = scoreLevel(run.curve, 1, level) !== null;
    console.log(
      `${id} ${run.condition}: random ${random.mean.toFixed(2)} [${random.ci95?.map((v) => v.toFixed(2)).join(', ') ?? '-'}]; ` +
        `curve ${run.curve.map(([f, v]) => `${framesText(f)}:${v === null ? '—' : v.toFixed(2)}`).join(' ')}; ` +
        `learned: ${learned ? 'yes' : 'no'} (${run.framesPerSecond.toFixed(0)} frames/s)`,
    );
    rows.push({
      id,
      condition: run.condition,
      random,
      curve: run.curve,
      learned,
      episodes: run.episodes,
    });
  }
  console.log(`${id}: ${seconds.toFixed(1)} s`);
  if (o.pictures) {
    const png = `${o.pictures}${taskName(id)}.png`;
    await drawCurves(id, record.runs, level, o, png);
    console.log(`drew ${png}`);
  }
  // Written after every task, so that a run cut short keeps the tasks it finished.
  if (write) await writeJsonAtomic(write, { options: settings, machine: m, rows });
}
