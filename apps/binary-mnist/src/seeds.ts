import { drawStreams, type TaskSpec, type TransferPlan } from '@pathnet/experiments';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { ExperimentOptions } from './options.js';

/**
 * Plans one repetition: random distinct digit pairs where the user gave none
 * (all four digits distinct), then the repetition's stream seeds
 * (`drawStreams`), all from one xoroshiro128+ generator seeded with `seed`.
 * Tasks are `mnist-binary` with the run's noise and noise mode, unless a
 * registered task is given (`taskSpecA/B`). Deterministic in `seed`.
 */
export function planSeed(
  seed: number,
  options: Pick<
    ExperimentOptions,
    'taskA' | 'taskB' | 'noise' | 'noiseMode' | 'taskSpecA' | 'taskSpecB'
  >,
): TransferPlan {
  const rng = xoroshiro128plus(seed);
  const digits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  for (let i = digits.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [digits[i], digits[j]] = [digits[j]!, digits[i]!];
  }
  const taken = new Set([...(options.taskA ?? []), ...(options.taskB ?? [])]);
  const free = digits.filter((d) => !taken.has(d));
  const taskA = options.taskA ?? ([free.shift()!, free.shift()!] as [number, number]);
  const taskB = options.taskB ?? ([free.shift()!, free.shift()!] as [number, number]);
  const streams = drawStreams(rng);
  // `once` noise is seeded by the task's data stream: every condition of B sees the same
  // noisy training set, and each seed its own.
  const task = (pair: [number, number], noiseSeed: number): TaskSpec => ({
    id: 'mnist-binary',
    options: { noise: options.noise, noiseMode: options.noiseMode, noiseSeed, digits: pair },
  });
  return {
    seed,
    taskA: options.taskSpecA ?? task(taskA, streams.dataA),
    taskB: options.taskSpecB ?? task(taskB, streams.b.data),
    streams,
  };
}

/** The digit pair of a `mnist-binary` task spec. */
export function digitsOf(task: TaskSpec): [number, number] {
  return task.options?.digits as [number, number];
}

/** How the output names a task: its digits (`5v6`), or the registered id of any other task. */
export function taskLabel(task: TaskSpec, joiner = 'v'): string {
  return task.id === 'mnist-binary' ? digitsOf(task).join(joiner) : task.id;
}
