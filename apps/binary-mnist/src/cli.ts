#!/usr/bin/env node
/**
 * binary-mnist: the binary-MNIST transfer experiment of PathNet
 * (Fernando et al. 2017, Sec. 3.1) on real MNIST. Task A, then task B under
 * three conditions (pathnet, independent, fine-tune), repeated over seeds;
 * prints the summary table and writes results.json, a checkpoint and pictures.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { formatBackendDescription, initBackend } from '@pathnet/backend';
import { FolderLockedError, resolveEngine } from '@pathnet/core';
import { DashboardFlagError, startLiveDashboard } from '@pathnet/dashboard';
import { InvalidOperatorError, UnknownIdError } from '@pathnet/evolution';
import {
  CONDITION_FACTORS,
  checkResultsFolder,
  FORCE_FLAG_HELP,
  FolderFlagsError,
  folderModeOf,
  formatSummary,
  JsonOptionError,
  jobKey,
  loadPlugins,
  loadResults,
  localExecutor,
  newResults,
  PluginError,
  QueueUrlError,
  queueExecutor,
  type ResultsFile,
  ResultsFolderError,
  ResumeError,
  resultsFolderHint,
  resultsPath,
  runExperiment,
  SCRATCH_DIR,
  type SeedRecord,
  type Summary,
  seedRecordSchema,
  summarise,
  type TransferJob,
  writeSupervisedPictures,
} from '@pathnet/experiments';
import {
  addFlags,
  checkNeeds,
  type DashboardFlagValues,
  dashboardFlags,
  dashboardListen,
  FlagError,
} from '@pathnet/experiments/cli';
import { enableRelaxedSimd } from '@pathnet/kernels';
import { Command, InvalidArgumentError, Option } from 'commander';
import { checkMemory, optionsSchema } from './limits.js';
import {
  B_PATHWAYS,
  CONDITIONS,
  type Condition,
  type ExperimentOptions,
  gridConfig,
  OptionError,
  paperDefaults,
  protocolSettings,
  quickOverrides,
  reportLevels,
  sharedDigitsNote,
  validateOptions,
} from './options.js';
import {
  addPluginFlags,
  applyPluginFlags,
  checkRegistered,
  type PluginFlags,
  registeredInputShape,
  taskOrDigits,
} from './plugin-flags.js';
import { createProgress } from './progress.js';
import { tasksTitle, verdictSentence } from './report.js';
import { planSeed, taskLabel } from './seeds.js';

/** Largest seed of a repetition (the PRNG takes 32-bit seeds). */
const MAX_SEED = 2 ** 31 - 1;
/** Identifies the file format of this app's `results.json`. */
const RESULTS_FORMAT = 'pathnet-ts/binary-mnist-results@3';
/** The app's results file: its options as config, the summary of every seed. */
type Results = ResultsFile<ExperimentOptions, Summary>;

const number = (flag: string) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new InvalidArgumentError(`${flag} expects a number, got "${value}"`);
  }
  return n;
};
const conditionList = (value: string) => value.split(',').map((s) => s.trim()) as Condition[];
const levelList = (value: string) => value.split(',').map((s) => number('--report-thresholds')(s));

/** Each condition with the two factors that define it, for `--help`. */
const CONDITIONS_HELP = CONDITIONS.map((c) => {
  const f = CONDITION_FACTORS[c];
  return `${c} (weights ${f.weights}, start ${f.start})`;
}).join('; ');

