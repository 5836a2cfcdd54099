import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { ExperimentOptions } from './options.js';

/** The digit pairs and derived seeds of one repetition of the experiment. */
export interface SeedPlan {
  /** The repetition's seed. */
  seed: number;
  /** Task A: digit a → class 0, digit b → class 1. */
  taskA: [number, number];
  /** Task B, four distinct digits in all with task A. */
  taskB: [number, number];
  /** Seeds for each random stream of the repetition, all derived from `seed`. */
  streams: {
    gridA: number;
    populationA: number;
    dataA: number;
    /** Per condition of task B: grid (re-)initialisation, population, data. */
    b: Record<'grid' | 'population' | 'data', number>;
  };
}

/**
 * Plans one repetition: random distinct digit pairs where the user gave none
 * (all four digits distinct), and independent 31-bit seeds for every stream.
 * Deterministic in `seed`.
 */
export function planSeed(
  seed: number,
  options: Pick<ExperimentOptions, 'taskA' | 'taskB'>,
): SeedPlan {
  const rng = xoroshiro128plus(seed);
  const draw = () => uniformInt(rng, 0, 0x7fffffff);
  const digits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  for (let i = digits.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [digits[i], digits[j]] = [digits[j]!, digits[i]!];
  }
  const taken = new Set([...(options.taskA ?? []), ...(options.taskB ?? [])]);
  const free = digits.filter((d) => !taken.has(d));
  const taskA = options.taskA ?? ([free.shift()!, free.shift()!] as [number, number]);
  const taskB = options.taskB ?? ([free.shift()!, free.shift()!] as [number, number]);
  return {
    seed,
    taskA,
    taskB,
    streams: {
      gridA: draw(),
      populationA: draw(),
      dataA: draw(),
      b: { grid: draw(), population: draw(), data: draw() },
    },
  };
}
