/**
 * The memory an RL transfer run needs, estimated from its settings before any
 * thread starts, so that `--workers 1e6` or `--threads 1e4` is refused naming
 * the flag instead of failing with `Array buffer allocation failed` after the
 * results folder was written. Lower bounds of the dominant terms, from the
 * same per-unit costs as the flags' bounds (`UNIT_BYTES`): per job thread, the
 * thread itself and the grids a job holds at once (A's and one of B's, each
 * with gradients, RMSProp state and a copy); per A3C worker, its environment
 * and its rollout of `tMax + 1` observations.
 */
import { availableParallelism } from 'node:os';
import type { PathNetConfig } from '@pathnet/core';
import { availableMemory, formatBytes, UNIT_BYTES } from './cli/limits.js';
import { RLOptionError, type TransferOptions, transferJobs } from './rl-options.js';

/** Float32 values of a grid's parameters (every module of every layer). */
export function gridParameters(grid: PathNetConfig): number {
  let shape = [...grid.inputShape];
  let total = 0;
  for (const { module: m } of grid.layers) {
    if (m.kind === 'dense') {
      const inputs = shape.reduce((a, b) => a * b, 1);
      total += grid.modulesPerLayer * (inputs * m.units + m.units);
      shape = [m.units];
    } else {
      const channels = shape[2] ?? 1;
      total +=
        grid.modulesPerLayer * (m.kernelSize * m.kernelSize * channels * m.filters + m.filters);
      const side = (s: number | undefined) =>
        Math.max(1, Math.floor(((s ?? 1) - m.kernelSize) / m.strides) + 1);
      shape = [side(shape[0]), side(shape[1]), m.filters];
    }
  }
  return total;
}

/** Rollout length of an A3C worker when the settings do not say (`@pathnet/rl`'s default tMax is 5; 20 bounds it). */
const ROLLOUT = 21;

/** What an A3C run's memory estimate needs. */
export interface A3CMemoryRun {
  /** Job threads at once. */
  threads: number;
  /** A3C workers of each run. */
  workers: number;
  /** Values of one observation. */
  observation: number;
  /** Float32 parameters of one grid ({@link gridParameters}). */
  parameters: number;
  /** Grids a job holds at once (with gradients, RMSProp state and a copy each). */
  grids: number;
  /** Rollout length; default 20. */
  tMax?: number;
}

/**
 * Checks that A3C runs fit the memory they may use: per job thread, the thread
 * and its grids; per A3C worker, its environment and rollout.
 * @throws {RLOptionError} naming `--workers` or `--threads` (whichever term is larger), the
 *   estimate and what is available.
 */
export function checkA3CMemory(run: A3CMemoryRun): void {
  const perWorker =
    UNIT_BYTES.a3cWorker + run.observation * 4 * ((run.tMax ?? ROLLOUT - 1) + 1) * 2;
  const thread = UNIT_BYTES.thread + run.grids * run.parameters * 4 * 4;
  const total = run.threads * (thread + run.workers * perWorker);
  const available = availableMemory();
  if (total <= available) return;
  const flag = run.workers * perWorker >= thread || run.threads === 1 ? '--workers' : '--threads';
  throw new RLOptionError(
    `${flag} ${flag === '--workers' ? run.workers : run.threads}: the run would need about ${formatBytes(total)} of memory ` +
      `(${run.threads} job thread(s) × (${formatBytes(thread)} each, ${run.workers} A3C workers × ${formatBytes(perWorker)})), ` +
      `more than the ${formatBytes(available)} it may use (75% of the machine's memory); lower ${flag}`,
  );
}

/**
 * Checks that an RL transfer run fits the memory it may use (a job holds A's grid and
 * one of B's), and chooses the job threads (`threads`, else the cores, at most the jobs).
 * @returns the job threads.
 * @throws {RLOptionError} naming `--workers` or `--threads` (see {@link checkA3CMemory}).
 */
export function checkRLMemory(o: TransferOptions, threads?: number): number {
  const jobs = transferJobs(o).length;
  const used = threads ?? Math.max(1, Math.min(availableParallelism(), jobs));
  checkA3CMemory({
    threads: used,
    workers: o.a3c.workers ?? 1,
    observation: o.grid.inputShape.reduce((a, b) => a * b, 1),
    parameters: gridParameters(o.grid),
    grids: 2,
    ...(o.a3c.tMax !== undefined && { tMax: o.a3c.tMax }),
  });
  return used;
}