const d = paperDefaults();
const program = new Command('binary-mnist')
  .description(
    'PathNet binary-MNIST transfer (Fernando et al. 2017, Sec. 3.1): evolve pathways for task A ' +
      '(digit a vs b), freeze the best, then learn task B under conditions that each differ from ' +
      "their control in one factor: the weights B starts from (fresh; frozen-path: A's best " +
      "pathway frozen, the rest re-initialised; all-of-a: A's weights, nothing frozen) and where " +
      "B's population starts (random, or converged: every pathway A's best). Defaults are the " +
      "paper's settings, except the measured learning rate.",
  )
  .option('--layers <L>', 'layers of modules', number('--layers'), d.layers)
  .option('--modules <M>', 'modules per layer', number('--modules'), d.modules)
  .option('--active <N>', 'at most N active modules per layer', number('--active'), d.active)
  .option('--units <U>', 'ReLU units per module', number('--units'), d.units)
  .option('--population <P>', 'pathways in the population', number('--population'), d.population)
  .option(
    '--steps <T>',
    'training minibatches per pathway per tournament',
    number('--steps'),
    d.steps,
  )
  .option('--batch-size <B>', 'minibatch size', number('--batch-size'), d.batchSize)
  .option('--noise <p>', 'salt-and-pepper noise probability per pixel', number('--noise'), d.noise)
  .addOption(
    new Option(
      '--noise-mode <mode>',
      'once: noise drawn once per training image (a fixed noisy training set, as every public port); fresh: per minibatch',
    )
      .choices(['once', 'fresh'])
      .default(d.noiseMode),
  )
  .addOption(
    new Option(
      '--protocol <name>',
      "fitness protocol: serial (the paper's: the second pathway trains after the first and is favoured) or interleaved (one minibatch each in turn, ABBA; no slot favoured)",
    )
      .choices(['serial', 'interleaved'])
      .default(d.protocol),
  )
  .option(
    '--threshold <acc>',
    'stop when a pathway reaches this training accuracy',
    number('--threshold'),
    d.threshold,
  )
  .option(
    '--max-generations <G>',
    'generation cap per task',
    number('--max-generations'),
    d.maxGenerations,
  )
  .option(
    '--learning-rate <lr>',
    'SGD learning rate (paper: 0.0001, which does not reach the stop within the cap; see README for the sweep)',
    number('--learning-rate'),
    d.learningRate,
  )
  .option(
    '--mutation-probability <p>',
    'mutation probability per gene (default 1/(N·L))',
    number('--mutation-probability'),
  )
  .option(
    '--task-a <a,b|id>',
    'task A digits, or a registered task id (default: a random pair per seed)',
    taskOrDigits('--task-a'),
  )
  .option(
    '--task-b <a,b|id|relation>',
    'task B digits, a registered task id, or a relation to task A: same (A itself, its noisy ' +
      "images: positive control), same-renoised (A's digits, new noise: positive control), " +
      "permuted (A's digits, new noise, pixels permuted: negative control), shared-digit " +
      "(A's first digit and a new one) (default: a random pair per seed, distinct from A's)",
    taskOrDigits('--task-b'),
  )
  .option('--seeds <K>', 'repetitions of the whole experiment', number('--seeds'), d.seeds)
  .option('--seed <S>', 'first seed (repetition i uses S + i)', number('--seed'), d.seed)
  .addOption(
    new Option(
      '--conditions <list>',
      `conditions for task B, comma-separated, any subset of: ${CONDITIONS_HELP}`,
    )
      .argParser(conditionList)
      .default(d.conditions),
  )
  .addOption(
    new Option(
      '--b-pathways <which>',
      "modules B's pathways run: own (the paper's) or include-frozen (A's frozen path added to " +
        'every B pathway in conditions that freeze it, up to min(M, 2N) active per layer: the TF ' +
        "port's change, not the paper's)",
    )
      .choices([...B_PATHWAYS])
      .default(d.bPathways),
  )
  .option(
    '--report-thresholds <list>',
    "also read generations to these training accuracies from each run's fitness curve, " +
      'comma-separated, each ≤ --threshold (default 0.8,0.9,0.95,0.98 where below it)',
    levelList,
  )
  .option('--out <dir>', 'results folder', d.out)
  .option(
    '--quick',
    'small settings for a smoke run in seconds (P=8, T=10, threshold 0.9, 30 generations, 2 seeds; --out results/binary-mnist-quick)',
  )
  .option(
    '--resume <dir>',
    'continue an interrupted run from its results folder (its settings are kept; --seeds may raise the count)',
  )
  .option('--force', FORCE_FLAG_HELP)
  .addOption(
    new Option(
      '--engine <engine>',
      'fused: WebAssembly kernels for dense grids; tfjs: tfjs ops on the backend; auto: fused unless the native tfjs backend is active',
    )
      .choices(['auto', 'fused', 'tfjs'])
      .default(d.engine),
  )
  .option(
    '--backend <name>',
    'force a tensor backend (tensorflow, wasm, cpu); default: best available',
  )
  .option(
    '--concurrency <c>',
    "a tournament's two pathways trained at once (2, hogwild on the fused engine; results then vary from run to run) or one after the other (1)",
    number('--concurrency'),
    d.concurrency,
  )
  .option(
    '--workers <K>',
    'phases (task A of a seed, or one task-B condition) run at once in worker threads (default: the cores, at least one per condition); results are the same for any K',
    number('--workers'),
  )
  .option(
    '--queue <url>',
    'run the seeds as jobs of a BullMQ queue on this Redis server (redis://host:port) instead of here; ' +
      'start `pathnet-worker --queue <url>` on any machines to run them (no checkpoint is saved then)',
  )
  .option('--no-progress', 'no progress bar');
