#!/usr/bin/env node
/**
 * a3c-robustness: the A3C hyperparameter-robustness study of PathNet
 * (Fernando et al. 2017, Sec. 3.5) on MinAtar. Plain A3C (one fixed pathway)
 * and PathNet-A3C (evolving pathways) over a grid of learning rates × entropy
 * costs, games and seeds, each run a job of the experiment runner (worker
 * threads here, or `--queue` across machines); prints the robustness summary
 * and writes results.json, heatmaps and the sorted-score curve.
 */
import { availableParallelism } from 'node:os';
import { formatBackendDescription, initBackend } from '@pathnet/backend';
import { FolderLockedError } from '@pathnet/core';
import {
  checkResultsFolder,
  FORCE_FLAG_HELP,
  FolderFlagsError,
  folderModeOf,
  loadResults,
  localExecutor,
  newResults,
  QueueUrlError,
  queueExecutor,
  type ResultsFile,
  ResultsFolderError,
  ResumeError,
  resultsFolderHint,
  resultsPath,
  runExperiment,
} from '@pathnet/experiments';
import { enableRelaxedSimd } from '@pathnet/kernels';
import { Command, InvalidArgumentError } from 'commander';
import { type CellJob, type CellRecord, METHODS } from './cell.js';
import { CELL_JOB_KIND } from './job.js';
import {
  defaults,
  OptionError,
  quickOverrides,
  type SweepOptions,
  validateOptions,
} from './options.js';
import { gameName, METHOD_NAMES, writePictures } from './pictures.js';
import {
  formatSweepSummary,
  type RobustnessSummary,
  type SweepGrid,
  summariseSweep,
} from './summary.js';

/** Identifies the file format of this app's `results.json`. */
const RESULTS_FORMAT = 'pathnet-ts/a3c-robustness-results@1';
type Results = ResultsFile<SweepOptions, RobustnessSummary, CellRecord>;

const number = (flag: string) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new InvalidArgumentError(`${flag} expects a number, got "${value}"`);
  }
  return n;
};
const numbers = (flag: string) => (value: string) => value.split(',').map(number(flag));
const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

const d = defaults();
const program = new Command('a3c-robustness')
  .description(
    'A3C hyperparameter robustness (Fernando et al. 2017, Sec. 3.5): plain A3C on one fixed pathway vs ' +
      'PathNet-A3C over learning rates × entropy costs on MinAtar games; final score and area under ' +
      'the curve per cell, heatmaps, and the fraction of cells reaching a fraction of the best score.',
  )
  .option('--games <ids>', 'MinAtar games, comma-separated', list, d.games)
  .option(
    '--learning-rates <list>',
    'initial RMSProp learning rates',
    numbers('--learning-rates'),
    d.learningRates,
  )
  .option('--entropy-costs <list>', 'entropy costs β', numbers('--entropy-costs'), d.entropyCosts)
  .option('--seeds <K>', 'seeds per cell', number('--seeds'), d.seeds)
  .option('--seed <S>', 'first seed (S … S+K−1)', number('--seed'), d.seed)
  .option(
    '--frames <F>',
    'frame budget of each run (all A3C workers together)',
    number('--frames'),
    d.frames,
  )
  .option(
    '--workers <W>',
    'A3C workers per run (the population of PathNet-A3C)',
    number('--workers'),
    d.workers,
  )
  .option('--units <U>', 'ReLU units per module', number('--units'), d.units)
  .option('--modules <M>', 'modules per layer', number('--modules'), d.modules)
  .option('--active <N>', 'active modules per layer on a pathway', number('--active'), d.active)
  .option(
    '--final-episodes <E>',
    'episodes the final score averages',
    number('--final-episodes'),
    d.finalEpisodes,
  )
  .option(
    '--fraction <f>',
    "a cell counts when its final score reaches f × the best cell's",
    number('--fraction'),
    d.fraction,
  )
  .option('--out <dir>', 'results folder', d.out)
  .option(
    '--quick',
    'a 2×2 grid on Breakout, 1 seed, 3000 frames (--out results/a3c-robustness-quick)',
  )
  .option(
    '--resume <dir>',
    'continue an interrupted sweep from its results folder (its settings are kept; --seeds may raise the count)',
  )
  .option('--force', FORCE_FLAG_HELP)
  .option(
    '--threads <K>',
    'runs at once in worker threads (default: the cores)',
    number('--threads'),
  )
  .option(
    '--queue <url>',
    'run the cells as jobs of a BullMQ queue on this Redis server (redis://host:port); start ' +
      '`pathnet-worker --queue <url> --plugin apps/a3c-robustness/dist/job.js` on any machines',
  )
  .option('--backend <name>', 'force a tensor backend (tensorflow, wasm, cpu)')
  .option('--no-progress', 'no line per finished run')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

type Flags = SweepOptions & {
  quick?: boolean;
  resume?: string;
  force?: boolean;
  threads?: number;
  queue?: string;
  backend?: string;
  progress: boolean;
};

