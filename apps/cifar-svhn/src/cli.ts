#!/usr/bin/env node
/**
 * cifar-svhn: the fixed-budget transfer experiment of PathNet (Fernando et
 * al. 2017, Sec. 3.2). For each direction A → B of a task pair (CIFAR-10 ↔
 * cropped SVHN, or Fashion-MNIST ↔ MNIST, or two registered tasks), task A
 * evolves for a fixed number of generations, then task B under each condition
 * (`CONDITIONS` of `@pathnet/experiments`: each differs from its control in one
 * factor) for the same budget; reports B's test accuracy per condition with 95%
 * intervals beside the paper's, the one-factor comparisons, and pictures.
 */
import { availableParallelism } from 'node:os';
import { formatBackendDescription, initBackend } from '@pathnet/backend';
import { FolderLockedError } from '@pathnet/core';
import { InvalidOperatorError, resolveMutation, UnknownIdError } from '@pathnet/evolution';
import {
  CONDITION_FACTORS,
  CONDITIONS,
  checkResultsFolder,
  FORCE_FLAG_HELP,
  FolderFlagsError,
  folderModeOf,
  JsonOptionError,
  loadPlugins,
  loadResults,
  localExecutor,
  makeSpecTask,
  newResults,
  operatorFromFlags,
  PluginError,
  planTransfer,
  type ResultsFile,
  ResultsFolderError,
  ResumeError,
  resultsFolderHint,
  resultsPath,
  runExperiment,
  type TaskSpec,
  type TransferJob,
  taskSpecFromFlags,
  writeSupervisedPictures,
} from '@pathnet/experiments';
import { enableRelaxedSimd } from '@pathnet/kernels';
import { Command, InvalidArgumentError } from 'commander';
import {
  type CifarSvhnOptions,
  defaultMutationProbability,
  modulesPerLayer,
  OptionError,
  paperDefaults,
  protocolSettings,
  quickOverrides,
  validateOptions,
} from './options.js';
import { direction, PAIRS, type PairName, taskPair } from './pairs.js';
import { type DirectionSummary, formatDirections, summariseDirections } from './report.js';

const RESULTS_FORMAT = 'pathnet-ts/cifar-svhn-results@2';
type Results = ResultsFile<CifarSvhnOptions, DirectionSummary[]>;

const number = (flag: string) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new InvalidArgumentError(`${flag} expects a number, got "${value}"`);
  }
  return n;
};

const d = paperDefaults();
const program = new Command('cifar-svhn')
  .description(
    'PathNet fixed-budget transfer (Fernando et al. 2017, Sec. 3.2): for each direction A → B of a task pair, ' +
      'evolve pathways on A for a fixed number of generations, then on B under conditions that each differ ' +
      "from their control in one factor (the weights B starts from; where B's population starts); report B's " +
      "test accuracy. Defaults are the paper's settings.",
  )
  .option('--pair <name>', `task pair, run both ways: ${PAIRS.join(' or ')}`, d.pair)
  .option(
    '--data-dir <dir>',
    'folder of CIFAR-10 (data_batch_1.bin … data_batch_5.bin, test_batch.bin, from cifar-10-binary.tar.gz) and ' +
      'cropped SVHN (train_32x32.mat, test_32x32.mat); default $PATHNET_DATA_DIR',
  )
  .option(
    '--fashion-dir <dir>',
    'folder of the Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist, from `apt-get install dataset-fashion-mnist`)',
  )
  .option('--task-a <id>', 'a registered task as A (with --task-b): the run is A → B only')
  .option('--task-a-options <json>', 'options of --task-a as a JSON object')
  .option('--task-b <id>', 'a registered task as B')
  .option('--task-b-options <json>', 'options of --task-b as a JSON object')
  .option(
    '--plugin <module>',
    'a module that registers tasks, GA operators or environments, imported before the run (repeatable)',
    (value: string, previous: string[]) => [...previous, value],
    [] as string[],
  )
  .option('--operator <name>', 'a registered mutation operator in place of the built-in')
  .option('--operator-options <json>', "the operator's options as a JSON object")
  .option('--units <U>', 'ReLU units per module', number('--units'), d.units)
  .option('--population <P>', 'pathways in the population', number('--population'), d.population)
  .option(
    '--steps <T>',
    'training minibatches per pathway per tournament',
    number('--steps'),
    d.steps,
  )
  .option('--batch-size <B>', 'minibatch size', number('--batch-size'), d.batchSize)
  .option(
    '--generations <G>',
    'the fixed budget: generations per task',
    number('--generations'),
    d.generations,
  )
  .option('--protocol <name>', 'fitness protocol: serial (the paper) or interleaved', d.protocol)
  .option('--learning-rate <lr>', 'SGD learning rate', number('--learning-rate'), d.learningRate)
  .option(
    '--mutation-probability <p>',
    'mutation probability per gene (default 1/(N·L))',
    number('--mutation-probability'),
  )
  .option('--seeds <K>', 'repetitions', number('--seeds'), d.seeds)
  .option('--seed <S>', 'first seed', number('--seed'), d.seed)
  .option(
    '--conditions <list>',
    `conditions for task B, comma-separated, any subset of: ${CONDITIONS.map((c) => `${c} (weights ${CONDITION_FACTORS[c].weights}, start ${CONDITION_FACTORS[c].start})`).join('; ')}`,
    (v: string) => v.split(',').map((s) => s.trim()),
    d.conditions,
  )
  .option('--out <dir>', 'results folder', d.out)
  .option('--quick', 'small settings for a smoke run (P=8, T=5, 10 generations, 2 seeds)')
  .option(
    '--resume <dir>',
    'continue an interrupted run from its results folder (its settings are kept)',
  )
  .option('--force', FORCE_FLAG_HELP)
  .option('--engine <engine>', 'fused, tfjs or auto', d.engine)
  .option('--backend <name>', 'force a tensor backend (tensorflow, wasm, cpu)')
  .option(
    '--workers <K>',
    'phases at once in worker threads (default: the cores)',
    number('--workers'),
  )
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

