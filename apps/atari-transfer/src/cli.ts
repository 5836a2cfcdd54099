#!/usr/bin/env node
/**
 * atari-transfer: the Atari transfer experiment of PathNet (Fernando et al.
 * 2017, Sec. 3.3) with PathNet-A3C. Task A, its best pathway frozen, then task
 * B under pathnet, fine-tune and independent for the same frame budget; the
 * speedups over the independent control per ordered pair, their means, a
 * source × target heatmap, learning curves and pathways. MinAtar by default;
 * `--ale` plays real Atari through ale-py.
 */
import { ResumeError } from '@pathnet/experiments';
import { Command, InvalidArgumentError } from 'commander';
import { ALE_GAMES, aleGrid, aleTask, MINATAR_TASKS, minatarGrid } from './options.js';
import {
  checkInteger,
  OptionError,
  parsePairs,
  resumeOptions,
  runTransfer,
  type TransferOptions,
  taskName,
  validateTransfer,
} from './transfer-app.js';

const RESULTS_FORMAT = 'pathnet-ts/atari-transfer-results@1';

const number = (flag: string) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new InvalidArgumentError(`${flag} expects a number, got "${value}"`);
  }
  return n;
};

const program = new Command('atari-transfer')
  .description(
    'PathNet transfer between Atari games (Fernando et al. 2017, Sec. 3.3) with PathNet-A3C: ' +
      'A learned, its best pathway frozen, then B under pathnet / fine-tune / independent; ' +
      'speedup = frames the independent control needs to reach 0.75 of its rise ÷ frames the condition needs.',
  )
  .option(
    '--pairs <list>',
    'SOURCE:TARGET pairs, comma-separated, or all (20 ordered MinAtar pairs)',
    'SpaceInvaders:Breakout',
  )
  .option('--seeds <K>', 'seeds per pair', number('--seeds'), 2)
  .option('--seed <S>', 'first seed (S … S+K−1)', number('--seed'), 1)
  .option('--frames <F>', 'frame budget of every run (all workers)', number('--frames'), 100_000)
  .option('--workers <W>', 'A3C workers per run (the population)', number('--workers'), 16)
  .option('--learning-rate <lr>', 'initial RMSProp learning rate', number('--learning-rate'), 7e-4)
  .option('--entropy-cost <b>', 'entropy cost β', number('--entropy-cost'), 0.01)
  .option(
    '--evaluation-episodes <T>',
    'episodes per fitness evaluation',
    number('--evaluation-episodes'),
    5,
  )
  .option('--tournament-size <B>', 'other workers per tournament', number('--tournament-size'), 5)
  .option('--window <E>', 'episodes each learning-curve point averages', number('--window'), 50)
  .option('--points <P>', 'points per learning curve', number('--points'), 20)
  .option(
    '--fraction <f>',
    "the score level: this fraction of the control's rise",
    number('--fraction'),
    0.75,
  )
  .option('--ale', `real Atari through ale-py (${ALE_GAMES.join(', ')}) on the paper's 84×84 grid`)
  .option('--out <dir>', 'results folder (default results/atari-transfer[-quick|-ale])')
  .option('--quick', 'a smoke run in seconds: one pair, 1 seed, 2000 frames, 4 workers')
  .option(
    '--resume <dir>',
    'continue an interrupted run (its settings are kept; --seeds may raise the count)',
  )
  .option(
    '--threads <K>',
    'jobs at once in worker threads (default: the cores)',
    number('--threads'),
  )
  .option('--backend <name>', 'force a tensor backend (tensorflow, wasm, cpu)')
  .option('--no-progress', 'no progress lines')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

interface Flags {
  pairs: string;
  seeds: number;
  seed: number;
  frames: number;
  workers: number;
  learningRate: number;
  entropyCost: number;
  evaluationEpisodes: number;
  tournamentSize: number;
  window: number;
  points: number;
  fraction: number;
  ale?: boolean;
  out?: string;
  quick?: boolean;
  resume?: string;
  threads?: number;
  backend?: string;
  progress: boolean;
}

function optionsFrom(flags: Flags): TransferOptions {
  const explicit = (name: string) => program.getOptionValueSource(name) === 'cli';
  const quick = flags.quick === true;
  const pick = <K extends keyof Flags>(k: K, q: Flags[K]) => (quick && !explicit(k) ? q : flags[k]);
  const tasks = flags.ale ? ALE_GAMES.map(aleTask) : MINATAR_TASKS;
  const pairsFlag = flags.ale && !explicit('pairs') ? 'Pong:Breakout' : flags.pairs;
  const pairs = parsePairs(pairsFlag, tasks);
  const out =
    flags.out ?? `results/atari-transfer${flags.ale ? '-ale' : ''}${quick ? '-quick' : ''}`;
  return validateTransfer({
    tasks: tasks.filter(
      (t) => pairs.some(([a, b]) => a === t.id || b === t.id) || pairsFlag.trim() === 'all',
    ),
    pairs,
    seeds: pick('seeds', 1),
    seed: flags.seed,
    frames: pick('frames', 2000),
    grid: flags.ale ? aleGrid() : minatarGrid(),
    a3c: {
      workers: pick('workers', 4),
      learningRate: flags.learningRate,
      entropyCoef: flags.entropyCost,
      evaluationEpisodes: pick('evaluationEpisodes', 1),
      tournamentSize: pick('tournamentSize', 2),
    },
    window: pick('window', 10),
    points: pick('points', 5),
    fraction: flags.fraction,
    setting: null,
    out,
  });
}

async function main(): Promise<void> {
  program.parse();
  const flags = program.opts<Flags>();
  if (flags.threads !== undefined) checkInteger('--threads', flags.threads, 1);
  const seeds = program.getOptionValueSource('seeds') === 'cli' ? flags.seeds : undefined;
  const { options, results } = flags.resume
    ? await resumeOptions(flags.resume, RESULTS_FORMAT, seeds)
    : { options: optionsFrom(flags), results: undefined };
  validateTransfer(options);
  await runTransfer(
    {
      app: 'atari-transfer',
      format: RESULTS_FORMAT,
      progress: flags.progress,
      ...(flags.threads !== undefined && { threads: flags.threads }),
      ...(flags.backend !== undefined && { backend: flags.backend }),
      describe: (o) =>
        `PathNet transfer on ${o.tasks[0]?.id.startsWith('ale/') ? 'Atari (ALE, 84×84)' : 'MinAtar (10×10, channels padded to 10, 6 actions)'} — ` +
        `${o.pairs.map(([a, b]) => `${taskName(a)}→${taskName(b)}`).join(', ')}; ${o.seeds} seed(s), ${o.frames} frames per run, ` +
        `${o.a3c.workers} workers, T=${o.a3c.evaluationEpisodes}, B=${o.a3c.tournamentSize}, lr ${o.a3c.learningRate}, β ${o.a3c.entropyCoef}; ` +
        `grid L=${o.grid.layers.length} M=${o.grid.modulesPerLayer} N=${o.grid.maxActivePerLayer}`,
    },
    options,
    results,
  );
}

main().catch((error: unknown) => {
  console.error(`atari-transfer: ${error instanceof Error ? error.message : String(error)}`);
  const badInput = error instanceof OptionError || error instanceof ResumeError;
  if (!badInput && error instanceof Error && error.stack) console.error(error.stack);
  process.exit(badInput ? 2 : 1);
});
