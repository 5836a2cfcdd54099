/**
 * The run of a3c-robustness: the settings (`--quick`, or a resumed folder's),
 * every check (settings, memory, tensor backend, job queue, results folder)
 * before anything is written, then every cell as a job of the experiment
 * runner, the summary table and the pictures.
 */
import { availableParallelism } from 'node:os';
import { formatBackendDescription, initBackend } from '@pathnet/backend';
import {
  checkA3CMemory,
  checkedQueue,
  checkResultsFolder,
  Eta,
  executorOf,
  FrameEta,
  folderModeOf,
  gridParameters,
  loadPlugins,
  picturesLine,
  resultsPath,
  runExperiment,
  runSettings,
} from '@pathnet/experiments';
import { quickValues } from '@pathnet/experiments/cli';
import { enableRelaxedSimd } from '@pathnet/kernels';
import type { Command } from 'commander';
import { type CellJob, type CellRecord, gridConfig, METHODS, observationShape } from './cell.js';
import type { Flags } from './cli.js';
import { CELL_JOB_KIND } from './job.js';
import { defaults, quickOverrides, type SweepOptions, validateOptions } from './options.js';
import { gameName, METHOD_NAMES, writePictures } from './pictures.js';
import {
  formatSweepSummary,
  type RobustnessSummary,
  summariseSweep,
  sweepGrid,
} from './summary.js';

/** Identifies the file format of this app's `results.json`. */
const RESULTS_FORMAT = 'pathnet-ts/a3c-robustness-results@1';

/** The module that registers the cell job kind (worker threads and `pathnet-worker --plugin` import it). */
const JOB_MODULE = new URL('./job.js', import.meta.url).href;

/**
 * The settings of a fresh run: the flags, `--quick`'s values where the command line gave
 * none, the `--plugin` modules (loaded here, before `--games` is checked) and the engine
 * (recorded only when not the default `fused`, so earlier results resume unchanged).
 */
async function optionsFrom(program: Command, flags: Flags): Promise<SweepOptions> {
  const o = defaults();
  const given = Object.fromEntries(
    Object.keys(o).map((key) => [key, (flags as Record<string, unknown>)[key]]),
  );
  const plugins = await loadPlugins(flags.plugin);
  return validateOptions({
    ...o,
    ...given,
    ...quickValues(program, quickOverrides()),
    ...(flags.engine !== 'fused' && { engine: flags.engine }),
    ...(plugins.length > 0 && { plugins }),
  });
}

/** Every run of the sweep: game × method × learning rate × entropy cost × seed. */
function jobsOf(o: SweepOptions): CellJob[] {
  const jobs: CellJob[] = [];
  for (let seed = o.seed; seed < o.seed + o.seeds; seed++) {
    for (const game of o.games) {
      for (const method of METHODS) {
        for (const learningRate of o.learningRates) {
          for (const entropyCost of o.entropyCosts) {
            const { frames, workers, units, modules, active, finalEpisodes, engine } = o;
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
              ...(engine !== undefined && { engine }),
            });
          }
        }
      }
    }
  }
  return jobs;
}

/** Checks everything, then runs the sweep. */
export async function run(program: Command, flags: Flags): Promise<void> {
  const mode = folderModeOf(flags);
  const { options, results } = await runSettings<SweepOptions, RobustnessSummary, CellRecord>({
    resume: flags.resume,
    fresh: () => optionsFrom(program, flags),
    format: RESULTS_FORMAT,
    program,
    seeds: flags.seeds,
    validate: validateOptions,
  });
  const jobs = jobsOf(options);
  const grid = sweepGrid(options);
  const threads = flags.threads ?? Math.max(1, Math.min(availableParallelism(), jobs.length));
  // Every check comes before anything is written.
  // The memory bound is the largest observation's (its grid has the most parameters).
  const size = (shape: readonly number[]) => shape.reduce((x, y) => x * y, 1);
  const largest = options.games
    .map((game) => observationShape(game))
    .reduce((a, b) => (size(b) > size(a) ? b : a));
  checkA3CMemory({
    threads: flags.queue === undefined ? threads : 1,
    workers: options.workers,
    observation: size(largest),
    parameters: gridParameters(gridConfig(jobs[0]!, largest)),
    grids: 1,
  });
  await initBackend(flags.backend ? { backend: flags.backend } : {});
  // Worker threads and pathnet-worker import the job kind and the run's plugins.
  const modules = [JOB_MODULE, ...(options.plugins ?? [])];
  const queue = await checkedQueue(flags.queue, modules);
  if (mode !== 'resume') await checkResultsFolder(options.out, mode);
  const variant = enableRelaxedSimd();
  console.error(formatBackendDescription());
  results.config = options;

  const executor = executorOf(queue, {
    workers: threads,
    plugins: modules,
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
  const eta = new Eta(todo, Math.min(threads, Math.max(1, todo)));
  // Frames of the cells left to run: every cell runs the same budget.
  const frameEta = new FrameEta(todo * options.frames);
  await runExperiment<SweepOptions, RobustnessSummary, CellJob, CellRecord, never>({
    out: options.out,
    mode,
    results,
    kind: CELL_JOB_KIND,
    jobs,
    summarise: (records) => summariseSweep(records, grid, options.fraction),
    executor,
    events: {
      record: (r) => {
        const progress = eta.tick();
        const key = `${r.game} ${r.method} ${r.learningRate} ${r.entropyCost} ${r.seed}`;
        frameEta.update(key, r.frames, options.frames);
        if (!flags.progress) return;
        console.error(
          `${progress} (${Math.round(frameEta.rate())} frames/s) ${gameName(r.game)} ${METHOD_NAMES[r.method]} lr ${r.learningRate} β ${r.entropyCost} seed ${r.seed}: ` +
            `final score ${r.finalScore.toFixed(2)}, AUC ${r.auc.toFixed(2)} (${r.episodes} episodes)`,
        );
      },
    },
  });
  const summary = summariseSweep(results.seeds, grid, options.fraction);
  const pictures = await writePictures(options.out, summary, grid);
  console.log(
    `\nA3C hyperparameter robustness on ${options.games.join(', ')}\n` +
      `${options.learningRates.length} learning rates × ${options.entropyCosts.length} entropy costs, ` +
      `${options.seeds} seed(s), ${options.frames} frames per run, ${options.workers} workers\n` +
      `grid 2 dense layers over the flattened observation, M=${options.modules} modules of ${options.units} units, ` +
      `N=${options.active}; engine ${options.engine ?? 'fused'}, kernels ${variant}`,
  );
  console.log(formatSweepSummary(summary, grid));
  console.log(
    `wall time: ${(results.elapsedSeconds ?? 0).toFixed(1)} s; results: ${resultsPath(options.out)}`,
  );
  console.log(picturesLine(options.out, pictures));
}