interface Flags {
  [key: string]: unknown;
  plugin: string[];
  taskA?: string;
  taskB?: string;
  taskAOptions?: string;
  taskBOptions?: string;
  operator?: string;
  operatorOptions?: string;
  quick?: boolean;
  resume?: string;
  force?: boolean;
  backend?: string;
  workers?: number;
}

async function optionsFrom(flags: Flags): Promise<CifarSvhnOptions> {
  const o = paperDefaults() as unknown as Record<string, unknown>;
  for (const key of [...Object.keys(o), 'dataDir', 'fashionDir']) {
    if (flags[key] !== undefined && key !== 'taskA' && key !== 'taskB') o[key] = flags[key];
  }
  if (flags.quick) {
    for (const [key, value] of Object.entries(quickOverrides())) {
      if (program.getOptionValueSource(key) !== 'cli') o[key] = value;
    }
  }
  const options = o as unknown as CifarSvhnOptions;
  options.pair = options.pair as PairName;
  if (flags.taskA !== undefined) {
    options.taskA = taskSpecFromFlags(flags.taskA, flags.taskAOptions, '--task-a');
  }
  if (flags.taskB !== undefined) {
    options.taskB = taskSpecFromFlags(flags.taskB, flags.taskBOptions, '--task-b');
  }
  if (flags.operator !== undefined) {
    options.operator = operatorFromFlags(flags.operator, flags.operatorOptions);
  }
  const plugins = await loadPlugins(flags.plugin);
  if (plugins.length > 0) options.plugins = plugins;
  options.mutationProbability =
    (flags.mutationProbability as number | undefined) ?? defaultMutationProbability(options);
  return validateOptions(options);
}

/** The directions of the run: both ways of the pair, or A → B of the registered tasks. */
function directions(o: CifarSvhnOptions): Array<{ setting: string; a: TaskSpec; b: TaskSpec }> {
  if (o.taskA && o.taskB)
    return [{ setting: direction(o.taskA.id, o.taskB.id), a: o.taskA, b: o.taskB }];
  const pair = taskPair(o.pair, o);
  const [x, y] = pair.tasks;
  const [nx, ny] = pair.names;
  return [
    { setting: direction(nx, ny), a: x, b: y },
    { setting: direction(ny, nx), a: y, b: x },
  ];
}

/**
 * Makes every task once before anything runs, so that a missing data file is
 * reported at once (naming the file and where to put it), and returns the
 * grid's input size.
 * @throws {OptionError} if the tasks' inputs differ in size.
 */
async function checkTasks(o: CifarSvhnOptions): Promise<number> {
  const sizes = new Set<number>();
  const seen = new Set<string>();
  for (const { a, b } of directions(o)) {
    for (const spec of [a, b]) {
      const key = JSON.stringify(spec);
      if (seen.has(key)) continue;
      seen.add(key);
      sizes.add((await makeSpecTask(spec)).inputShape.reduce((x, y) => x * y, 1));
    }
  }
  if (sizes.size !== 1) {
    throw new OptionError(
      `the tasks' inputs differ in size (${[...sizes].join(' vs ')}); one grid serves both`,
    );
  }
  return [...sizes][0]!;
}

