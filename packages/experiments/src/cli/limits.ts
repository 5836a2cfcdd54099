/**
 * The upper bounds of the size and count flags, all from one estimate: the
 * memory a run may use ({@link availableMemory}: 75% of the machine's, or of
 * the process's cgroup limit) divided by the least memory one unit of the flag
 * costs. A bound is never below what a default run needs; it refuses a value
 * the machine cannot hold (`--threads 1e9`, `--workers 1e9`, `--units 1e9`)
 * while parsing, naming the flag, instead of an allocation failing deep inside
 * after the results folder was written. The finer check of a whole run (every
 * term of a grid, population and data set together) is `estimateMemory`.
 *
 * @packageDocumentation
 */
import { totalmem } from 'node:os';
import type { Bound } from './flag.js';

/**
 * Memory a run may use, in bytes: 75% of the machine's memory, or of the
 * process's limit (cgroup) when lower.
 */
export function availableMemory(): number {
  const limit = (process as { constrainedMemory?: () => number }).constrainedMemory?.() ?? 0;
  const total = totalmem();
  return 0.75 * (limit > 0 && limit < total ? limit : total);
}

/** `1.5 GB`, `640 MB`, … (powers of 1024). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 || u === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/**
 * The least memory one unit of each counted thing costs, in bytes (lower
 * bounds, measured or counted, so that a bound never refuses a run that fits).
 */
export const UNIT_BYTES = {
  /** A worker thread: a V8 isolate with the modules a job loads (tfjs, kernels); measured ~70 MB. */
  thread: 64 * 2 ** 20,
  /** An A3C worker: its environment, rollout buffers and RNG (a MinAtar one; ALE and mazes need more). */
  a3cWorker: 256 * 2 ** 10,
  /** A module of one unit in a dense grid: weight, bias, gradients, optimizer state, task B's copy (float32). */
  module: 2 * 4 * 4,
  /** A unit of a module: its weights from a layer as wide as the module (U² float32 × 4 copies, per unit²). */
  weight: 4 * 4,
  /** A pathway of a population: its genes and fitness as JS numbers. */
  pathway: 64,
  /** A minibatch example: at least one input value and one label (float32, with the noisy copy). */
  example: 3 * 4,
  /** A repetition's record in `results.json`: ids, pathways and curves, in memory and as text. */
  record: 2 * 2 ** 10,
} as const;

/** What a bound is named for in messages. */
const WHAT: Record<keyof typeof UNIT_BYTES, string> = {
  thread: 'each worker thread needs about 64 MB',
  a3cWorker: 'each A3C worker needs at least 256 KB',
  module: 'each module needs at least 32 bytes',
  weight: 'a module of U units holds U² weights',
  pathway: 'each pathway needs at least 64 bytes',
  example: 'each example needs at least 12 bytes',
  record: 'each repetition keeps a record of at least 2 KB',
};

/**
 * The most units of `unit` that fit in the memory a run may use (`quadratic`:
 * the memory grows with the square of the count, as a module's weights with its units).
 */
export function memoryLimit(unit: keyof typeof UNIT_BYTES, quadratic = false): number {
  const n = availableMemory() / UNIT_BYTES[unit];
  return Math.max(1, Math.floor(quadratic ? Math.sqrt(n) : n));
}

/**
 * A count bound: an integer ≥ `min`, at most what fits in memory ({@link memoryLimit}),
 * the message saying why.
 */
export function countBound(min: number, unit?: keyof typeof UNIT_BYTES, quadratic = false): Bound {
  if (unit === undefined) return { integer: true, min };
  return {
    integer: true,
    min,
    max: () => Math.max(min, memoryLimit(unit, quadratic)),
    maxReason: `${WHAT[unit]}; ${formatBytes(availableMemory())} may be used`,
  };
}
