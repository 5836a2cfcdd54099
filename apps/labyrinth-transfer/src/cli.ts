#!/usr/bin/env node
/**
 * labyrinth-transfer: the Labyrinth transfer experiment of PathNet (Fernando
 * et al. 2017, Sec. 3.4) on the three first-person maze tasks of
 * `@pathnet/envs` (after `seekavoid_arena_01`, `lt_chasm`,
 * `stairway_to_melon`), with module duplication in the PathNet-A3C
 * tournament (`--no-duplication`: the ablation). The same protocol, speedup,
 * matrix and pictures as atari-transfer.
 */
import {
  checkInteger,
  OptionError,
  parsePairs,
  resumeOptions,
  runTransfer,
  type TransferOptions,
  taskName,
  validateTransfer,
} from '@pathnet/atari-transfer/transfer-app';
import { presets } from '@pathnet/core';
import { DEFAULT_DUPLICATION_RATE } from '@pathnet/evolution';
import { ResumeError } from '@pathnet/experiments';
import { Command, InvalidArgumentError } from 'commander';

const RESULTS_FORMAT = 'pathnet-ts/labyrinth-transfer-results@1';
/** The three maze tasks, in matrix order. */
const MAZES = ['lab/SeekavoidArena01-v0', 'lab/LtChasm-v0', 'lab/StairwayToMelon-v0'];

const number = (flag: string) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new InvalidArgumentError(`${flag} expects a number, got "${value}"`);
  }
  return n;
};

const program = new Command('labyrinth-transfer')
  .description(
    'PathNet transfer between first-person maze tasks (Fernando et al. 2017, Sec. 3.4) with PathNet-A3C and ' +
      'module duplication: A learned, its best pathway frozen, then B under pathnet / fine-tune / independent; ' +
      'speedup = frames the independent control needs to reach 0.75 of its rise ÷ frames the condition needs.',
  )
  .option(
    '--pairs <list>',
    `SOURCE:TARGET pairs of ${MAZES.map(taskName).join(', ')}, or all (6)`,
    'all',
  )
  .option('--seeds <K>', 'seeds per pair', number('--seeds'), 3)
  .option('--seed <S>', 'first seed (S … S+K−1)', number('--seed'), 1)
  .option('--frames <F>', 'frame budget of every run (all workers)', number('--frames'), 100_000)
  .option(
    '--size <px>',
    'frame side: 84 (the paper) or smaller, e.g. 42, for cheap runs',
    number('--size'),
    84,
  )
  .option('--workers <W>', 'A3C workers per run (the population)', number('--workers'), 16)
  .option('--learning-rate <lr>', 'initial RMSProp learning rate', number('--learning-rate'), 7e-4)
  .option('--entropy-cost <b>', 'entropy cost β', number('--entropy-cost'), 0.01)
  .option(
    '--evaluation-episodes <T>',
    'episodes per fitness evaluation',
    number('--evaluation-episodes'),
    3,
  )
  .option('--tournament-size <B>', 'other workers per tournament', number('--tournament-size'), 5)
  .option(
    '--duplication-rate <p>',
    'probability per pathway evaluation of a module duplication',
    number('--duplication-rate'),
    DEFAULT_DUPLICATION_RATE,
  )
  .option('--no-duplication', 'the ablation: no module duplication')
  .option('--window <E>', 'episodes each learning-curve point averages', number('--window'), 20)
  .option('--points <P>', 'points per learning curve', number('--points'), 20)
  .option(
    '--fraction <f>',
    "the score level: this fraction of the control's rise",
    number('--fraction'),
    0.75,
  )
  .option(
    '--out <dir>',
    'results folder (default results/labyrinth-transfer[-no-duplication][-quick])',
  )
  .option(
    '--quick',
    'a smoke run in seconds: every pair, 1 seed, 42×42 frames, 1000 frames, 4 workers',
  )
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
  size: number;
  workers: number;
  learningRate: number;
  entropyCost: number;
  evaluationEpisodes: number;
  tournamentSize: number;
  duplicationRate: number;
  duplication: boolean;
  window: number;
  points: number;
  fraction: number;
  out?: string;
  quick?: boolean;
  resume?: string;
  threads?: number;
  backend?: string;
  progress: boolean;
}

/** The shared checks, and a frame the Labyrinth grid's convolutions fit (8/4 → 4/2 → 3/1 need ≥ 36 pixels). */
function validate(o: TransferOptions): TransferOptions {
  checkInteger('--size', o.grid.inputShape[0] as number, 36, 1024);
  return validateTransfer(o);
}

function optionsFrom(flags: Flags): TransferOptions {
  const explicit = (name: string) => program.getOptionValueSource(name) === 'cli';
  const quick = flags.quick === true;
  const pick = <K extends keyof Flags>(k: K, q: Flags[K]) => (quick && !explicit(k) ? q : flags[k]);
  const size = pick('size', 42);
  checkInteger('--size', size, 36, 1024);
  const tasks = MAZES.map((id) => ({ id, options: { size } }));
  const pairs = parsePairs(flags.pairs, tasks);
  const setting = flags.duplication ? 'duplication' : 'no-duplication';
  const out =
    flags.out ??
    `results/labyrinth-transfer${flags.duplication ? '' : '-no-duplication'}${quick ? '-quick' : ''}`;
  return validate({
    tasks: tasks.filter((t) => pairs.some(([a, b]) => a === t.id || b === t.id)),
    pairs,
    seeds: pick('seeds', 1),
    seed: flags.seed,
    frames: pick('frames', 1000),
    grid: presets.labyrinth({ inputShape: [size, size, 3] }),
    a3c: {
      workers: pick('workers', 4),
      learningRate: flags.learningRate,
      entropyCoef: flags.entropyCost,
      evaluationEpisodes: pick('evaluationEpisodes', 1),
      tournamentSize: pick('tournamentSize', 2),
      duplicationRate: flags.duplication ? flags.duplicationRate : 0,
    },
    window: pick('window', 5),
    points: pick('points', 5),
    fraction: flags.fraction,
    setting,
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
  validate(options);
  await runTransfer(
    {
      app: 'labyrinth-transfer',
      format: RESULTS_FORMAT,
      progress: flags.progress,
      ...(flags.threads !== undefined && { threads: flags.threads }),
      ...(flags.backend !== undefined && { backend: flags.backend }),
      describe: (o) =>
        `PathNet transfer between first-person mazes (${o.grid.inputShape[0]}×${o.grid.inputShape[1]} RGB), ` +
        `module duplication ${o.a3c.duplicationRate ? `rate ${o.a3c.duplicationRate}` : 'off'} — ` +
        `${o.pairs.map(([a, b]) => `${taskName(a)}→${taskName(b)}`).join(', ')}; ${o.seeds} seed(s), ${o.frames} frames per run, ` +
        `${o.a3c.workers} workers, T=${o.a3c.evaluationEpisodes}, B=${o.a3c.tournamentSize}, lr ${o.a3c.learningRate}, β ${o.a3c.entropyCoef}; ` +
        `grid L=${o.grid.layers.length} M=${o.grid.modulesPerLayer} N=${o.grid.maxActivePerLayer}`,
    },
    options,
    results,
  );
}

main().catch((error: unknown) => {
  console.error(`labyrinth-transfer: ${error instanceof Error ? error.message : String(error)}`);
  const badInput = error instanceof OptionError || error instanceof ResumeError;
  if (!badInput && error instanceof Error && error.stack) console.error(error.stack);
  process.exit(badInput ? 2 : 1);
});
