import { drawStreams, type TaskSpec, type TransferPlan } from '@pathnet/experiments';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { BRelation, ExperimentOptions } from './options.js';

/**
 * Plans one repetition: random distinct digit pairs where the user gave none
 * (all four digits distinct), then the repetition's stream seeds
 * (`drawStreams`), all from one xoroshiro128+ generator seeded with `seed`.
 * Tasks are `mnist-binary` with the run's noise and noise mode, unless a
 * registered task is given (`taskSpecA/B`). With `bRelation`, task B is made from task A
 * (`B_RELATIONS` of options.ts); its permutation seed is drawn after the streams, so the streams
 * are the same as without it. Deterministic in `seed`.
 */
export function planSeed(
  seed: number,
  options: Pick<
    ExperimentOptions,
    'taskA' | 'taskB' | 'noise' | 'noiseMode' | 'taskSpecA' | 'taskSpecB' | 'bRelation'
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
  const task = (pair: [number, number], noiseSeed: number, extra = {}): TaskSpec => ({
    id: 'mnist-binary',
    options: {
      noise: options.noise,
      noiseMode: options.noiseMode,
      noiseSeed,
      digits: pair,
      ...extra,
    },
  });
  const specA = options.taskSpecA ?? task(taskA, streams.dataA);
  const related = (relation: BRelation): TaskSpec => {
    switch (relation) {
      case 'same':
        return specA;
      case 'same-renoised':
        return task(taskA, streams.b.data);
      case 'permuted':
        return task(taskA, streams.b.data, { permutationSeed: uniformInt(rng, 0, 0x7fffffff) });
      case 'shared-digit':
        return task([taskA[0], free[0]!], streams.b.data);
    }
  };
  return {
    seed,
    taskA: specA,
    taskB:
      options.bRelation !== undefined
        ? related(options.bRelation)
        : (options.taskSpecB ?? task(taskB, streams.b.data)),
    streams,
  };
}

/** The digit pair of a `mnist-binary` task spec. */
export function digitsOf(task: TaskSpec): [number, number] {
  return task.options?.digits as [number, number];
}

/**
 * How the output names a task: its digits (`5v6`, `5v6 permuted` with a pixel permutation),
 * or the registered id of any other task.
 */
export function taskLabel(task: TaskSpec, joiner = 'v'): string {
  if (task.id !== 'mnist-binary') return task.id;
  const permuted = task.options?.permutationSeed !== undefined ? ' permuted' : '';
  return `${digitsOf(task).join(joiner)}${permuted}`;
}
