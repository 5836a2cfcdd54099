/**
 * The run behind the RL transfer apps' command line (its flags are
 * `transferProgram` of `@pathnet/experiments/cli`): the settings of the common
 * flags with their `--quick` values, every check (plugins, settings, tensor
 * backend, job queue, results folder) before anything is written, then
 * `runTransfer`.
 *
 * @packageDocumentation
 */
import { initBackend } from '@pathnet/backend';
import type { PathNetConfig } from '@pathnet/core';
import type { A3CArgs } from '@pathnet/rl';
import type { Command } from 'commander';
import { checkGridSizes } from './cli/groups.js';
import { quickValues } from './cli/main.js';
import { type CommonFlags, type CommonValues, TRANSFER_QUICK } from './cli/rl-flags.js';
import { folderModeOf } from './folder-flags.js';
import { loadPlugins } from './plugins.js';
import { checkedQueue } from './queue-executor.js';
import { resultsPath, resumedSettings } from './results.js';
import { checkResultsFolder } from './results-folder.js';
import { runTransfer } from './rl-app.js';
import type { EnvSpec } from './rl-env.js';
import {
  chooseTransferGrid,
  describeGrid,
  type GridPick,
  gridLine,
  taskShapes,
} from './rl-grid.js';
import { checkRLMemory } from './rl-memory.js';
import {
  defaultRandomEpisodes,
  RLOptionError,
  type TransferOptions,
  taskName,
  validateTransfer,
} from './rl-options.js';
import type { RLTransferSummary } from './rl-summary.js';
import type { RLTransferRecord } from './rl-transfer.js';

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
  const quicker = quickValues(program, { ...quick, nullSeeds: 1 });
  const pick = <K extends keyof CommonValues>(k: K) => quicker[k] ?? flags[k];
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
    nullSeeds: quicker.nullSeeds ?? flags.nullSeeds,
    engine: flags.engine,
    ...(flags.bStart !== 'random' && { bStart: flags.bStart }),
    setting: extra.setting,
    out: extra.out,
  };
}

