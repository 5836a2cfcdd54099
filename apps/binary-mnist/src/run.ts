/**
 * The run of binary-mnist: the settings (flags with `--quick` and the plugins', or
 * a resumed folder's), every check (settings, plugins and what they register,
 * memory, tensor backend, job queue, resumed records, results folder) before
 * anything is written, then one job per seed (task A, then task B under each
 * condition), the summary table, the verdict and the pictures.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { formatBackendDescription, initBackend } from '@pathnet/backend';
import { resolveEngine } from '@pathnet/core';
import { startLiveDashboard } from '@pathnet/dashboard';
import { loadMnist } from '@pathnet/envs';
import {
  checkedQueue,
  checkResultsFolder,
  checkResumedRecords,
  Eta,
  executorOf,
  folderModeOf,
  formatSummary,
  jobKey,
  newResults,
  picturesLine,
  resultsPath,
  runExperiment,
  runSettings,
  SCRATCH_DIR,
  type SeedRecord,
  type Summary,
  seedRecordSchema,
  type TransferJob,
  writeSupervisedPictures,
} from '@pathnet/experiments';
import { dashboardListen, hogwildWarning, quickValues } from '@pathnet/experiments/cli';
import { enableRelaxedSimd } from '@pathnet/kernels';
import type { Command } from 'commander';
import type { Flags } from './cli.js';
import { checkMemory, optionsSchema } from './limits.js';
import {
  type ExperimentOptions,
  gridConfig,
  OptionError,
  paperDefaults,
  protocolSettings,
  quickOverrides,
  sharedDigitsNote,
  validateOptions,
} from './options.js';
import { checkRegisteredOf, registeredInputShape, withPlugins } from './plugin-flags.js';
import { createProgress } from './progress.js';
import { summaryOf, tasksTitle, verdictSentence } from './report.js';
import { planSeed, taskLabel } from './seeds.js';

/** Identifies the file format of this app's `results.json`. */
const RESULTS_FORMAT = 'pathnet-ts/binary-mnist-results@3';

/** The settings of a fresh run before its plugins: the flags, `--quick`'s values where the command line gave none. */
function optionsFrom(program: Command, flags: Flags): ExperimentOptions {
  const o: ExperimentOptions = { ...paperDefaults() };
  for (const key of Object.keys(o) as (keyof ExperimentOptions)[]) {
    if (flags[key as keyof Flags] !== undefined)
      Object.assign(o, { [key]: flags[key as keyof Flags] });
  }
  Object.assign(o, quickValues(program, quickOverrides()));
  // A registered task id instead of digits comes in through withPlugins.
  const taskB = flags.taskB;
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

/** The note printed when no condition solved B (the paper's criterion at its noise). */
const UNSOLVED_NOTE =
  'No condition solved task B within the generation cap, so generation counts and speedups cannot ' +
  'separate the conditions (with --noise-mode fresh at noise 0.5 the 0.998 criterion is out of reach, and at --learning-rate 0.0001 too slow: see the README).';

/** A flag the user typed, else the stored field of the resumed file. */
function settingName(
  program: Command,
  flags: Flags,
): (key: keyof ExperimentOptions | 'workers') => string {
  return (key) => {
    if (key === 'workers') return '--workers';
    const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    return flags.resume === undefined || program.getOptionValueSource(key) === 'cli'
      ? flag
      : `${resultsPath(flags.resume)} field config.${key}`;
  };
}

/** Checks everything, then runs the experiment. */
export async function run(program: Command, flags: Flags): Promise<void> {
  const mode = folderModeOf(flags);
  const listen = dashboardListen(flags);
  const { options, results } = await runSettings<ExperimentOptions, Summary, SeedRecord>({
    resume: flags.resume,
    fresh: async () => {
      const options = validateOptions(await withPlugins(flags, optionsFrom(program, flags)));
      const note = sharedDigitsNote(options);
      if (note !== null) console.error(note);
      return options;
    },
    format: RESULTS_FORMAT,
    program,
    seeds: flags.seeds,
    schemas: {
      config: optionsSchema,
      record: seedRecordSchema,
      key: (r: SeedRecord) => jobKey(r.setting, r.seed),
    },
    kept: ['--dashboard', '--dashboard-host'],
    validate: (options) => {
      validateOptions(options);
      checkRegisteredOf(options);
      return options;
    },
  });
  // Workers: at most one per phase that can run at once.
  const done = new Set(results.seeds.map((r) => r.seed));
  const lastSeed = options.seed + options.seeds - 1;
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
  // MNIST read once here (each worker thread reads it again): a missing or damaged file is
  // refused, naming it, before the folder is touched.
  if (options.taskSpecA === undefined || options.taskSpecB === undefined) await loadMnist();
  checkMemory(options, workers, settingName(program, flags), inputShape);

  const backend = await initBackend(flags.backend ? { backend: flags.backend } : {});
  const queue = await checkedQueue(flags.queue);

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
  checkResumedRecords({ out: options.out, results, jobs });
  if (mode !== 'resume') await checkResultsFolder(options.out, mode);

  // Every check is done: the run starts. The fused engine's kernels use fused multiply-add where the runtime allows it.
  const variant = enableRelaxedSimd();
  console.error(formatBackendDescription());
  const warning = options.concurrency > 1 ? hogwildWarning() : null;
  if (warning !== null) console.error(warning);
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

  const executor = executorOf(queue, {
    workers,
    plugins: options.plugins ?? [],
    ...(flags.backend !== undefined && { backend: flags.backend }),
  });
  if (queue !== undefined || workers > 1) {
    console.error(`running ${toRun} seed(s) on ${executor.description}`);
  }
  // A seed's conditions run at once: about workers ÷ conditions seeds at a time.
  const eta = new Eta(toRun, Math.max(1, Math.min(toRun, Math.floor(workers / conditions))));
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
        const left = eta.tick();
        const b = options.conditions
          .map((c) => `${c} ${result.conditions[c]?.generations ?? '-'}`)
          .join(', ');
        const line =
          `${left}: seed ${result.seed}, A ${taskLabel(result.taskA)} in ${result.a.generations} gen ` +
          `(${result.wallSeconds.toFixed(1)} s of compute)\n  B ${taskLabel(result.taskB)}, generations: ${b}`;
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
      `engine ${engineName(engine, variant)}, backend ${backend}, protocol ${options.protocol}\n` +
      `L=${options.layers} M=${options.modules} N=${options.active} P=${options.population} ` +
      `T=${options.steps} B=${options.batchSize} lr=${options.learningRate} threshold=${options.threshold} ` +
      `noise=${options.noise} (${options.noiseMode})` +
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
  console.log(picturesLine(options.out, pictures));
  const verdict = verdictSentence(summary, options);
  if (verdict !== null) console.log(verdict);
}
