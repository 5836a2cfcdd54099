/**
 * The flag groups every app composes (DESIGN.md, "Apps and results"): seeds,
 * results folder, runtime, plugins, grid, supervised training and A3C, each
 * flag declared once with its parser, bound and help. An app passes its
 * defaults and the few help texts that differ; the bounds ({@link BOUNDS}) are
 * the same everywhere, and the apps' checks of settings read from a results
 * file use them too ({@link checkFlag}).
 *
 * @packageDocumentation
 */

import { FORCE_FLAG_HELP } from '../folder-flags.js';
import { checkQueueUrl } from '../queue-errors.js';
import { type Bound, checkBound, FlagError, type FlagGroup, type FlagSpec } from './flag.js';
import { choiceFlag, jsonFlag, nameFlag, numberFlag, switchFlag } from './kinds.js';
import { countBound } from './limits.js';

/** Largest first seed (the PRNGs take 32-bit seeds). */
export const MAX_SEED = 2 ** 31 - 1;

/** The bound of every number flag, by what it counts. */
export const BOUNDS = {
  seeds: countBound(1, 'record'),
  seed: { integer: true, min: 0, max: MAX_SEED },
  /** Jobs (or phases) at once, each in a worker thread. */
  threads: countBound(1, 'thread'),
  /** A3C workers of one run: a tournament needs another worker. */
  a3cWorkers: countBound(2, 'a3cWorker'),
  frames: { integer: true, min: 1 },
  episodes: { integer: true, min: 1 },
  layers: countBound(1, 'module'),
  modules: countBound(1, 'module'),
  active: countBound(1, 'module'),
  units: countBound(1, 'weight', true),
  population: countBound(2, 'pathway'),
  steps: { integer: true, min: 1 },
  batchSize: countBound(1, 'example'),
  generations: { integer: true, min: 1 },
  learningRate: { above: 0 },
  probability: { min: 0, max: 1 },
  fraction: { above: 0, max: 1 },
  entropyCost: { min: 0 },
} as const satisfies Record<string, Bound>;

/**
 * Checks a setting against its flag's bound, however it came (flag, `--quick`, results file).
 * @throws {FlagError} `--flag must be …, got …`.
 */
export const checkFlag = (flag: string, value: number, bound: Bound): number =>
  checkBound(flag, value, bound);

/** The engines of a grid (`@pathnet/core` `EngineChoice`). */
export const ENGINES = ['auto', 'fused', 'tfjs'] as const;

const ENGINE_HELP =
  'auto (fused, or tfjs when a native tfjs backend runs), fused (WebAssembly kernels) or tfjs';

/** `--seeds` and `--seed`. */
export function seedFlags(d: { seeds: number; seedsHelp: string; seed?: number }): FlagGroup {
  return [
    numberFlag('--seeds <K>', d.seedsHelp, BOUNDS.seeds, { default: d.seeds }),
    numberFlag('--seed <S>', 'first seed (S … S+K−1)', BOUNDS.seed, { default: d.seed ?? 1 }),
  ];
}

/** `--out`, `--quick`, `--resume`, `--force`: where results go and how a run takes the folder. */
export function folderFlags(d: {
  out?: string;
  outHelp?: string;
  quickHelp: string;
  resumeHelp?: string;
}): FlagGroup {
  const out = nameFlag('--out <dir>', d.outHelp ?? 'results folder', 'a folder', {
    ...(d.out !== undefined && { default: d.out }),
  });
  return [
    out,
    switchFlag('--quick', d.quickHelp),
    nameFlag(
      '--resume <dir>',
      d.resumeHelp ??
        'continue an interrupted run from its results folder (its settings are kept; --seeds may raise the count)',
      'the results folder of an earlier run',
    ),
    switchFlag('--force', FORCE_FLAG_HELP),
  ];
}

/** The `--queue` flag's spec (a `redis://` URL, checked before connecting). */
function queueFlag(help: string): FlagSpec<string> {
  return {
    flags: '--queue <url>',
    help,
    parse: (text) => text,
    check: (url) => {
      try {
        checkQueueUrl(url);
      } catch (e) {
        throw new FlagError((e as Error).message);
      }
    },
  };
}

