/**
 * The command line both RL transfer apps share: the common flags (seeds,
 * budget, A3C settings, curves, null seeds, engine, plugins, `--quick`,
 * `--resume`, `--force`, threads), their `--quick` values, and `main` with its
 * exit codes (2 and a one-line message naming the flag on bad input).
 *
 * @packageDocumentation
 */
import { type EngineChoice, FolderLockedError, type PathNetConfig } from '@pathnet/core';
import type { A3CArgs } from '@pathnet/rl';
import { Command, InvalidArgumentError } from 'commander';
import {
  FORCE_FLAG_HELP,
  FolderFlagsError,
  folderModeOf,
  resultsFolderHint,
} from './folder-flags.js';
import { JsonOptionError, loadPlugins, PluginError } from './plugins.js';
import { ResumeError } from './results.js';
import { checkResultsFolder, ResultsFolderError } from './results-folder.js';
import { resumeOptions, runTransfer } from './rl-app.js';
import type { EnvSpec } from './rl-env.js';
import {
  checkInteger,
  defaultRandomEpisodes,
  RLOptionError,
  type TransferOptions,
  taskName,
  validateTransfer,
} from './rl-options.js';

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
  nullSeeds: number;
  engine: string;
  /** `--plugin` modules (repeatable), as given. */
  plugin: string[];
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
      `${description} Speedup = frames the control's mean curve needs ÷ frames the condition's needs to reach 0.75 of the pooled curves' rise (both censored at the budget), beside its null (control seeds split against each other) and a permutation test over seeds.`,
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
      "the score level: this fraction of the pooled curves' rise (control and condition)",
      n('--fraction'),
      0.75,
    )
    .option(
      '--random-episodes <N>',
      "episodes of the uniform-random agent per target; a control learned only above its return's 95% interval (default 100, 10 with --ale; 0: no baseline, the rise alone counts)",
      n('--random-episodes'),
    )
    .option(
      '--null-seeds <K>',
      "extra seeds running only the controls: with the paired seeds' controls they give each speedup's null (controls split against each other)",
      n('--null-seeds'),
      2,
    )
    .option(
      '--engine <engine>',
      'auto (fused, or tfjs when a native tfjs backend runs), fused (WebAssembly kernels) or tfjs',
      'fused',
    )
    .option(
      '--plugin <module>',
      'a module registering environments (registerEnv), imported first and by every job thread; repeatable; its ids go in --pairs',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--out <dir>', d.outHelp)
    .option('--quick', d.quickHelp)
    .option(
      '--resume <dir>',
      'continue an interrupted run (its settings are kept; --seeds and --null-seeds may raise the counts, --random-episodes sets the baseline anew)',
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
    nullSeeds:
      flags.quick && program.getOptionValueSource('nullSeeds') !== 'cli' ? 1 : flags.nullSeeds,
    engine: flags.engine as EngineChoice,
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
    if (!['auto', 'fused', 'tfjs'].includes(flags.engine)) {
      throw new RLOptionError(`--engine must be auto, fused or tfjs, got "${flags.engine}"`);
    }
    if (flags.threads !== undefined) checkInteger('--threads', flags.threads, 1);
    const given = (k: 'seeds' | 'nullSeeds') =>
      program.getOptionValueSource(k) === 'cli' ? flags[k] : undefined;
    // Plugins come first: their environment ids are names in --pairs (a resumed run's, as recorded).
    const plugins = mode === 'resume' ? [] : await loadPlugins(flags.plugin);
    const { options, results } =
      mode === 'resume'
        ? await resumeOptions(
            flags.resume as string,
            app.format,
            given('seeds'),
            flags.randomEpisodes,
            given('nullSeeds'),
          )
        : {
            options: { ...optionsFrom(flags), ...(plugins.length > 0 && { plugins }) },
            results: undefined,
          };
    if (mode === 'resume') await loadPlugins(options.plugins ?? []);
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
      RLOptionError,
      PluginError,
      JsonOptionError,
      ResumeError,
      FolderFlagsError,
      ResultsFolderError,
      FolderLockedError,
    ].some((kind) => error instanceof kind);
    if (!badInput && error instanceof Error && error.stack) console.error(error.stack);
    process.exit(badInput ? 2 : 1);
  });
}
