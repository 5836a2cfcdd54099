/**
 * Settings of the binary-MNIST transfer experiment, with the paper's values
 * as defaults (Fernando et al. 2017, Sec. 3.1).
 */

import { type PathNetConfig, presets } from '@pathnet/core';
import { NOISE_MODES } from '@pathnet/envs';
import {
  B_PATHWAYS,
  type BPathways,
  CONDITIONS,
  type Condition,
  type ProtocolSettings,
} from '@pathnet/experiments';
import { BOUNDS, checkFlag, checkGridSizes, checkTrainingSettings } from '@pathnet/experiments/cli';
import {
  B_RELATIONS,
  checkConcurrency,
  DEFAULT_REPORT_LEVELS,
  type ExperimentOptions,
} from './defaults.js';

export {
  B_RELATIONS,
  type BRelation,
  checkConcurrency,
  DEFAULT_LEARNING_RATE,
  DEFAULT_REPORT_LEVELS,
  type ExperimentOptions,
  paperDefaults,
  quickOverrides,
} from './defaults.js';
export { B_PATHWAYS, type BPathways, CONDITIONS, type Condition };

/** Thrown for settings that cannot run; the message names the flag. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

function checkDigits(pair: [number, number] | undefined, flag: string): void {
  if (pair === undefined) return;
  const [a, b] = pair;
  for (const d of pair) {
    if (!Number.isInteger(d) || d < 0 || d > 9) {
      throw new OptionError(`${flag} digits must be integers 0–9, got ${pair.join(',')}`);
    }
  }
  if (a === b) throw new OptionError(`${flag} needs two different digits, got ${a},${b}`);
}

/**
 * Checks every setting (given, `--quick`'s, or read back with `--resume`), with the
 * bounds the flags are declared with.
 * @throws {FlagError} or {OptionError} naming the flag, the value given and what is expected.
 */
export function validateOptions(o: ExperimentOptions): ExperimentOptions {
  checkGridSizes(o);
  checkFlag('--max-generations', o.maxGenerations, BOUNDS.generations);
  checkFlag('--noise', o.noise, BOUNDS.probability);
  checkFlag('--threshold', o.threshold, BOUNDS.fraction);
  checkTrainingSettings(o);
  if (!NOISE_MODES.includes(o.noiseMode)) {
    throw new OptionError(`--noise-mode must be ${NOISE_MODES.join(' or ')}, got "${o.noiseMode}"`);
  }
  if (o.concurrency === 2 && o.protocol !== 'interleaved') {
    throw new OptionError(
      '--concurrency 2 trains both pathways at once, an interleaved protocol: add --protocol interleaved',
    );
  }
  checkConcurrency(o.concurrency);
  checkDigits(o.taskA, '--task-a');
  checkDigits(o.taskB, '--task-b');
  if (o.bRelation !== undefined && !B_RELATIONS.includes(o.bRelation)) {
    throw new OptionError(
      `--task-b: unknown relation "${o.bRelation}"; valid: ${B_RELATIONS.join(', ')}`,
    );
  }
  if (o.bRelation !== undefined && o.taskSpecA !== undefined) {
    throw new OptionError(
      `--task-b ${o.bRelation} relates B to a digit pair of task A; --task-a ${o.taskSpecA.id} is a registered task`,
    );
  }
  if (!B_PATHWAYS.includes(o.bPathways)) {
    throw new OptionError(`--b-pathways must be ${B_PATHWAYS.join(' or ')}, got "${o.bPathways}"`);
  }
  for (const level of o.reportThresholds ?? []) {
    if (!(level > 0 && level <= o.threshold)) {
      throw new OptionError(
        `--report-thresholds: each level must be in (0, --threshold ${o.threshold}] (a run stops at its threshold), got ${level}`,
      );
    }
  }
  return o;
}

/** The levels at which the summary reads generations: the report thresholds, then the stopping threshold. */
export function reportLevels(
  o: Pick<ExperimentOptions, 'reportThresholds' | 'threshold'>,
): number[] {
  const extra = o.reportThresholds ?? DEFAULT_REPORT_LEVELS.filter((l) => l < o.threshold);
  return [...new Set([...extra, o.threshold])].sort((a, b) => a - b);
}

/**
 * A note on tasks that share digits (allowed: they are the controls of transfer), or null.
 * The paper's tasks use four distinct digits.
 */
export function sharedDigitsNote(
  o: Pick<ExperimentOptions, 'taskA' | 'taskB' | 'bRelation'>,
): string | null {
  if (o.bRelation !== undefined) return null;
  const shared = o.taskA?.filter((d) => o.taskB?.includes(d)) ?? [];
  if (shared.length === 0) return null;
  return (
    `note: --task-a ${o.taskA!.join(',')} and --task-b ${o.taskB!.join(',')} share digit${shared.length > 1 ? 's' : ''} ` +
    `${shared.join(',')}; the paper's tasks use four distinct digits (B's images get their own noise draw; ` +
    "--task-b same reuses A's noisy images)"
  );
}

/**
 * The PathNet configuration of the experiment: {@link presets.binaryMnist}
 * (hidden layers summed, the last averaged) resized to the flags' L, M, N.
 * @param inputShape - the tasks' input shape (default MNIST's `[784]`).
 */
export function gridConfig(o: ExperimentOptions, inputShape?: readonly number[]): PathNetConfig {
  const preset = presets.binaryMnist({ units: o.units, ...(inputShape && { inputShape }) });
  const hidden = preset.layers[0]!;
  const last = preset.layers[preset.layers.length - 1]!;
  return {
    ...preset,
    layers: Array.from({ length: o.layers }, (_, l) => (l === o.layers - 1 ? last : hidden)),
    modulesPerLayer: o.modules,
    maxActivePerLayer: o.active,
  };
}

/** The transfer protocol's settings (`@pathnet/experiments`) for these options. */
export function protocolSettings(
  o: ExperimentOptions,
  inputShape?: readonly number[],
): ProtocolSettings {
  return {
    grid: gridConfig(o, inputShape),
    engine: o.engine,
    concurrency: o.concurrency,
    protocol: o.protocol,
    population: o.population,
    steps: o.steps,
    batchSize: o.batchSize,
    threshold: o.threshold,
    maxGenerations: o.maxGenerations,
    learningRate: o.learningRate,
    mutationProbability: o.mutationProbability,
    ...(o.operator !== undefined && { mutation: o.operator }),
    conditions: o.conditions,
    bPathways: o.bPathways,
  };
}