addFlags(program, dashboardFlags());
addPluginFlags(program)
  .showHelpAfterError('(run with --help for usage)')
  // Bad flags exit with 2, like every other bad input; --help exits with 0.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

type Flags = Omit<ExperimentOptions, 'mutationProbability' | 'taskA' | 'taskB'> &
  PluginFlags &
  DashboardFlagValues & {
    mutationProbability?: number;
    quick?: boolean;
    resume?: string;
    force?: boolean;
    backend?: string;
    workers?: number;
    queue?: string;
    progress: boolean;
  };

function optionsFrom(flags: Flags): ExperimentOptions {
  const explicit = (name: string) => program.getOptionValueSource(name) === 'cli';
  const o: ExperimentOptions = { ...paperDefaults() };
  for (const key of Object.keys(o) as (keyof ExperimentOptions)[]) {
    if (flags[key] !== undefined) (o as unknown as Record<string, unknown>)[key] = flags[key];
  }
  if (flags.quick) {
    for (const [key, value] of Object.entries(quickOverrides())) {
      if (!explicit(key)) (o as unknown as Record<string, unknown>)[key] = value;
    }
  }
  // A registered task id instead of digits comes in through applyPluginFlags.
  const taskB = flags.taskB as PluginFlags['taskB'];
  if (taskB !== undefined && !Array.isArray(taskB) && 'relation' in taskB) {
    o.bRelation = taskB.relation;
    if (flags.taskBOptions !== undefined) {
      throw new OptionError(
        `--task-b-options applies to a registered --task-b, not to --task-b ${taskB.relation}`,
      );
    }
  }
  if (!Array.isArray(o.taskA)) o.taskA = undefined;
  if (!Array.isArray(o.taskB)) o.taskB = undefined;
  if (flags.reportThresholds !== undefined) o.reportThresholds = flags.reportThresholds;
  o.mutationProbability = flags.mutationProbability ?? 1 / (o.active * o.layers);
  return validateOptions(o);
}

/** The engine as the summary names it: the fused one with its kernels variant. */
function engineName(engine: string, variant: string): string {
  return engine === 'fused' ? `fused (${variant})` : engine;
}

/** Summary statistics of the seeds so far. */
function summaryOf(records: readonly SeedRecord[], o: ExperimentOptions): Summary {
  return summarise(records, o.conditions, {
    maxGenerations: o.maxGenerations,
    maxModules: o.layers * o.active,
    threshold: o.threshold,
    levels: reportLevels(o),
  });
}

/** The note printed when no condition solved B (the paper's criterion at its noise). */
const UNSOLVED_NOTE =
  'No condition solved task B within the generation cap, so generation counts and speedups cannot ' +
  'separate the conditions (with --noise-mode fresh at noise 0.5 the 0.998 criterion is out of reach, and at --learning-rate 0.0001 too slow: see the README).';

/** A flag the user typed, else the stored field of the resumed file. */
function settingName(flags: Flags): (key: keyof ExperimentOptions | 'workers') => string {
  return (key) => {
    if (key === 'workers') return '--workers';
    const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    return flags.resume === undefined || program.getOptionValueSource(key) === 'cli'
      ? flag
      : `${resultsPath(flags.resume)} field config.${key}`;
  };
}

