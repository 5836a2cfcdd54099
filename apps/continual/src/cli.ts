#!/usr/bin/env node
/**
 * continual: many tasks on one PathNet without forgetting (Fernando et al. 2017, Sec. 2.3,
 * repeated per task), measured as the continual-learning field measures it: task-incremental
 * Split MNIST, Permuted MNIST and Split Fashion-MNIST (van de Ven & Tolias 2019), pathnet against
 * fine-tune, EWC (a λ sweep), independent networks and joint training at one budget of SGD steps
 * per task; the accuracy matrix R, ACC/BWT/FWT (Lopez-Paz & Ranzato 2017) with 95% intervals over
 * seeds, and PathNet's capacity. Writes results.json (after every run: resumable) and pictures.
 */
import { formatBackendDescription, initBackend } from '@pathnet/backend';
import { FolderLockedError, type PathNetConfig } from '@pathnet/core';
import { DataFormatError, DataReadError, DatasetNotFoundError } from '@pathnet/envs';
import {
  type ContinualMethod,
  type ContinualRecord,
  type ContinualSettings,
  type ContinualSummaryRow,
  checkResultsFolder,
  claimResultsFolder,
  continualLabel,
  FORCE_FLAG_HELP,
  FolderFlagsError,
  folderModeOf,
  loadResults,
  newResults,
  type ResultsFile,
  ResultsFolderError,
  ResumeError,
  resultsFolderHint,
  resultsPath,
  runContinual,
  saveResults,
  summariseContinual,
} from '@pathnet/experiments';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadBenchmark, taskNames } from './benchmarks.js';
import {
  BENCHMARKS,
  type Benchmark,
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

const number = (flag: string) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new InvalidArgumentError(`${flag} expects a number, got "${value}"`);
  }
  return n;
};
const list = (value: string) => value.split(',').map((s) => s.trim());

const d = defaults();
const program = new Command('continual')
  .description(
    'Task-incremental continual learning (a readout per task, the task given at test time) on ' +
      'Split MNIST, Permuted MNIST or Split Fashion-MNIST: pathnet (evolve, freeze the best ' +
      'pathway, re-initialise the rest, new population per task) against fine-tune, ewc (a λ ' +
      'sweep), independent and joint, each with the same SGD steps per task. Prints ACC, BWT and ' +
      'FWT with 95% intervals over seeds; writes results.json and pictures.',
  )
  .addOption(
    new Option('--benchmark <name>', 'task sequence').choices([...BENCHMARKS]).default(d.benchmark),
  )
  .option('--tasks <K>', 'learn only the first K tasks (default: all)', number('--tasks'))
  .option('--methods <list>', `comma list of ${d.methods.join(', ')}`, list)
  .option(
    '--ewc-lambdas <list>',
    `comma list of EWC penalty weights λ, one ewc run each (default ${d.ewcLambdas.join(',')})`,
    (v) => list(v).map(number('--ewc-lambdas')),
  )
  .option('--seed <s>', 'first seed', number('--seed'), d.seed)
  .option('--seeds <n>', 'number of seeds (repetitions)', number('--seeds'), d.seeds)
  .option('--layers <L>', 'layers of modules', number('--layers'), d.layers)
  .option('--modules <M>', 'modules per layer', number('--modules'), d.modules)
  .option('--active <N>', 'at most N active modules per layer', number('--active'), d.active)
  .option('--units <U>', 'ReLU units per module', number('--units'), d.units)
  .option(
    '--population <P>',
    'pathways per population (pathnet)',
    number('--population'),
    d.population,
  )
  .option(
    '--steps <T>',
    'minibatches per pathway per tournament (pathnet)',
    number('--steps'),
    d.steps,
  )
  .option(
    '--generations <G>',
    'tournaments per task; every method gets 2·G·T SGD steps per task',
    number('--generations'),
    d.generations,
  )
  .option('--batch-size <B>', 'minibatch size', number('--batch-size'), d.batchSize)
  .option(
    '--learning-rate <lr>',
    'plain SGD learning rate (all methods)',
    number('--learning-rate'),
    d.learningRate,
  )
  .option(
    '--mutation-probability <p>',
    'mutation probability per gene (default 1/(N·L))',
    number('--mutation-probability'),
  )
  .option(
    '--fisher-examples <n>',
    'training examples the diagonal Fisher is estimated on after each task (ewc)',
    number('--fisher-examples'),
    d.fisherExamples,
  )
  .option(
    '--test-examples <n>',
    'test examples per task R is measured on (the first ones; 0 = all)',
    number('--test-examples'),
    d.testExamples,
  )
  .addOption(
    new Option('--engine <name>', 'compute engine').choices(['fused', 'tfjs']).default(d.engine),
  )
  .option('--fashion-dir <dir>', 'folder of the Fashion-MNIST IDX files', d.fashionDir)
  .option('--out <dir>', 'results folder (default results/continual-<benchmark>)')
  .option('--resume <dir>', 'continue the run whose results folder this is (its settings are kept)')
  .option('--force', FORCE_FLAG_HELP)
  .option(
    '--quick',
    'a run of seconds: 2 tournaments of 10 steps per task, 500 test examples per task',
  )
  .option('--no-progress', 'no progress bar')
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

