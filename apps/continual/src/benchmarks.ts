/**
 * The task sequences: Split MNIST (digit pairs 0/1, 2/3, 4/5, 6/7, 8/9), Permuted MNIST
 * (ten tasks, each all ten digits under its own fixed pixel permutation, seeds 1…10) and Split
 * Fashion-MNIST (class pairs as Split MNIST), as in van de Ven & Tolias 2019 ("Three scenarios
 * for continual learning", arXiv:1904.07734) for the two MNIST protocols.
 */

import { makeTask } from '@pathnet/envs';
import type { ContinualTask } from '@pathnet/experiments';
import type { Benchmark, ContinualOptions } from './options.js';

/** A task's name for tables and pictures, e.g. `0/1` or `perm 3`. */
export function taskNames(benchmark: Benchmark, k: number): string[] {
  return Array.from({ length: k }, (_, j) =>
    benchmark === 'permuted-mnist' ? `perm ${j + 1}` : `${2 * j}/${2 * j + 1}`,
  );
}

/** The first `testExamples` examples of a test set (all when 0 or more than there are). */
function head(test: ContinualTask['test'], n: number): ContinualTask['test'] {
  if (n === 0 || n >= test.batchSize) return test;
  const per = test.x.length / test.batchSize;
  return { x: test.x.slice(0, n * per), y: test.y.slice(0, n), batchSize: n };
}

/**
 * Loads the tasks of a benchmark with their test sets.
 * @throws the data set errors of `@pathnet/envs` (`DatasetNotFoundError` naming the folder).
 */
export async function loadBenchmark(o: ContinualOptions): Promise<ContinualTask[]> {
  const tasks: ContinualTask[] = [];
  for (let j = 0; j < o.tasks; j++) {
    const pair = [2 * j, 2 * j + 1];
    const task =
      o.benchmark === 'split-mnist'
        ? await makeTask('mnist', { classes: pair })
        : o.benchmark === 'permuted-mnist'
          ? await makeTask('mnist', { permutationSeed: j + 1 })
          : await makeTask('fashion-mnist', { classes: pair, dir: o.fashionDir });
    tasks.push({ task, test: head(task.testSet(), o.testExamples) });
  }
  return tasks;
}
