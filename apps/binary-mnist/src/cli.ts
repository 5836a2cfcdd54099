#!/usr/bin/env node
/**
 * binary-mnist: the binary-MNIST transfer experiment of PathNet
 * (Fernando et al. 2017, Sec. 3.1) on real MNIST. Task A, then task B under
 * conditions that each differ from their control in one factor, repeated over
 * seeds; prints the summary table and writes results.json, a checkpoint and pictures.
 *
 * This file declares the command line only; the run (./run.ts) loads when the flags parse.
 */
import { NOISE_MODES } from '@pathnet/envs';
import {
  B_PATHWAYS,
  BOUNDS,
  choiceFlag,
  composeProgram,
  type DashboardFlagValues,
  dashboardFlags,
  gridFlags,
  listFlag,
  numberFlag,
  parseNumber,
  runCli,
  supervisedGroups,
} from '@pathnet/experiments/cli';
import { checkConcurrency, type ExperimentOptions, paperDefaults } from './defaults.js';
import type { PluginFlags } from './plugin-flags.js';
import { TASK_FLAGS } from './task-flags.js';

const d = paperDefaults();
const program = composeProgram(
  'binary-mnist',
  'PathNet binary-MNIST transfer (Fernando et al. 2017, Sec. 3.1): evolve pathways for task A ' +
    '(digit a vs b), freeze the best, then learn task B under conditions that each differ from ' +
    "their control in one factor: the weights B starts from (fresh; frozen-path: A's best " +
    "pathway frozen, the rest re-initialised; all-of-a: A's weights, nothing frozen) and where " +
    "B's population starts (random, or converged: every pathway A's best). Defaults are the " +
    "paper's settings, except the measured learning rate.",
  gridFlags({ layers: d.layers, modules: d.modules, active: d.active, units: d.units }),
  [
    numberFlag('--noise <p>', 'salt-and-pepper noise probability per pixel', BOUNDS.probability, {
      default: d.noise,
    }),
    choiceFlag(
      '--noise-mode <mode>',
      'once: noise drawn once per training image (a fixed noisy training set, as every public port); fresh: per minibatch',
      NOISE_MODES,
      { default: d.noiseMode },
    ),
    numberFlag(
      '--threshold <acc>',
      'stop when a pathway reaches this training accuracy',
      BOUNDS.fraction,
      { default: d.threshold },
    ),
    numberFlag('--max-generations <G>', 'generation cap per task', BOUNDS.generations, {
      default: d.maxGenerations,
    }),
    ...TASK_FLAGS,
    choiceFlag(
      '--b-pathways <which>',
      "modules B's pathways run: own (the paper's) or include-frozen (A's frozen path added to " +
        'every B pathway in conditions that freeze it, up to min(M, 2N) active per layer: the TF ' +
        "port's change, not the paper's)",
      B_PATHWAYS,
      { default: d.bPathways },
    ),
    listFlag(
      '--report-thresholds <list>',
      "also read generations to these training accuracies from each run's fitness curve, " +
        'comma-separated, each ≤ --threshold (default 0.8,0.9,0.95,0.98 where below it)',
      (text, flag) => parseNumber(flag, text),
    ),
    {
      flags: '--concurrency <c>',
      help: "a tournament's two pathways trained at once (2, hogwild on the fused engine; results then vary from run to run) or one after the other (1)",
      parse: (text: string) => parseNumber('--concurrency', text),
      check: checkConcurrency,
      default: d.concurrency,
    },
  ],
  ...supervisedGroups({
    ...d,
    learningRateHelp:
      'SGD learning rate (paper: 0.0001, which does not reach the stop within the cap; see README for the sweep)',
    seedsHelp: 'repetitions of the whole experiment',
    quickHelp:
      'small settings for a smoke run in seconds (P=8, T=10, threshold 0.9, 30 generations, 2 seeds; --out results/binary-mnist-quick)',
    engineHelp:
      'fused: WebAssembly kernels for dense grids; tfjs: tfjs ops on the backend; auto: fused unless the native tfjs backend is active',
    workersHelp:
      'phases (task A of a seed, or one task-B condition) run at once in worker threads (default: the cores, at least one per condition); results are the same for any K',
    queueHelp:
      'run the seeds as jobs of a BullMQ queue on this Redis server (redis://host:port) instead of here; ' +
      'start `pathnet-worker --queue <url>` on any machines to run them (no checkpoint is saved then)',
    progressHelp: 'no progress bar',
  }),
  dashboardFlags(),
);

/** The app's flags as commander gives them. */
export type Flags = Omit<ExperimentOptions, 'mutationProbability' | 'taskA' | 'taskB'> &
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

runCli<Flags>(program, async (flags) => (await import('./run.js')).run(program, flags));