/** `items` joined with `, ` on lines of at most `width` columns, the first starting with `head`. */
function wrapList(head: string, items: readonly string[], width = 120): string[] {
  const lines: string[] = [];
  let line = head;
  for (const [i, item] of items.entries()) {
    const piece = i < items.length - 1 ? `${item},` : item;
    if (line.length > head.length && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = ' '.repeat(head.length) + piece;
    } else {
      line = line.length > head.length ? `${line} ${piece}` : `${line}${piece}`;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * The description of a run printed above its table, on lines of at most 120 columns:
 * what runs, its pairs, its A3C settings, its grid.
 */
export const describeRun = (what: string, o: TransferOptions) =>
  [
    `PathNet transfer ${what}`,
    ...wrapList(
      'pairs: ',
      o.pairs.map(([a, b]) => `${taskName(a)}→${taskName(b)}`),
    ),
    `${o.seeds} seed(s), ${o.frames} frames per run, ${o.a3c.workers} workers, T=${o.a3c.evaluationEpisodes}, ` +
      `B=${o.a3c.tournamentSize}, lr ${o.a3c.learningRate}, β ${o.a3c.entropyCoef}`,
    `grid ${describeGrid(o.grid)}`,
    ...(o.bStart === 'a-path'
      ? ["B's population starts on A's best pathway (--b-start a-path)"]
      : []),
  ].join('\n');

/** An RL transfer app's part of a fresh run's settings (the common flags give the rest). */
export interface AppSettings {
  /** The app's tasks, in matrix order (a registered id named in the pairs added). */
  tasks: EnvSpec[];
  /** Ordered pairs `[source id, target id]` (`parsePairs` of `--pairs`). */
  pairs: Array<[string, string]>;
  /**
   * The app's conv grid, for image observations of its input shape: the run's grid when
   * `--grid` is `conv`, or `auto` on such observations; else the dense grid
   * ({@link pickTransferGrid}).
   */
  grid: PathNetConfig;
  /** A3C arguments of the app's own flags (e.g. the duplication rate). */
  a3c?: Partial<A3CArgs>;
  /** A label of the setting (e.g. `no-duplication`), or null. */
  setting: string | null;
  out: string;
}

/**
 * The format of an RL transfer app's `results.json`: `pathnet-ts/<app>-results@2` (the five
 * conditions of `rl-transfer`).
 */
export const transferResultsFormat = (app: string): string => `pathnet-ts/${app}-results@2`;

/** How an RL transfer app builds, checks and describes its settings (its name is the program's). */
export interface TransferApp<F extends CommonFlags> {
  /** `--quick`'s frame budget and curve window (its other values: `TRANSFER_QUICK`). */
  quick: Pick<CommonValues, 'frames' | 'window'>;
  /** The app's part of a fresh run's settings, from the flags. */
  settings: (flags: F) => AppSettings;
  /** The app's own checks of the settings (a resumed run's too); throws naming the flag. */
  validate?: (o: TransferOptions) => void;
  /** What the experiment runs on, for the line above the table (see {@link describeRun}). */
  what: (o: TransferOptions) => string;
}

/** The dense grid's size flags, by their attribute names. */
const DENSE_SIZE_FLAGS = {
  layers: '--layers',
  modules: '--modules',
  active: '--active',
  units: '--units',
} as const;

/**
 * The grid of a fresh run (`--grid`, the dense sizes) from its tasks' observations
 * ({@link chooseTransferGrid}): the app's conv grid, exactly as the app gives it, or dense.
 * @throws {FlagError} for dense sizes out of bounds (N > M included).
 * @throws {RLOptionError} one line naming the flag: tasks of other shapes or that cannot be
 *   built, or a dense size given on the command line while the run's grid is the app's conv grid.
 */
export function pickTransferGrid(
  program: Command,
  flags: CommonFlags,
  tasks: readonly EnvSpec[],
  conv: PathNetConfig,
): GridPick {
  checkGridSizes(flags);
  const pick = chooseTransferGrid(taskShapes(tasks), conv, flags.grid ?? 'auto', flags);
  const given = Object.entries(DENSE_SIZE_FLAGS).find(
    ([key]) => program.getOptionValueSource(key) === 'cli',
  );
  if (pick.kind === 'conv' && given !== undefined) {
    throw new RLOptionError(
      `${given[1]} sizes the dense grid; this run's grid is the app's conv grid (${pick.reason}; --grid dense for dense modules)`,
    );
  }
  return pick;
}

/** A fresh run's settings: the common flags (with `--quick`'s values), the app's part and the grid. */
function freshOptions<F extends CommonFlags>(
  program: Command,
  flags: F,
  app: TransferApp<F>,
): { options: TransferOptions; pick: GridPick } {
  const s = app.settings(flags);
  const options = commonOptions(
    program,
    flags,
    { ...TRANSFER_QUICK, ...app.quick },
    s.tasks,
    s.pairs,
    s.grid,
    {
      ...(s.a3c !== undefined && { a3c: s.a3c }),
      setting: s.setting,
      out: s.out,
    },
  );
  // Only the tasks of the pairs (commonOptions' tasks) decide; the grid keeps its place in the config.
  const pick = pickTransferGrid(program, flags, options.tasks, s.grid);
  return { options: { ...options, grid: pick.grid }, pick };
}

/**
 * Builds (or resumes) the settings, checks everything — plugins, settings, memory,
 * the tensor backend, the job queue, the results folder — then runs the experiment.
 * Nothing is written before the last check.
 * @throws the check's error naming the flag or file (bad input: `runCli` exits with 2).
 */
export async function transferRun<F extends CommonFlags>(
  program: Command,
  flags: F,
  app: TransferApp<F>,
): Promise<void> {
  const mode = folderModeOf(flags);
  /** The app's checks of a run's settings; a resumed run's run after its recorded plugins load. */
  const validate = (o: TransferOptions): TransferOptions => {
    validateTransfer(o);
    app.validate?.(o);
    return o;
  };
  // Plugins come first: their environment ids are names in --pairs (a resumed run's, as recorded).
  const plugins = mode === 'resume' ? [] : await loadPlugins(flags.plugin);
  const fresh = mode === 'resume' ? undefined : freshOptions(program, flags, app);
  const { options, results } =
    fresh === undefined
      ? await resumedSettings<TransferOptions, RLTransferSummary, RLTransferRecord>({
          dir: flags.resume as string,
          format: transferResultsFormat(program.name()),
          program,
          seeds: flags.seeds,
          kept: ['--null-seeds', '--random-episodes'],
          // --null-seeds may raise the count; --random-episodes sets the baseline anew (results
          // written before it existed lack the count: they get the default).
          validate: (o) => {
            if (program.getOptionValueSource('nullSeeds') === 'cli')
              o.nullSeeds = Math.max(flags.nullSeeds, o.nullSeeds ?? 0);
            o.randomEpisodes =
              flags.randomEpisodes ?? o.randomEpisodes ?? defaultRandomEpisodes(o.tasks);
            return validate(o);
          },
        })
      : {
          options: validate({ ...fresh.options, ...(plugins.length > 0 && { plugins }) }),
          results: undefined,
        };
  const threads = checkRLMemory(options, flags.threads);
  await initBackend(flags.backend !== undefined ? { backend: flags.backend } : {});
  const queue = await checkedQueue(flags.queue, options.plugins ?? []);
  // A resumed folder was checked as it was loaded.
  if (mode !== 'resume') await checkResultsFolder(options.out, mode);
  await runTransfer(
    {
      app: program.name(),
      format: transferResultsFormat(program.name()),
      mode,
      progress: flags.progress,
      threads,
      ...(flags.backend !== undefined && { backend: flags.backend }),
      ...(queue !== undefined && { executor: queue }),
      describe: (o) => describeRun(app.what(o), o),
      gridLine: gridLine(
        options.grid,
        fresh?.pick.reason ?? `as recorded in ${resultsPath(options.out)}`,
      ),
    },
    options,
    results,
  );
}