/**
 * `--engine`, `--backend`, the threads flag (`--threads`, or `--workers` in the
 * supervised apps), `--queue` where the app runs jobs on a queue, `--no-progress`.
 */
export function runtimeFlags(d: {
  /** The default engine; `null`: the app has no `--engine`. */
  engine?: (typeof ENGINES)[number] | null;
  engineHelp?: string;
  threadsFlag?: '--threads' | '--workers';
  threadsHelp?: string;
  queueHelp?: string;
  progressHelp?: string;
}): FlagGroup {
  const threads = d.threadsFlag ?? '--threads';
  return [
    ...(d.engine === null
      ? []
      : [
          choiceFlag('--engine <engine>', d.engineHelp ?? ENGINE_HELP, ENGINES, {
            default: d.engine ?? 'fused',
          }),
        ]),
    nameFlag(
      '--backend <name>',
      'force a tensor backend (tensorflow, wasm, cpu; a plugin may add one); default: best available',
      'a backend name',
    ),
    numberFlag(
      `${threads} <K>`,
      d.threadsHelp ?? 'jobs at once in worker threads (default: the cores)',
      BOUNDS.threads,
    ),
    ...(d.queueHelp !== undefined ? [queueFlag(d.queueHelp)] : []),
    switchFlag('--no-progress', d.progressHelp ?? 'no progress lines'),
  ];
}

/**
 * `--plugin` (repeatable), and where the app takes them `--operator` with
 * `--operator-options` and the registered tasks' `--task-a-options`/`--task-b-options`.
 */
export function pluginFlags(d: {
  pluginHelp: string;
  operator?: boolean;
  taskOptions?: boolean;
}): FlagGroup {
  const plugin = nameFlag('--plugin <module>', d.pluginHelp, 'a module path or package name', {
    repeatable: true,
  });
  return [
    plugin,
    ...(d.operator
      ? [
          nameFlag(
            '--operator <name>',
            'a registered mutation operator in place of the built-in (built with {modules: M, ...--operator-options})',
            'an operator name',
          ),
          jsonFlag('--operator-options <json>', "the operator's options as a JSON object", {
            needs: '--operator',
          }),
        ]
      : []),
    ...(d.taskOptions
      ? [
          jsonFlag('--task-a-options <json>', 'options of a registered --task-a as a JSON object', {
            needs: '--task-a',
          }),
          jsonFlag('--task-b-options <json>', 'options of a registered --task-b as a JSON object', {
            needs: '--task-b',
          }),
        ]
      : []),
  ];
}

/** Number flags the app has where it gives a default: `[key, syntax, help, bound]` each. */
type OptionalNumbers<K extends string> = ReadonlyArray<readonly [K, string, string, Bound]>;

/** The specs of `table` whose key `d` gives a default for, in the table's order. */
function present<K extends string>(
  table: OptionalNumbers<K>,
  d: Partial<Record<K, number>>,
): FlagSpec<unknown>[] {
  return table.flatMap(([key, flags, help, bound]) => {
    const value = d[key];
    return value === undefined ? [] : [numberFlag(flags, help, bound, { default: value })];
  });
}

/**
 * The grid's sizes: `--layers`, `--modules`, `--active` where the app has them, and `--units`.
 * `note`, where given, ends every help text in parentheses (e.g. which grid the sizes apply to).
 */
export function gridFlags(d: {
  layers?: number;
  modules?: number;
  active?: number;
  units: number;
  note?: string;
}): FlagGroup {
  const help = (text: string) => (d.note === undefined ? text : `${text} (${d.note})`);
  return present(
    [
      ['layers', '--layers <L>', help('layers of modules'), BOUNDS.layers],
      ['modules', '--modules <M>', help('modules per layer'), BOUNDS.modules],
      [
        'active',
        '--active <N>',
        help('at most N active modules per layer on a pathway'),
        BOUNDS.active,
      ],
      ['units', '--units <U>', help('ReLU units per module'), BOUNDS.units],
    ],
    d,
  );
}

