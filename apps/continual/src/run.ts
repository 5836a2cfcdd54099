/**
 * The continual app's run (loaded by `cli.ts` once the flags parse): checks the settings,
 * loads the task sequence, takes the results folder, runs every method on every seed not yet
 * in `results.json` (rewritten after each), then prints the table and draws the pictures.
 */
import { formatBackendDescription, initBackend } from '@pathnet/backend';
import type { PathNetConfig } from '@pathnet/core';
import {
  type ContinualMethod,
  type ContinualRecord,
  type ContinualSettings,
  type ContinualSummaryRow,
  checkResultsFolder,
  claimResultsFolder,
  continualLabel,
  Eta,
  folderModeOf,
  newResults,
  picturesLine,
  type ResultsFile,
  resultsFolderHint,
  resultsPath,
  resumedSettings,
  runContinual,
  saveResults,
  summariseContinual,
} from '@pathnet/experiments';
import { quickValues } from '@pathnet/experiments/cli';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadBenchmark, taskNames } from './benchmarks.js';
import {
  type ContinualOptions,
  defaults,
  OptionError,
  QUICK,
  runKey,
  runsOf,
  validateOptions,
} from './options.js';
import { capacityLines, summaryTable, writePictures } from './report.js';

/** Identifies the format of this app's `results.json`. */
export const RESULTS_FORMAT = 'pathnet-ts/continual-results@1';
/** The app's results file: its options, a summary row per method, one record per run. */
type Results = ResultsFile<ContinualOptions, ContinualSummaryRow[], ContinualRecord>;

/** The flags as commander gives them (see `cli.ts`). */
export type Flags = Partial<ContinualOptions> & {
  resume?: string;
  force?: boolean;
  quick?: boolean;
  backend?: string;
  progress: boolean;
};

/**
 * The options of a new run: the benchmark's defaults, then `--quick`'s values for the flags not
 * given, then the flags given (a flag's default counts only where `--quick` sets nothing).
 */
function optionsFrom(program: Command, flags: Flags): ContinualOptions {
  const benchmark = flags.benchmark ?? 'split-mnist';
  const o: ContinualOptions = defaults(benchmark);
  const quick = quickValues(program, QUICK);
  for (const key of Object.keys(o) as (keyof ContinualOptions)[]) {
    const value = key in quick ? quick[key] : flags[key];
    if (value !== undefined) (o as unknown as Record<string, unknown>)[key] = value;
  }
  if (flags.out === undefined) o.out = defaults(benchmark).out;
  if (flags.tasks === undefined) o.tasks = defaults(benchmark).tasks;
  if (flags.mutationProbability === undefined) o.mutationProbability = 1 / (o.active * o.layers);
  return validateOptions(o);
}

/**
 * The grid: L layers of M dense ReLU modules of `units` units, hidden layers summed and the last
 * averaged (as the binary-MNIST preset of `@pathnet/core`).
 */
function gridOf(o: ContinualOptions, inputShape: readonly number[]): PathNetConfig {
  return {
    inputShape: [...inputShape],
    layers: Array.from({ length: o.layers }, (_, l) => ({
      module: { kind: 'dense' as const, units: o.units },
      activation: 'relu' as const,
      reduction: l === o.layers - 1 ? ('mean' as const) : ('sum' as const),
    })),
    modulesPerLayer: o.modules,
    maxActivePerLayer: o.active,
  };
}

/** The protocol's settings of a run's options (λ for an `ewc` run). */
function settingsOf(
  o: ContinualOptions,
  inputShape: readonly number[],
  lambda: number | undefined,
): ContinualSettings {
  return {
    grid: gridOf(o, inputShape),
    engine: o.engine,
    learningRate: o.learningRate,
    batchSize: o.batchSize,
    steps: o.steps,
    generations: o.generations,
    population: o.population,
    mutationProbability: o.mutationProbability,
    ewcLambda: lambda ?? 0,
    fisherExamples: o.fisherExamples,
  };
}

/**
 * Runs the app with parsed flags.
 * @throws OptionError, FlagError, ResumeError, ResultsFolderError, FolderLockedError, FolderFlagsError or a
 *   data set error on bad input (exit 2, nothing written); anything else is a failure of the run.
 */
