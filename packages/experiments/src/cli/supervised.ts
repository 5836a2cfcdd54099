/**
 * The flags and checks the supervised transfer apps share (`binary-mnist`,
 * `cifar-svhn`; Fernando et al. 2017, Sec. 3.1–3.2): the conditions of task B
 * (each named with the two factors that define it), the fitness protocol, and
 * one check of the training settings however they came (flags, `--quick`, or
 * a results file read back with `--resume`), with the flags' bounds.
 *
 * @packageDocumentation
 */
import { FITNESS_PROTOCOLS, type FitnessProtocol, type OperatorRef } from '@pathnet/evolution';
import { CONDITION_FACTORS, CONDITIONS, type Condition } from '../plan.js';
import { checkBound, FlagError, type FlagGroup } from './flag.js';
import {
  BOUNDS,
  checkSeeds,
  ENGINES,
  folderFlags,
  pluginFlags,
  runtimeFlags,
  seedFlags,
  trainingFlags,
} from './groups.js';
import { checkListFlag, choiceFlag, listFlag, oneOf } from './kinds.js';

/**
 * The binary-MNIST settings of the paper (Fernando et al. 2017, Sec. 3.1): L = 3 layers of
 * M = 10 modules of 20 ReLU units, N = 3 active per layer, T = 50 minibatches of 16 per
 * pathway per tournament, and P = 20 pathways, the population its runs used (its first
 * author; the paper's table says 64).
 */
export const SEC_3_1 = {
  layers: 3,
  modules: 10,
  active: 3,
  units: 20,
  population: 20,
  steps: 50,
  batchSize: 16,
} as const;

/** Each condition with the two factors that define it, for `--help`. */
export const CONDITIONS_HELP = CONDITIONS.map((c) => {
  const f = CONDITION_FACTORS[c];
  return `${c} (weights ${f.weights}, start ${f.start})`;
}).join('; ');

/** `--conditions` (any subset of `CONDITIONS`, none twice) and `--protocol`. */
export function conditionFlags(d: {
  conditions: readonly Condition[];
  protocol: FitnessProtocol;
  protocolHelp?: string;
}): FlagGroup {
  return [
    listFlag(
      '--conditions <list>',
      `conditions for task B, comma-separated, any subset of: ${CONDITIONS_HELP}`,
      oneOf(CONDITIONS, 'condition'),
      { default: [...d.conditions] },
    ),
    choiceFlag(
      '--protocol <name>',
      d.protocolHelp ??
        "fitness protocol: serial (the paper's: the second pathway trains after the first and is favoured) or interleaved (one minibatch each in turn, ABBA; no slot favoured)",
      FITNESS_PROTOCOLS,
      { default: d.protocol },
    ),
  ];
}

/** What a supervised app declares for {@link supervisedGroups}: its defaults and the help texts that differ. */
export interface SupervisedDefaults {
  population: number;
  steps: number;
  batchSize: number;
  learningRate: number;
  learningRateHelp?: string;
  conditions: readonly Condition[];
  protocol: FitnessProtocol;
  protocolHelp?: string;
  seeds: number;
  seedsHelp: string;
  seed: number;
  out: string;
  quickHelp: string;
  resumeHelp?: string;
  engine: (typeof ENGINES)[number];
  engineHelp?: string;
  workersHelp: string;
  /** The `--queue` flag's help, where the app runs its jobs on a queue. */
  queueHelp?: string;
  progressHelp: string;
}

/**
 * The flag groups of a supervised transfer app besides its grid and its own flags:
 * training, conditions and protocol, seeds, results folder, runtime (`--workers` threads)
 * and plugins (`--plugin`, `--operator`, the registered tasks' options).
 */
export function supervisedGroups(d: SupervisedDefaults): FlagGroup[] {
  return [
    trainingFlags(d),
    conditionFlags(d),
    seedFlags(d),
    folderFlags(d),
    runtimeFlags({ ...d, threadsFlag: '--workers', threadsHelp: d.workersHelp }),
    pluginFlags({
      pluginHelp:
        'a module that registers tasks, GA operators or environments, imported before the run (repeatable; a path or a package name)',
      operator: true,
      taskOptions: true,
    }),
  ];
}

/**
 * The settings every supervised transfer app has (part of what `results.json` records as
 * its config); an app's options extend them with its grid, tasks and budget.
 */
export interface TrainingSettings {
  /** P: pathways in the population. */
  population: number;
  /** T: training minibatches per pathway per tournament. */
  steps: number;
  /** Minibatch size. */
  batchSize: number;
  /** SGD learning rate. */
  learningRate: number;
  /** Mutation probability per gene; by default 1/(N·L) of the grid (Sec. 2.1). */
  mutationProbability: number;
  /** A registered mutation operator in place of the built-in (`--operator`). */
  operator?: OperatorRef;
  /** `file:` URLs of the `--plugin` modules, imported before the run (and again on `--resume`). */
  plugins?: string[];
  /** How many repetitions; repetition i uses seed `seed + i`. */
  seeds: number;
  /** The first seed. */
  seed: number;
  /** Conditions of task B, in the order the tables list them. */
  conditions: Condition[];
  /** Fitness protocol of a tournament: `serial` (the paper's) or `interleaved` (no slot favoured). */
  protocol: FitnessProtocol;
  /** Where the grid lives and trains: `auto` (fused kernels unless a native tfjs backend runs), `fused` or `tfjs`. */
  engine: (typeof ENGINES)[number];
  /** Results folder. */
  out: string;
}

/**
 * Checks the training settings with the bounds their flags are declared with.
 * @throws {FlagError} naming the flag, the value and what it expects.
 */
export function checkTrainingSettings(o: TrainingSettings): void {
  checkBound('--population', o.population, BOUNDS.population);
  checkBound('--steps', o.steps, BOUNDS.steps);
  checkBound('--batch-size', o.batchSize, BOUNDS.batchSize);
  checkBound('--learning-rate', o.learningRate, BOUNDS.learningRate);
  checkBound('--mutation-probability', o.mutationProbability, BOUNDS.probability);
  checkSeeds(o);
  checkListFlag('--conditions', o.conditions, (c) =>
    oneOf(CONDITIONS, 'condition')(c, '--conditions'),
  );
  for (const [flag, value, allowed] of [
    ['--protocol', o.protocol, FITNESS_PROTOCOLS],
    ['--engine', o.engine, ENGINES],
  ] as const) {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new FlagError(`${flag} must be ${allowed.join(' or ')}, got "${value}"`);
    }
  }
}