async function main(): Promise<void> {
  program.parse();
  const flags = program.opts<Flags>();
  // Every check comes before anything is written.
  if (flags.resume !== undefined && flags.resume.trim() === '') {
    throw new OptionError('--resume expects the results folder of an earlier run, got ""');
  }
  const mode = folderModeOf(flags);
  checkNeeds(program, [dashboardFlags()]);
  const listen = dashboardListen(flags);
  if (flags.workers !== undefined && (!Number.isInteger(flags.workers) || flags.workers < 1)) {
    throw new OptionError(`--workers must be an integer ≥ 1, got ${flags.workers}`);
  }
  let results: Results;
  let options: ExperimentOptions;
  if (flags.resume !== undefined) {
    await checkResultsFolder(flags.resume, 'resume');
    results = await loadResults<ExperimentOptions, Summary>(
      flags.resume,
      RESULTS_FORMAT,
      '--resume',
      {
        config: optionsSchema,
        record: seedRecordSchema,
        key: (r: SeedRecord) => jobKey(r.setting, r.seed),
      },
    );
    options = { ...results.config, out: flags.resume };
    if (program.getOptionValueSource('seeds') === 'cli') options.seeds = flags.seeds;
    const ignored = program.options
      .filter((opt) => program.getOptionValueSource(opt.attributeName()) === 'cli')
      .map((opt) => opt.long ?? '')
      .filter(
        (long) =>
          ![
            '--resume',
            '--seeds',
            '--workers',
            '--backend',
            '--queue',
            '--no-progress',
            '--dashboard',
            '--dashboard-host',
          ].includes(long),
      );
    if (ignored.length > 0) {
      console.error(
        `--resume keeps the settings of ${resultsPath(flags.resume)}; ignoring ${ignored.join(', ')}`,
      );
    }
    if (options.seeds < results.seeds.length) {
      console.error(
        `--seeds ${options.seeds} is below the ${results.seeds.length} seeds already done; keeping them all`,
      );
      options.seeds = results.seeds.length;
    }
    try {
      validateOptions(options);
    } catch (e) {
      if (!(e instanceof OptionError) || program.getOptionValueSource('seeds') === 'cli') throw e;
      throw new ResumeError(
        `--resume ${flags.resume}: the settings stored in ${resultsPath(flags.resume)} do not fit together: ${e.message}`,
      );
    }
    await loadPlugins(options.plugins ?? []);
  } else {
    options = validateOptions(await applyPluginFlags(flags, optionsFrom(flags)));
    const note = sharedDigitsNote(options);
    if (note !== null) console.error(note);
    await checkResultsFolder(options.out, mode, resultsFolderHint(options.out));
    results = newResults(RESULTS_FORMAT, options);
  }
  checkRegistered(options);
  const queue = flags.queue === undefined ? undefined : queueExecutor({ url: flags.queue });
  // Workers: at most one per phase that can run at once.
  const done = new Set(results.seeds.map((r) => r.seed));
  const lastSeed = options.seed + options.seeds - 1;
  if (lastSeed > MAX_SEED) {
    throw new OptionError(
      `--seed ${options.seed} with --seeds ${options.seeds}: the last seed ${lastSeed} must be at most ${MAX_SEED} (seeds are 32-bit)`,
    );
  }
  const doneInRange = [...done].filter((s) => s >= options.seed && s <= lastSeed).length;
  const toRun = options.seeds - doneInRange;
  const conditions = Math.max(1, options.conditions.length);
  const phasesAtOnce = Math.max(1, toRun * conditions);
  // Each seed runs task A, then its conditions at once: up to that many phases in parallel.
  // At least one worker per condition, so that a seed's conditions share the cores evenly
  // instead of one waiting for the others to finish.
  const workers = Math.min(
    flags.workers ?? Math.max(availableParallelism(), conditions),
    phasesAtOnce,
  );
  if (flags.workers !== undefined && workers < flags.workers) {
    console.error(
      `--workers ${flags.workers}: only ${workers} phase(s) can run at once; using ${workers}`,
    );
  }
  const inputShape = await registeredInputShape(options);
  checkMemory(options, workers, settingName(flags), inputShape);

  // The fused engine's kernels use fused multiply-add where the runtime allows it.
  const variant = enableRelaxedSimd();
  const backend = await initBackend(flags.backend ? { backend: flags.backend } : {});
  console.error(formatBackendDescription());
  results.backend = newResults(RESULTS_FORMAT, options).backend;
  results.config = options;

  const progress = createProgress(
    flags.progress && process.stderr.isTTY === true,
    options.maxGenerations,
  );
  process.once('SIGINT', () => {
    progress.stop();
    console.error(
      `\ninterrupted: ${results.seeds.length} finished seed(s) are in ${resultsPath(options.out)}; ` +
        `continue with --resume ${options.out}`,
    );
    process.exit(130);
  });

  const settings = protocolSettings(options, inputShape);
  const jobs: TransferJob[] = [];
  for (let seed = options.seed; seed <= lastSeed; seed++) {
    jobs.push({
      plan: planSeed(seed, options),
      settings,
      // Through a queue the grid stays on the worker's machine: no checkpoint then.
      ...(seed === lastSeed && queue === undefined
        ? { checkpointDir: path.join(options.out, `checkpoint-seed-${seed}`) }
        : {}),
      // Temporary files (task A's grids) under the results folder, removed on every start.
      ...(queue === undefined && { scratchDir: path.join(options.out, SCRATCH_DIR) }),
    });
  }
  const executor =
    queue ??
    localExecutor({
      workers,
      plugins: options.plugins ?? [],
      ...(flags.backend !== undefined && { backend: flags.backend }),
    });
  if (queue !== undefined || workers > 1) {
    console.error(`running ${toRun} seed(s) on ${executor.description}`);
  }
  const dashboard =
    listen &&
    (await startLiveDashboard({
      title: `binary-mnist · ${options.out}`,
      grid: { layers: options.layers, modules: options.modules, active: options.active },
      plan: {
        seeds: toRun,
        phasesPerSeed: 1 + options.conditions.length,
        maxGenerations: options.maxGenerations,
      },
      conditions: options.conditions,
      ...listen,
    }));
  if (dashboard) console.error(`dashboard: ${dashboard.url}`);
  await runExperiment({
    out: options.out,
    mode,
    folderHint: resultsFolderHint(options.out),
    results,
    jobs,
    summarise: (records) => summaryOf(records, options),
    executor,
    events: {
      progress: (event) => {
        progress.update(event);
        dashboard?.progress(event);
      },
      phaseDone: (event) => {
        progress.phaseDone(event);
        dashboard?.phaseDone(event);
      },
      record: (result) => {
        dashboard?.record(result);
        const b = options.conditions
          .map((c) => `${c} ${result.conditions[c]?.generations ?? '-'}`)
          .join(', ');
        const line =
          `seed ${result.seed}: A ${taskLabel(result.taskA)} in ${result.a.generations} gen; ` +
          `B ${taskLabel(result.taskB)}: ${b} (${result.wallSeconds.toFixed(1)} s of compute)`;
        progress.done(result.seed, line);
      },
    },
  });
  progress.stop();
  if (dashboard) {
    await dashboard.close();
    console.error(`dashboard closed; to browse this run again: pathnet view ${options.out}`);
  }

  const summary = summaryOf(results.seeds, options);
  const pictures = await writeSupervisedPictures(options.out, results.seeds, {
    layers: options.layers,
    modules: options.modules,
    conditions: options.conditions,
    threshold: options.threshold,
    maxGenerations: options.maxGenerations,
    bars: 'generations',
    taskName: (record, task) => taskLabel(record[task], ' vs '),
  });
  const engine = resolveEngine(gridConfig(options, inputShape), options.engine);
  console.log(
    `\nPathNet transfer, ${tasksTitle(options)}\n` +
      `engine ${engineName(engine, variant)}, backend ${backend}, ` +
      `L=${options.layers} M=${options.modules} N=${options.active} P=${options.population} ` +
      `T=${options.steps} B=${options.batchSize} lr=${options.learningRate} threshold=${options.threshold} ` +
      `noise=${options.noise} (${options.noiseMode}) protocol=${options.protocol}` +
      (options.bPathways === 'own' ? '' : ` b-pathways=${options.bPathways}`) +
      (options.concurrency > 1 && engine === 'fused'
        ? ` concurrency=${options.concurrency} (hogwild)`
        : ''),
  );
  console.log(formatSummary(summary, { unsolvedNote: UNSOLVED_NOTE }));
  console.log(
    `wall time: ${(results.elapsedSeconds ?? results.wallSeconds).toFixed(1)} s ` +
      `(compute, all phases of all seeds summed: ${results.wallSeconds.toFixed(1)} s)`,
  );
  console.log(`results: ${resultsPath(options.out)}`);
  console.log(`pictures: ${pictures.filter((p) => p.endsWith('.png')).join(', ')}`);
  const verdict = verdictSentence(summary, options);
  if (verdict !== null) console.log(verdict);
}

main().catch((error: unknown) => {
  const known = error instanceof Error && /Error$/.test(error.name) && error.name !== 'Error';
  console.error(`binary-mnist: ${error instanceof Error ? error.message : String(error)}`);
  if (!known && error instanceof Error && error.stack) console.error(error.stack);
  const badInput = [
    OptionError,
    ResumeError,
    PluginError,
    JsonOptionError,
    UnknownIdError,
    InvalidOperatorError,
    QueueUrlError,
    ResultsFolderError,
    FolderLockedError,
    FolderFlagsError,
    DashboardFlagError,
    FlagError,
  ].some((kind) => error instanceof kind);
  process.exit(badInput ? 2 : 1);
});