async function main(): Promise<void> {
  program.parse();
  const flags = program.opts<Flags>();
  const mode = folderModeOf(flags);
  let results: Results;
  let options: CifarSvhnOptions;
  if (flags.resume !== undefined) {
    results = await loadResults<CifarSvhnOptions, DirectionSummary[]>(flags.resume, RESULTS_FORMAT);
    options = { ...results.config, out: flags.resume };
    if (program.getOptionValueSource('seeds') === 'cli') options.seeds = flags.seeds as number;
    await loadPlugins(options.plugins ?? []);
  } else {
    options = await optionsFrom(flags);
    // Every check comes before anything is written.
    await checkResultsFolder(options.out, mode, resultsFolderHint(options.out));
    results = newResults(RESULTS_FORMAT, options);
  }
  // The registered operator is made for the grid's M now, before any task or data is loaded.
  if (options.operator) resolveMutation(options.operator, modulesPerLayer(options));
  const variant = enableRelaxedSimd();
  const backend = await initBackend(flags.backend ? { backend: flags.backend } : {});
  console.error(formatBackendDescription());
  const inputSize = await checkTasks(options);
  const settings = protocolSettings(options, inputSize);
  const jobs: TransferJob[] = [];
  for (let seed = options.seed; seed < options.seed + options.seeds; seed++) {
    for (const { setting, a, b } of directions(options)) {
      jobs.push({ plan: planTransfer(seed, a, b), settings, setting });
    }
  }
  const workers =
    flags.workers ??
    Math.max(1, Math.min(jobs.length * options.conditions.length, availableParallelism()));
  if (!Number.isInteger(workers) || workers < 1) {
    throw new OptionError(`--workers must be an integer ≥ 1, got ${workers}`);
  }
  const started = performance.now();
  await runExperiment({
    out: options.out,
    mode,
    folderHint: resultsFolderHint(options.out),
    results,
    jobs,
    summarise: (records) => summariseDirections(records, options.conditions),
    executor: localExecutor({
      workers,
      plugins: options.plugins ?? [],
      ...(flags.backend !== undefined && { backend: flags.backend }),
    }),
    events: {
      record: (r) => {
        const b = options.conditions
          .map((c) => `${c} ${(100 * (r.conditions[c]?.testAccuracy ?? Number.NaN)).toFixed(1)}%`)
          .join(', ');
        const elapsed = ((performance.now() - started) / 1000).toFixed(0);
        console.error(
          `${r.setting} seed ${r.seed}: A ${(100 * r.a.testAccuracy).toFixed(1)}%; B ${b} (${elapsed} s)`,
        );
      },
    },
  });
  const summary = summariseDirections(results.seeds, options.conditions);
  const pair = options.taskA ? undefined : taskPair(options.pair, options);
  console.log(
    `\nPathNet fixed-budget transfer (Sec. 3.2) — ${options.taskA ? 'registered tasks' : options.pair}, engine ${settings.engine} (${variant}), backend ${backend}, ` +
      `L=${settings.grid.layers.length} M=${settings.grid.modulesPerLayer} N=${settings.grid.maxActivePerLayer} P=${options.population} T=${options.steps} B=${options.batchSize} ` +
      `${options.generations} generations per task, lr=${options.learningRate}`,
  );
  console.log(formatDirections(summary, pair?.paper));
  console.log(
    `wall time: ${(results.elapsedSeconds ?? 0).toFixed(1)} s (compute, all phases summed: ${results.wallSeconds.toFixed(1)} s)`,
  );
  console.log(`results: ${resultsPath(options.out)}`);
  const pictures: string[] = [];
  for (const { setting } of directions(options)) {
    const records = results.seeds.filter((r) => r.setting === setting);
    if (records.length === 0) continue;
    const written = await writeSupervisedPictures(options.out, records, {
      layers: settings.grid.layers.length,
      modules: settings.grid.modulesPerLayer,
      conditions: options.conditions,
      threshold: Number.POSITIVE_INFINITY,
      maxGenerations: options.generations,
      bars: 'testAccuracy',
      taskName: (r, task) => r[task].id,
      prefix: `${setting.replace(/[^A-Za-z0-9._-]+/g, '-')}-`,
    });
    pictures.push(...written.filter((p) => p.endsWith('.png')));
  }
  console.log(`pictures: ${pictures.join(', ')}`);
}

main().catch((error: unknown) => {
  const known = error instanceof Error && /Error$/.test(error.name) && error.name !== 'Error';
  console.error(`cifar-svhn: ${error instanceof Error ? error.message : String(error)}`);
  if (!known && error instanceof Error && error.stack) console.error(error.stack);
  const badInput = [
    OptionError,
    ResumeError,
    PluginError,
    JsonOptionError,
    UnknownIdError,
    InvalidOperatorError,
    FolderFlagsError,
    ResultsFolderError,
    FolderLockedError,
  ].some((kind) => error instanceof kind);
  const missingData = error instanceof Error && error.name === 'DatasetNotFoundError';
  process.exit(badInput || missingData ? 2 : 1);
});
