/**
 * The command line both RL transfer apps share: the common flags (seeds,
 * budget, A3C settings, curves, `--quick`, `--resume`, `--force`, threads),
 * their `--quick` values, and `main` with its exit codes (2 and a message on
 * bad input).
 */
import { FolderLockedError, type PathNetConfig } from '@pathnet/core';
import {
  checkResultsFolder,
  type EnvSpec,
  FORCE_FLAG_HELP,
  FolderFlagsError,
  folderModeOf,
  ResultsFolderError,
  ResumeError,
  resultsFolderHint,
} from '@pathnet/experiments';
import type { A3CArgs } from '@pathnet/rl';
import { Command, InvalidArgumentError } from 'commander';
import {
  checkInteger,
  defaultRandomEpisodes,
  OptionError,
  resumeOptions,
  runTransfer,
  type TransferOptions,
  taskName,
  validateTransfer,
} from './transfer-app.js';

/** A commander parser for a finite number, naming the flag when it is not one. */
export const numberArg = (flag: string) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new InvalidArgumentError(`${flag} expects a number, got "${value}"`);
  }
  return n;
};

/** The values of the common flags that an app chooses (defaults, or its `--quick` ones). */
export interface CommonValues {
  seeds: number;
  frames: number;
  workers: number;
  evaluationEpisodes: number;
  tournamentSize: number;
  window: number;
  points: number;
}

/** The common flags as commander gives them. */
export interface CommonFlags extends CommonValues {
  pairs: string;
  seed: number;
  learningRate: number;
  entropyCost: number;
  fraction: number;
  /** Absent: {@link defaultRandomEpisodes} of the tasks. */
  randomEpisodes?: number;
  out?: string;
  quick?: boolean;
  resume?: string;
  force?: boolean;
  threads?: number;
  backend?: string;
  progress: boolean;
}

/** A program with the common flags; the app adds its own before {@link transferMain}. */
export function transferProgram(
  name: string,
  description: string,
  d: CommonValues & { pairs: string; pairsHelp: string; quickHelp: string; outHelp: string },
): Command {
  const n = numberArg;
  return new Command(name)
    .description(
      `${description} Speedup = frames the independent control needs to reach 0.75 of its rise ÷ frames the condition needs.`,
    )
    .option('--pairs <list>', d.pairsHelp, d.pairs)
    .option('--seeds <K>', 'seeds per pair', n('--seeds'), d.seeds)
    .option('--seed <S>', 'first seed (S … S+K−1)', n('--seed'), 1)
    .option('--frames <F>', 'frame budget of every run (all workers)', n('--frames'), d.frames)
    .option('--workers <W>', 'A3C workers per run (the population)', n('--workers'), d.workers)
    .option('--learning-rate <lr>', 'initial RMSProp learning rate', n('--learning-rate'), 7e-4)
    .option('--entropy-cost <b>', 'entropy cost β', n('--entropy-cost'), 0.01)
    .option(
      '--evaluation-episodes <T>',
      'episodes per fitness evaluation',
      n('--evaluation-episodes'),
      d.evaluationEpisodes,
    )
    .option(
      '--tournament-size <B>',
      'other workers per tournament',
      n('--tournament-size'),
      d.tournamentSize,
    )
    .option('--window <E>', 'episodes each learning-curve point averages', n('--window'), d.window)
    .option('--points <P>', 'points per learning curve', n('--points'), d.points)
    .option(
      '--fraction <f>',
      "the score level: this fraction of the control's rise",
      n('--fraction'),
      0.75,
    )
    .option(
      '--random-episodes <N>',
      "episodes of the uniform-random agent per target; a control learned only above its return's 95% interval (default 100, 10 with --ale; 0: no baseline, the rise alone counts)",
      n('--random-episodes'),
    )
    .option('--out <dir>', d.outHelp)
    .option('--quick', d.quickHelp)
    .option(
      '--resume <dir>',
      'continue an interrupted run (its settings are kept; --seeds may raise the count, --random-episodes sets the baseline anew)',
    )
    .option('--force', FORCE_FLAG_HELP)
    .option('--threads <K>', 'jobs at once in worker threads (default: the cores)', n('--threads'))
    .option('--backend <name>', 'force a tensor backend (tensorflow, wasm, cpu)')
    .option('--no-progress', 'no progress lines')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
}