/** Supervised evolution: `--population`, `--steps`, `--batch-size`, `--learning-rate`, `--mutation-probability`. */
export function trainingFlags(d: {
  population: number;
  steps: number;
  batchSize: number;
  learningRate: number;
  learningRateHelp?: string;
}): FlagGroup {
  return [
    numberFlag('--population <P>', 'pathways in the population', BOUNDS.population, {
      default: d.population,
    }),
    numberFlag('--steps <T>', 'training minibatches per pathway per tournament', BOUNDS.steps, {
      default: d.steps,
    }),
    numberFlag('--batch-size <B>', 'minibatch size', BOUNDS.batchSize, { default: d.batchSize }),
    numberFlag(
      '--learning-rate <lr>',
      d.learningRateHelp ?? 'SGD learning rate',
      BOUNDS.learningRate,
      {
        default: d.learningRate,
      },
    ),
    numberFlag(
      '--mutation-probability <p>',
      'mutation probability per gene (default 1/(N·L))',
      BOUNDS.probability,
    ),
  ];
}

/**
 * A3C (Mnih et al. 2016) as PathNet-A3C runs it: `--frames`, `--workers`, and where the
 * app has one value of each, `--learning-rate`, `--entropy-cost`, `--evaluation-episodes`,
 * `--tournament-size`.
 */
export function a3cFlags(d: {
  frames: number;
  framesHelp: string;
  workers: number;
  workersHelp: string;
  learningRate?: number;
  entropyCost?: number;
  evaluationEpisodes?: number;
  tournamentSize?: number;
}): FlagGroup {
  return [
    numberFlag('--frames <F>', d.framesHelp, BOUNDS.frames, { default: d.frames }),
    numberFlag('--workers <W>', d.workersHelp, BOUNDS.a3cWorkers, { default: d.workers }),
    ...present(
      [
        [
          'learningRate',
          '--learning-rate <lr>',
          'initial RMSProp learning rate',
          BOUNDS.learningRate,
        ],
        ['entropyCost', '--entropy-cost <b>', 'entropy cost β', BOUNDS.entropyCost],
        [
          'evaluationEpisodes',
          '--evaluation-episodes <T>',
          'episodes per fitness evaluation',
          BOUNDS.episodes,
        ],
        [
          'tournamentSize',
          '--tournament-size <B>',
          'other workers per tournament',
          BOUNDS.episodes,
        ],
      ],
      d,
    ),
  ];
}

/**
 * Checks the seeds of a run however they came: `--seeds`, `--seed`, and the last seed
 * (`--seed` + `--seeds` − 1) within the PRNGs' 32 bits.
 * @throws {FlagError} naming the flag, the value and what it expects.
 */
export function checkSeeds(o: { seeds: number; seed: number }): void {
  checkBound('--seeds', o.seeds, BOUNDS.seeds);
  checkBound('--seed', o.seed, BOUNDS.seed);
  const last = o.seed + o.seeds - 1;
  if (last > MAX_SEED) {
    throw new FlagError(
      `--seed ${o.seed} with --seeds ${o.seeds}: the last seed ${last} must be at most ${MAX_SEED} (seeds are 32-bit)`,
    );
  }
}

/**
 * Checks a grid's sizes however they came: `--layers` (where the app has it), `--modules`,
 * `--active` (at most `--modules`: a pathway picks at most M distinct modules per layer) and
 * `--units`, with the flags' bounds.
 * @throws {FlagError} naming the flag, the value and what it expects.
 */
export function checkGridSizes(o: {
  layers?: number;
  modules: number;
  active: number;
  units: number;
}): void {
  if (o.layers !== undefined) checkBound('--layers', o.layers, BOUNDS.layers);
  checkBound('--modules', o.modules, BOUNDS.modules);
  checkBound('--active', o.active, BOUNDS.active);
  if (o.active > o.modules) {
    throw new FlagError(
      `--active (N=${o.active}) cannot exceed --modules (M=${o.modules}): a pathway picks at most M distinct modules per layer`,
    );
  }
  checkBound('--units', o.units, BOUNDS.units);
}
