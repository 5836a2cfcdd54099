/**
 * Checks that need more than one flag: the stored settings of a resumed run
 * (schema of `config` in `results.json`) and the memory a run needs.
 */
import {
  availableMemory,
  estimateMemory,
  formatBytes,
  type MemoryPart,
} from '@pathnet/experiments';
import { z } from 'zod';
import {
  CONDITIONS,
  type ExperimentOptions,
  OptionError,
  paperDefaults,
  protocolSettings,
} from './options.js';

const int = (min: number) => z.number().int().min(min).max(Number.MAX_SAFE_INTEGER);
const digits = z.tuple([int(0).max(9), int(0).max(9)]);

/** Schema of the settings a results file stores (`config`), field by field. */
export const optionsSchema = z.looseObject({
  layers: int(1),
  modules: int(1),
  active: int(1),
  units: int(1),
  population: int(2),
  steps: int(1),
  batchSize: int(1),
  noise: z.number().min(0).max(1),
  threshold: z.number().gt(0).max(1),
  maxGenerations: int(1),
  learningRate: z.number().positive().max(Number.MAX_VALUE),
  mutationProbability: z.number().min(0).max(1),
  taskA: digits.optional(),
  taskB: digits.optional(),
  seeds: int(1),
  seed: int(0),
  conditions: z.array(z.enum(CONDITIONS)).min(1),
  out: z.string(),
  engine: z.enum(['auto', 'fused', 'tfjs']),
  concurrency: z.union([z.literal(1), z.literal(2)]),
}) as unknown as z.ZodType<ExperimentOptions>;

/** MNIST as each worker thread holds it: 70,000 images of 784 bytes and their labels. */
const MNIST_BYTES = 70_000 * 785;

/** The settings each memory term grows with, most likely culprit first. */
const DRIVERS: Record<MemoryPart['name'], (keyof ExperimentOptions)[]> = {
  grid: ['units', 'modules', 'layers'],
  population: ['population', 'layers', 'active'],
  minibatch: ['batchSize', 'units', 'active', 'layers'],
  data: [],
  records: ['seeds', 'maxGenerations'],
};

/** The setting of `keys` furthest above its default (the one to lower first). */
function culpritOf(
  o: ExperimentOptions,
  keys: readonly (keyof ExperimentOptions)[],
): keyof ExperimentOptions {
  const defaults = paperDefaults();
  const ratio = (key: keyof ExperimentOptions) => (o[key] as number) / (defaults[key] as number);
  return keys.reduce((best, key) => (ratio(key) > ratio(best) ? key : best));
}

/**
 * Refuses hidden layers that alone would not fit, before the grid's L layers are listed (a
 * grid of 1e9 layers would exhaust the heap while being described). Each hidden layer holds
 * M modules of U×U weights and U biases, four float32 copies each (parameters, gradients,
 * optimizer state, task B's starting copy), a lower bound of the grid term of
 * `estimateMemory`, so this never refuses a run that it would accept.
 * @throws {OptionError} naming the setting furthest above its default (layers, modules or
 *   units), the figure and what is available.
 */
function checkLayers(
  o: ExperimentOptions,
  name: (key: keyof ExperimentOptions | 'workers') => string,
): void {
  const hiddenBytes = (o.layers - 1) * o.modules * (o.units * o.units + o.units) * 4 * 4;
  const available = availableMemory();
  if (hiddenBytes <= available) return;
  const culprit = culpritOf(o, ['units', 'modules', 'layers']);
  throw new OptionError(
    `${name(culprit)} ${o[culprit]}: the hidden layers alone would need about ${formatBytes(hiddenBytes)} of memory, ` +
      `more than the ${formatBytes(available)} it may use (75% of the machine's memory); lower ${name(culprit)}`,
  );
}

/**
 * Refuses a run that would not fit in memory (see `estimateMemory`), naming the
 * setting to lower and the figures.
 *
 * @param name - how to name a setting in the message (its flag, or the file's field).
 * @param inputShape - the task's input shape (as `protocolSettings` takes it).
 * @throws {OptionError} with the estimate, what is available, and the setting to lower.
 */
export function checkMemory(
  o: ExperimentOptions,
  workers: number,
  name: (key: keyof ExperimentOptions | 'workers') => string,
  inputShape: Parameters<typeof protocolSettings>[1],
): void {
  checkLayers(o, name);
  const estimate = estimateMemory(protocolSettings(o, inputShape), {
    workers,
    seeds: o.seeds,
    dataBytes: MNIST_BYTES,
  });
  const available = availableMemory();
  if (estimate.total <= available) return;
  const parts = [
    ...estimate.perWorker.map((p) => ({ ...p, bytes: p.bytes * workers })),
    ...estimate.shared,
  ].sort((a, b) => b.bytes - a.bytes);
  const top = parts[0]!;
  const perWorker = estimate.perWorker.reduce((n, p) => n + p.bytes, 0);
  let culprit: keyof ExperimentOptions | 'workers';
  if (top.name === 'data' || (workers > 1 && perWorker + estimate.shared[0]!.bytes <= available)) {
    culprit = 'workers';
  } else {
    culprit = culpritOf(o, DRIVERS[top.name]);
  }
  const value = culprit === 'workers' ? workers : o[culprit];
  throw new OptionError(
    `${name(culprit)} ${value}: the run would need about ${formatBytes(estimate.total)} of memory ` +
      `(${parts.map((p) => `${p.name} ${formatBytes(p.bytes)}`).join(', ')}${workers > 1 ? `, over ${workers} workers` : ''}), ` +
      `more than the ${formatBytes(available)} it may use (75% of the machine's memory); lower ${name(culprit)}`,
  );
}