function optionsFrom(flags: Flags): SweepOptions {
  const o = defaults();
  const explicit = (name: string) => program.getOptionValueSource(name) === 'cli';
  for (const key of Object.keys(o) as (keyof SweepOptions)[]) {
    (o as unknown as Record<string, unknown>)[key] = flags[key];
  }
  if (flags.quick) {
    for (const [key, value] of Object.entries(quickOverrides())) {
      if (!explicit(key)) (o as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return validateOptions(o);
}

/** Every run of the sweep: game × method × learning rate × entropy cost × seed. */
function jobsOf(o: SweepOptions): CellJob[] {
  const jobs: CellJob[] = [];
  for (let seed = o.seed; seed < o.seed + o.seeds; seed++) {
    for (const game of o.games) {
      for (const method of METHODS) {
        for (const learningRate of o.learningRates) {
          for (const entropyCost of o.entropyCosts) {
            const { frames, workers, units, modules, active, finalEpisodes } = o;
            jobs.push({
              game,
              method,
              learningRate,
              entropyCost,
              seed,
              frames,
              workers,
              units,
              modules,
              active,
              finalEpisodes,
            });
          }
        }
      }
    }
  }
  return jobs;
}

const gridOf = (o: SweepOptions): SweepGrid => ({
  games: o.games,
  learningRates: o.learningRates,
  entropyCosts: o.entropyCosts,
  seeds: Array.from({ length: o.seeds }, (_, i) => o.seed + i),
});

async function main(): Promise<void> {
  program.parse();
  const flags = program.opts<Flags>();
  const mode = folderModeOf(flags);
  let results: Results;
  let options: SweepOptions;
  if (flags.resume !== undefined) {
    results = await loadResults<SweepOptions, RobustnessSummary, CellRecord>(
      flags.resume,
      RESULTS_FORMAT,
    );
    options = { ...results.config, out: flags.resume };
    if (program.getOptionValueSource('seeds') === 'cli')
      options.seeds = Math.max(flags.seeds, options.seeds);
    validateOptions(options);
  } else {
    options = optionsFrom(flags);
    // Every check comes before anything is written.
    await checkResultsFolder(options.out, mode, resultsFolderHint(options.out));
    results = newResults(RESULTS_FORMAT, options);
  }
  if (flags.threads !== undefined && (!Number.isInteger(flags.threads) || flags.threads < 1)) {
    throw new OptionError(`--threads must be an integer ≥ 1, got ${flags.threads}`);
  }
  const queue = flags.queue === undefined ? undefined : queueExecutor({ url: flags.queue });
  const variant = enableRelaxedSimd();
  await initBackend(flags.backend ? { backend: flags.backend } : {});
  console.error(formatBackendDescription());
  results.config = options;

  const jobs = jobsOf(options);
  const grid = gridOf(options);
  const threads = flags.threads ?? Math.min(availableParallelism(), jobs.length);
  const executor =
    queue ??
    localExecutor({
      workers: threads,
      plugins: [new URL('./job.js', import.meta.url).href],
      ...(flags.backend !== undefined && { backend: flags.backend }),
    });
  const todo = jobs.length - results.seeds.length;
  console.error(`${todo} of ${jobs.length} runs to do, on ${executor.description}`);
  process.once('SIGINT', () => {
    console.error(
      `\ninterrupted: ${results.seeds.length} finished runs are in ${resultsPath(options.out)}; continue with --resume ${options.out}`,
    );
    process.exit(130);
  });
  let finished = 0;
  await runExperiment<SweepOptions, RobustnessSummary, CellJob, CellRecord, never>({
    out: options.out,
    mode,
    folderHint: resultsFolderHint(options.out),
    results,
    kind: CELL_JOB_KIND,
    jobs,
    summarise: (records) => summariseSweep(records, grid, options.fraction),
    executor,
    events: {
      record: (r) => {
        finished += 1;
        if (!flags.progress) return;
        console.error(
          `[${finished}/${todo}] ${gameName(r.game)} ${METHOD_NAMES[r.method]} lr ${r.learningRate} entropy ${r.entropyCost} seed ${r.seed}: ` +
            `final score ${r.finalScore.toFixed(2)}, AUC ${r.auc.toFixed(2)} (${r.episodes} episodes)`,
        );
      },
    },
  });
  const summary = summariseSweep(results.seeds, grid, options.fraction);
  const pictures = await writePictures(options.out, summary, grid);
  console.log(
    `\nA3C hyperparameter robustness on MinAtar — ${options.games.map(gameName).join(', ')}; ` +
      `${options.learningRates.length} learning rates × ${options.entropyCosts.length} entropy costs, ` +
      `${options.seeds} seed(s), ${options.frames} frames per run, ${options.workers} workers; grid 2 dense layers, ` +
      `M=${options.modules} modules of ${options.units} units, N=${options.active}; kernels ${variant}`,
  );
  console.log(formatSweepSummary(summary, grid));
  console.log(
    `wall time: ${(results.elapsedSeconds ?? 0).toFixed(1)} s; results: ${resultsPath(options.out)}`,
  );
  console.log(`pictures: ${pictures.join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(`a3c-robustness: ${error instanceof Error ? error.message : String(error)}`);
  const badInput = [
    OptionError,
    ResumeError,
    QueueUrlError,
    FolderFlagsError,
    ResultsFolderError,
    FolderLockedError,
  ].some((kind) => error instanceof kind);
  if (!badInput && error instanceof Error && error.stack) console.error(error.stack);
  process.exit(badInput ? 2 : 1);
});
