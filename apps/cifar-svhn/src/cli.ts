#!/usr/bin/env node
/**
 * cifar-svhn: the fixed-budget transfer experiment of PathNet (Fernando et
 * al. 2017, Sec. 3.2). For each direction A → B of a task pair (CIFAR-10 ↔
 * cropped SVHN, or Fashion-MNIST ↔ MNIST, or two registered tasks), task A
 * evolves for a fixed number of generations, then task B under each condition
 * (`CONDITIONS` of `@pathnet/experiments`: each differs from its control in one
 * factor) for the same budget; reports B's test accuracy per condition with 95%
 * intervals beside the paper's, the one-factor comparisons, and pictures.
 *
 * This file declares the command line only; the run (./run.ts) loads when the flags parse.
 */
import {
  BOUNDS,
  choiceFlag,
  composeProgram,
  gridFlags,
  nameFlag,
  numberFlag,
  runCli,
  supervisedGroups,
} from '@pathnet/experiments/cli';
import { type CifarSvhnOptions, flagDefaults } from './defaults.js';
import { PAIRS } from './pairs.js';

const d = flagDefaults();
const program = composeProgram(
  'cifar-svhn',
  'PathNet fixed-budget transfer (Fernando et al. 2017, Sec. 3.2): for each direction A → B of a task pair, ' +
    'evolve pathways on A for a fixed number of generations, then on B under conditions that each differ ' +
    "from their control in one factor (the weights B starts from; where B's population starts); report B's " +
    "test accuracy. Defaults are the paper's settings.",
  [
    choiceFlag('--pair <name>', `task pair, run both ways: ${PAIRS.join(' or ')}`, PAIRS, {
      default: d.pair,
    }),
    nameFlag(
      '--data-dir <dir>',
      'folder of CIFAR-10 (data_batch_1.bin … data_batch_5.bin, test_batch.bin, from cifar-10-binary.tar.gz) and ' +
        'cropped SVHN (train_32x32.mat, test_32x32.mat); default $PATHNET_DATA_DIR',
      'a folder',
    ),
    nameFlag(
      '--fashion-dir <dir>',
      'folder of the Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist, from `apt-get install dataset-fashion-mnist`)',
      'a folder',
    ),
    nameFlag(
      '--task-a <id>',
      'a registered task as A (with --task-b): the run is A → B only',
      'a task id',
      {
        needs: '--task-b',
      },
    ),
    nameFlag('--task-b <id>', 'a registered task as B (with --task-a)', 'a task id', {
      needs: '--task-a',
    }),
  ],
  gridFlags({ units: d.units }),
  [
    numberFlag('--generations <G>', 'the fixed budget: generations per task', BOUNDS.generations, {
      default: d.generations,
    }),
  ],
  ...supervisedGroups({
    ...d,
    protocolHelp: 'fitness protocol: serial (the paper) or interleaved',
    seedsHelp: 'repetitions',
    quickHelp: 'small settings for a smoke run (P=8, T=5, 10 generations, 2 seeds)',
    resumeHelp: 'continue an interrupted run from its results folder (its settings are kept)',
    engineHelp: 'fused, tfjs or auto',
    workersHelp: 'phases at once in worker threads (default: the cores)',
    progressHelp: 'no line per finished repetition',
  }),
);

/** The app's flags as commander gives them. */
export type Flags = Omit<CifarSvhnOptions, 'taskA' | 'taskB' | 'mutationProbability'> & {
  mutationProbability?: number;
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
  progress: boolean;
};

runCli<Flags>(program, async (flags) => (await import('./run.js')).run(program, flags));