/**
 * The settings of the common flags, `--quick` values replacing those not given on the command line.
 */
export function commonOptions(
  program: Command,
  flags: CommonFlags,
  quick: CommonValues,
  tasks: EnvSpec[],
  pairs: Array<[string, string]>,
  grid: PathNetConfig,
  extra: { a3c?: Partial<A3CArgs>; setting: string | null; out: string },
): TransferOptions {
  const pick = <K extends keyof CommonValues>(k: K) =>
    flags.quick && program.getOptionValueSource(k) !== 'cli' ? quick[k] : flags[k];
  return {
    tasks: tasks.filter((t) => pairs.some(([a, b]) => a === t.id || b === t.id)),
    pairs,
    seeds: pick('seeds'),
    seed: flags.seed,
    frames: pick('frames'),
    grid,
    a3c: {
      workers: pick('workers'),
      learningRate: flags.learningRate,
      entropyCoef: flags.entropyCost,
      evaluationEpisodes: pick('evaluationEpisodes'),
      tournamentSize: pick('tournamentSize'),
      ...extra.a3c,
    },
    window: pick('window'),
    points: pick('points'),
    fraction: flags.fraction,
    randomEpisodes: flags.randomEpisodes ?? defaultRandomEpisodes(tasks),
    setting: extra.setting,
    out: extra.out,
  };
}

/** The one-line description of a run printed above its table. */
export const describeRun = (what: string, o: TransferOptions) =>
  `PathNet transfer ${what} — ${o.pairs.map(([a, b]) => `${taskName(a)}→${taskName(b)}`).join(', ')}; ` +
  `${o.seeds} seed(s), ${o.frames} frames per run, ${o.a3c.workers} workers, T=${o.a3c.evaluationEpisodes}, ` +
  `B=${o.a3c.tournamentSize}, lr ${o.a3c.learningRate}, β ${o.a3c.entropyCoef}; ` +
  `grid L=${o.grid.layers.length} M=${o.grid.modulesPerLayer} N=${o.grid.maxActivePerLayer}`;

/**
 * Parses the command line, builds (or resumes) the settings, checks them and
 * runs the experiment; exits with 2 and a message on bad input, 1 on a failure.
 */
export function transferMain<F extends CommonFlags>(
  program: Command,
  app: { name: string; format: string },
  optionsFrom: (flags: F) => TransferOptions,
  validate: (o: TransferOptions) => TransferOptions,
  describe: (o: TransferOptions) => string,
): void {
  const main = async () => {
    program.parse();
    const flags = program.opts<F>();
    const mode = folderModeOf(flags);
    if (flags.threads !== undefined) checkInteger('--threads', flags.threads, 1);
    const seeds = program.getOptionValueSource('seeds') === 'cli' ? flags.seeds : undefined;
    const { options, results } =
      mode === 'resume'
        ? await resumeOptions(flags.resume as string, app.format, seeds, flags.randomEpisodes)
        : { options: optionsFrom(flags), results: undefined };
    validate(validateTransfer(options));
    // Every check comes before anything is written (a resumed folder is checked as it is loaded).
    if (mode !== 'resume')
      await checkResultsFolder(options.out, mode, resultsFolderHint(options.out));
    await runTransfer(
      {
        app: app.name,
        format: app.format,
        mode,
        progress: flags.progress,
        ...(flags.threads !== undefined && { threads: flags.threads }),
        ...(flags.backend !== undefined && { backend: flags.backend }),
        describe,
      },
      options,
      results,
    );
  };
  main().catch((error: unknown) => {
    console.error(`${app.name}: ${error instanceof Error ? error.message : String(error)}`);
    const badInput = [
      OptionError,
      ResumeError,
      FolderFlagsError,
      ResultsFolderError,
      FolderLockedError,
    ].some((kind) => error instanceof kind);
    if (!badInput && error instanceof Error && error.stack) console.error(error.stack);
    process.exit(badInput ? 2 : 1);
  });
}
