#!/usr/bin/env node
/**
 * continual: many tasks on one PathNet without forgetting (Fernando et al. 2017, Sec. 2.3,
 * repeated per task), measured as the continual-learning field measures it: task-incremental
 * Split MNIST, Permuted MNIST and Split Fashion-MNIST (van de Ven & Tolias 2019), pathnet against
 * fine-tune, EWC (a λ sweep), independent networks and joint training at one budget of SGD steps
 * per task; the accuracy matrix R, ACC/BWT/FWT (Lopez-Paz & Ranzato 2017) with 95% intervals over
 * seeds, and PathNet's capacity. Writes results.json (after every run: resumable) and pictures.
 *
 * This file declares the command line only (the shared flag groups of `@pathnet/experiments/cli`
 * plus the app's own); the run (./run.ts) loads when the flags parse.
 */
import {
  BOUNDS,
  boundedNumber,
  choiceFlag,
  composeProgram,
  folderFlags,
  gridFlags,
  listFlag,
  longFlag,
  nameFlag,
  numberFlag,
  oneOf,
  runCli,
  runtimeFlags,
  seedFlags,
  trainingFlags,
} from '@pathnet/experiments/cli';
import { BENCHMARKS, defaults, METHODS } from './options.js';
import type { Flags } from './run.js';

const d = defaults();

/** The app's own flags: the task sequence, the methods and the budget per task. */
const continualFlags = [
  choiceFlag('--benchmark <name>', 'task sequence', BENCHMARKS, { default: d.benchmark }),
  numberFlag('--tasks <K>', 'learn only the first K tasks (default: all of the benchmark)', {
    integer: true,
    min: 1,
  }),
  listFlag(
    '--methods <list>',
    `comma list of ${METHODS.join(', ')} (default: all)`,
    oneOf(METHODS, 'method'),
  ),
  listFlag(
    '--ewc-lambdas <list>',
    `comma list of EWC penalty weights λ, one ewc run each (default ${d.ewcLambdas.join(',')})`,
    boundedNumber({ min: 0 }),
  ),
  numberFlag(
    '--generations <G>',
    'tournaments per task; every method gets 2·G·T SGD steps per task',
    BOUNDS.generations,
    { default: d.generations },
  ),
  numberFlag(
    '--fisher-examples <n>',
    'training examples the diagonal Fisher is estimated on after each task (ewc)',
    { integer: true, min: 1 },
    { default: d.fisherExamples },
  ),
  numberFlag(
    '--test-examples <n>',
    'test examples per task R is measured on (the first ones; 0 = all)',
    { integer: true, min: 0 },
    { default: d.testExamples },
  ),
  nameFlag('--fashion-dir <dir>', 'folder of the Fashion-MNIST IDX files', 'a folder', {
    default: d.fashionDir,
  }),
];

const program = composeProgram(
  'continual',
  'Task-incremental continual learning (a readout per task, the task given at test time) on ' +
    'Split MNIST, Permuted MNIST or Split Fashion-MNIST: pathnet (evolve, freeze the best ' +
    'pathway, re-initialise the rest, new population per task) against fine-tune, ewc (a λ ' +
    'sweep), independent and joint, each with the same SGD steps per task. Prints ACC, BWT and ' +
    'FWT with 95% intervals over seeds; writes results.json and pictures.',
  continualFlags,
  seedFlags({ seeds: d.seeds, seedsHelp: 'repetitions (seeds); every method runs on each' }),
  gridFlags({ layers: d.layers, modules: d.modules, active: d.active, units: d.units }),
  trainingFlags({
    population: d.population,
    steps: d.steps,
    batchSize: d.batchSize,
    learningRate: d.learningRate,
    learningRateHelp: 'plain SGD learning rate of every method',
  }),
  folderFlags({
    outHelp: 'results folder (default results/continual-<benchmark>)',
    quickHelp:
      'a run of seconds: 2 tournaments of 10 steps per task, 500 test examples per task, one EWC λ (10⁴)',
  }),
  // Runs go one after another in this process: no --threads.
  runtimeFlags({ engine: d.engine, progressHelp: 'no progress bar' }).filter(
    (spec) => longFlag(spec) !== '--threads',
  ),
);

runCli<Flags>(program, async (flags) => (await import('./run.js')).run(program, flags));