export async function run(program: Command, flags: Flags): Promise<void> {
  // Every check before anything is written.
  if (flags.resume !== undefined && flags.resume.trim() === '') {
    throw new OptionError('--resume expects the results folder of an earlier run, got ""');
  }
  const mode = folderModeOf(flags);
  let results: Results;
  let o: ContinualOptions;
  if (flags.resume !== undefined) {
    ({ options: o, results } = await resumedSettings<
      ContinualOptions,
      ContinualSummaryRow[],
      ContinualRecord
    >({
      dir: flags.resume,
      format: RESULTS_FORMAT,
      program,
      ...(flags.seeds !== undefined && { seeds: flags.seeds }),
      schemas: { key: (r: ContinualRecord) => runKey(r.seed, r.method, r.lambda) },
      validate: validateOptions,
    }));
  } else {
    o = optionsFrom(program, flags);
    await checkResultsFolder(o.out, mode, resultsFolderHint(o.out));
    results = newResults(RESULTS_FORMAT, o);
  }
  // The data must load before the folder is taken.
  const tasks = await loadBenchmark(o);
  await initBackend(flags.backend === undefined ? {} : { backend: flags.backend });
  console.error(formatBackendDescription());
  const folder = await claimResultsFolder(o.out, mode, resultsFolderHint(o.out));
  results.backend = newResults(RESULTS_FORMAT, o).backend;

  const done = new Set(results.seeds.map((r) => runKey(r.seed, r.method, r.lambda)));
  const jobs: { seed: number; method: ContinualMethod; lambda?: number }[] = [];
  for (let seed = o.seed; seed < o.seed + o.seeds; seed++) {
    for (const run of runsOf(o)) {
      if (!done.has(runKey(seed, run.method, run.lambda))) jobs.push({ seed, ...run });
    }
  }
  const perTask = 2 * o.generations * o.steps;
  const total = jobs.length * o.tasks * perTask;
  const tty = flags.progress && process.stderr.isTTY === true;
  const bar = tty
    ? new SingleBar({
        format: ' {job} | {bar} | {percentage}% | SGD steps {value}/{total} | eta {eta}s',
        hideCursor: true,
        clearOnComplete: true,
      })
    : undefined;
  bar?.start(total, 0, { job: '' });
  process.once('SIGINT', () => {
    bar?.stop();
    console.error(
      `\ninterrupted: ${results.seeds.length} finished run(s) are in ${resultsPath(o.out)}; continue with --resume ${o.out}`,
    );
    process.exit(130);
  });
  const started = performance.now();
  const elapsedBefore = results.elapsedSeconds ?? 0;
  // Every run takes the same SGD steps (o.tasks × perTask), so jobs count alike.
  const eta = new Eta(jobs.length);
  let base = 0;
  for (const job of jobs) {
    const label = continualLabel(job);
    if (!tty) console.error(`seed ${job.seed}: ${label} ...`);
    const record = runContinual(
      tasks,
      job.method,
      settingsOf(o, tasks[0]!.task.inputShape, job.lambda),
      job.seed,
      {
        onStep: (n) => {
          if (n % 200 === 0) bar?.update(base + n, { job: `seed ${job.seed} ${label.padEnd(14)}` });
        },
      },
    );
    base += o.tasks * perTask;
    results.seeds.push(record);
    results.wallSeconds += record.wallSeconds;
    results.elapsedSeconds = elapsedBefore + (performance.now() - started) / 1000;
    results.summary = summariseContinual(results.seeds);
    await saveResults(o.out, results);
    const line = `${eta.tick()}: seed ${job.seed}, ${label} ACC ${(100 * record.metrics.acc!).toFixed(2)}% BWT ${
      record.metrics.bwt === null ? '–' : (100 * record.metrics.bwt).toFixed(2)
    } (${record.wallSeconds.toFixed(1)} s)`;
    if (bar) {
      bar.stop();
      console.error(line);
      bar.start(total, base, { job: '' });
    } else {
      console.error(line);
    }
  }
  bar?.stop();
  results.complete = true;
  results.summary = summariseContinual(sortRecords(results.seeds, o));
  results.elapsedSeconds = elapsedBefore + (performance.now() - started) / 1000;
  await saveResults(o.out, results);
  const names = taskNames(o.benchmark, o.tasks);
  const title = `${o.benchmark} (${o.tasks} tasks)`;
  const pictures = await writePictures(o.out, title, names, results.summary, results.seeds);
  await folder.release();

  console.log(
    `\n${title}, task-incremental; L=${o.layers} M=${o.modules} N=${o.active} units=${o.units} ` +
      `P=${o.population} T=${o.steps} G=${o.generations} B=${o.batchSize} lr=${o.learningRate} ` +
      `engine ${o.engine}: ${perTask} SGD steps per task for every method (joint: ${o.tasks * perTask} in all)`,
  );
  console.log(summaryTable(results.summary));
  const pathnet = results.summary.find((r) => r.method === 'pathnet');
  if (pathnet) for (const line of capacityLines(pathnet, o.modules)) console.log(`pathnet ${line}`);
  console.log(
    `wall time: ${(results.elapsedSeconds ?? 0).toFixed(1)} s (runs summed: ${results.wallSeconds.toFixed(1)} s)`,
  );
  console.log(`results: ${resultsPath(o.out)}`);
  console.log(picturesLine(o.out, pictures));
}

/** Records in table order: by run (method, λ) in the options' order, then seed. */
function sortRecords(records: readonly ContinualRecord[], o: ContinualOptions): ContinualRecord[] {
  const order = runsOf(o).map((r) => continualLabel(r));
  return [...records].sort(
    (a, b) =>
      order.indexOf(continualLabel(a)) - order.indexOf(continualLabel(b)) || a.seed - b.seed,
  );
}
