import { initBackend, tf } from '@pathnet/backend';
import { createOptimizer, type Engine, PathNet, presets } from '@pathnet/core';
import { makeTask } from '@pathnet/envs';
import { BinaryTournament, evolveUntil, Population } from '@pathnet/evolution';

/** Resident memory during a long evolution run. */
export interface MemoryProfile {
  engine: Engine;
  backend: string;
  /** T used (minibatches per pathway per tournament). */
  steps: number;
  rssAt50MiB: number;
  rssAt500MiB: number;
  /** (rss500 − rss50) / rss50. */
  growth: number;
  /** tfjs tensors alive at generations 50 and 500. */
  tensorsAt50: number;
  tensorsAt500: number;
}

/**
 * Evolves 500 generations of binary-MNIST pathways (P = 64, the paper's
 * population; fitness never reaches the threshold, so every generation runs)
 * and records RSS at generations 50 and 500: a grid that rebuilt models per
 * pathway would grow here.
 */
export async function profileMemory(
  engine: Engine,
  backend: string,
  steps: number,
): Promise<MemoryProfile> {
  await initBackend({ backend });
  const net = PathNet.create(presets.binaryMnist(), { seed: 3, engine });
  net.addReadout('A', 2, 3);
  const optimizer = createOptimizer({ kind: 'sgd', learningRate: 0.05 });
  const task = await makeTask('mnist-binary', { digits: [5, 6], noise: 0.5 });
  const stream = task.trainStream({ batchSize: 16, seed: 3 });
  const tournament = new BinaryTournament(
    Population.random({ size: 64, layers: 3, modules: 10, active: 3 }, 3),
  );
  const at: Record<number, { rss: number; tensors: number }> = {};
  evolveUntil(
    tournament,
    (g) => {
      let correct = 0;
      for (let t = 0; t < steps; t++)
        correct += net.trainStep(g, 'A', stream.next(), optimizer).accuracy;
      return correct / steps;
    },
    { threshold: 2, maxGenerations: 500 },
    (generation) => {
      if (generation === 50 || generation === 500) {
        at[generation] = { rss: process.memoryUsage().rss, tensors: tf.memory().numTensors };
      }
    },
  );
  net.dispose();
  const mib = (b: number) => b / 2 ** 20;
  return {
    engine,
    backend,
    steps,
    rssAt50MiB: mib(at[50]!.rss),
    rssAt500MiB: mib(at[500]!.rss),
    growth: (at[500]!.rss - at[50]!.rss) / at[50]!.rss,
    tensorsAt50: at[50]!.tensors,
    tensorsAt500: at[500]!.tensors,
  };
}
