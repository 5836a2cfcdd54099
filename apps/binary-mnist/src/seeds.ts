import { drawStreams, type TaskSpec, type TransferPlan } from '@pathnet/experiments';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { ExperimentOptions } from './options.js';

/**
 * Plans one repetition: random distinct digit pairs where the user gave none
 * (all four digits distinct), then the repetition's stream seeds
 * (`drawStreams`), all from one xoroshiro128+ generator seeded with `seed`.
 * Tasks are `mnist-binary` with the run's noise. Deterministic in `seed`.
 */
export function planSeed(
  seed: number,
  options: Pick<ExperimentOptions, 'taskA' | 'taskB' | 'noise'>,
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
  const task = (pair: [number, number]): TaskSpec => ({
    id: 'mnist-binary',
    options: { noise: options.noise, digits: pair },
  });
  return { seed, taskA: task(taskA), taskB: task(taskB), streams: drawStreams(rng) };
}

/** The digit pair of a `mnist-binary` task spec. */
export function digitsOf(task: TaskSpec): [number, number] {
  return task.options?.digits as [number, number];
}