type Flags = Partial<Omit<ContinualOptions, 'methods' | 'ewcLambdas'>> & {
  methods?: string[];
  ewcLambdas?: number[];
  resume?: string;
  force?: boolean;
  quick?: boolean;
  progress: boolean;
};

/** The options of a new run from the flags: defaults, then `--quick`, then the flags typed. */
function optionsFrom(flags: Flags): ContinualOptions {
  const explicit = (name: string) => program.getOptionValueSource(name) === 'cli';
  const benchmark = flags.benchmark as Benchmark;
  const o: ContinualOptions = defaults(BENCHMARKS.includes(benchmark) ? benchmark : 'split-mnist');
  if (flags.quick) Object.assign(o, QUICK);
  for (const key of Object.keys(o) as (keyof ContinualOptions)[]) {
    if (
      flags[key as keyof Flags] !== undefined &&
      (explicit(key) || !(flags.quick && key in QUICK))
    ) {
      (o as unknown as Record<string, unknown>)[key] = flags[key as keyof Flags];
    }
  }
  o.benchmark = benchmark;
  if (flags.out === undefined) o.out = defaults(benchmark).out;
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

async function main(): Promise<void> {
  program.parse();
  const flags = program.opts<Flags>();
  // Every check before anything is written.
  if (flags.resume !== undefined && flags.resume.trim() === '') {
    throw new OptionError('--resume expects the results folder of an earlier run, got ""');
  }
  const mode = folderModeOf(flags);
  let results: Results;
  let o: ContinualOptions;
  if (flags.resume !== undefined) {
    await checkResultsFolder(flags.resume, 'resume');
    results = await loadResults<ContinualOptions, ContinualSummaryRow[], ContinualRecord>(
      flags.resume,
      RESULTS_FORMAT,
      '--resume',
      { key: (r: ContinualRecord) => runKey(r.seed, r.method, r.lambda) },
    );
    o = { ...results.config, out: flags.resume };
    if (program.getOptionValueSource('seeds') === 'cli') o.seeds = flags.seeds!;
    try {
      validateOptions(o);
    } catch (e) {
      if (!(e instanceof OptionError) || program.getOptionValueSource('seeds') === 'cli') throw e;
      throw new ResumeError(
        `--resume ${flags.resume}: its stored settings do not fit: ${e.message}`,
      );
    }
  } else {
    o = optionsFrom(flags);
    await checkResultsFolder(o.out, mode, resultsFolderHint(o.out));
    results = newResults(RESULTS_FORMAT, o);
  }
  // The data must load before the folder is taken.
  const tasks = await loadBenchmark(o);
  await initBackend();
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
    const line = `seed ${job.seed}: ${label} ACC ${(100 * record.metrics.acc!).toFixed(2)}% BWT ${
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
  console.log(`pictures: ${pictures.filter((p) => p.endsWith('.png')).join(', ')}`);
}

/** Records in table order: by run (method, λ) in the options' order, then seed. */
function sortRecords(records: readonly ContinualRecord[], o: ContinualOptions): ContinualRecord[] {
  const order = runsOf(o).map((r) => continualLabel(r));
  return [...records].sort(
    (a, b) =>
      order.indexOf(continualLabel(a)) - order.indexOf(continualLabel(b)) || a.seed - b.seed,
  );
}

main().catch((error: unknown) => {
  const known = error instanceof Error && /Error$/.test(error.name) && error.name !== 'Error';
  console.error(`continual: ${error instanceof Error ? error.message : String(error)}`);
  if (!known && error instanceof Error && error.stack) console.error(error.stack);
  const badInput = [
    OptionError,
    ResumeError,
    ResultsFolderError,
    FolderLockedError,
    FolderFlagsError,
    DatasetNotFoundError,
    DataFormatError,
    DataReadError,
  ].some((kind) => error instanceof kind);
  process.exit(badInput ? 2 : 1);
});
