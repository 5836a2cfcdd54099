/**
 * The run of cifar-svhn: the settings (flags with `--quick`, or a resumed
 * folder's), every check (settings, plugins and what they register, tensor
 * backend, data files, results folder) before anything is written, then one
 * job per seed and direction, the table beside the paper's and the pictures.
 */
import { availableParallelism } from 'node:os';
import { formatBackendDescription, initBackend } from '@pathnet/backend';
import {
  applyPluginFlags,
  checkRegistered,
  checkResultsFolder,
  checkResumedRecords,
  Eta,
  folderModeOf,
  localExecutor,
  makeSpecTask,
  picturesLine,
  planTransfer,
  resultsPath,
  runExperiment,
  runSettings,
  type SeedRecord,
  type TaskSpec,
  type TransferJob,
  writeSupervisedPictures,
} from '@pathnet/experiments';
import { quickValues } from '@pathnet/experiments/cli';
import { enableRelaxedSimd } from '@pathnet/kernels';
import type { Command } from 'commander';
import type { Flags } from './cli.js';
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
import { direction, taskPair } from './pairs.js';
import { type DirectionSummary, formatDirections, summariseDirections } from './report.js';

const RESULTS_FORMAT = 'pathnet-ts/cifar-svhn-results@2';

/** The settings of a fresh run: the flags, `--quick`'s values where the command line gave none, the plugins'. */
async function optionsFrom(program: Command, flags: Flags): Promise<CifarSvhnOptions> {
  const o = paperDefaults();
  const keys = [...Object.keys(o), 'dataDir', 'fashionDir'] as (keyof CifarSvhnOptions)[];
  const given = Object.fromEntries(
    keys
      .filter((k) => k !== 'taskA' && k !== 'taskB')
      .flatMap((k) => {
        const v = (flags as Partial<Record<keyof CifarSvhnOptions, unknown>>)[k];
        return v === undefined ? [] : [[k, v]];
      }),
  );
  const options: CifarSvhnOptions = { ...o, ...given, ...quickValues(program, quickOverrides()) };
  Object.assign(options, await applyPluginFlags(flags, modulesPerLayer(options)));
  options.mutationProbability = flags.mutationProbability ?? defaultMutationProbability(options);
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

/** Checks everything, then runs the experiment. */
export async function run(program: Command, flags: Flags): Promise<void> {
  const mode = folderModeOf(flags);
  const { options, results } = await runSettings<CifarSvhnOptions, DirectionSummary[], SeedRecord>({
    resume: flags.resume,
    fresh: () => optionsFrom(program, flags),
    format: RESULTS_FORMAT,
    program,
    seeds: flags.seeds,
    validate: (o) => {
      checkRegistered(o, modulesPerLayer(o));
      return validateOptions(o);
    },
  });
  // Every check comes before anything is written: the backend, the data files, the records, the folder.
  const backend = await initBackend(flags.backend ? { backend: flags.backend } : {});
  const inputSize = await checkTasks(options);
  const settings = protocolSettings(options, inputSize);
  const jobs: TransferJob[] = [];
  for (let seed = options.seed; seed < options.seed + options.seeds; seed++) {
    for (const { setting, a, b } of directions(options)) {
      jobs.push({ plan: planTransfer(seed, a, b), settings, setting });
    }
  }
  checkResumedRecords({ out: options.out, results, jobs });
  if (mode !== 'resume') await checkResultsFolder(options.out, mode);
  const variant = enableRelaxedSimd();
  console.error(formatBackendDescription());
  const workers =
    flags.workers ??
    Math.max(1, Math.min(jobs.length * options.conditions.length, availableParallelism()));
  const todo = jobs.length - results.seeds.length;
  const eta = new Eta(
    todo,
    Math.max(1, Math.min(todo, Math.ceil(workers / options.conditions.length))),
  );
  await runExperiment({
    out: options.out,
    mode,
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
        const progress = eta.tick();
        if (!flags.progress) return;
        const b = options.conditions
          .map((c) => `${c} ${(100 * (r.conditions[c]?.testAccuracy ?? Number.NaN)).toFixed(1)}%`)
          .join(', ');
        console.error(
          `${progress} ${r.setting} seed ${r.seed}: A ${(100 * r.a.testAccuracy).toFixed(1)}%; B ${b}`,
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
      prefix: `${setting.replace('→', '-to-').replace(/[^A-Za-z0-9._-]+/g, '-')}-`,
    });
    pictures.push(...written.filter((p) => p.endsWith('.png')));
  }
  console.log(picturesLine(options.out, pictures));
}
