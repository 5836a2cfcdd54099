import { initBackend } from '@pathnet/backend';
import { createOptimizer, type Engine, PathNet, presets } from '@pathnet/core';
import { makeTask } from '@pathnet/envs';
import {
  BinaryTournament,
  type EvolveUntilResult,
  evolveUntil,
  Population,
} from '@pathnet/evolution';

/** One evolution run on a binary-MNIST task, as in Sec. 3.1 (P = 64, L = 3, M = 10, N = 3). */
export interface BinaryRunOptions {
  engine: Engine;
  backend: string;
  learningRate: number;
  noise: number;
  digits: [number, number];
  seed: number;
  /** T, minibatches of 16 per pathway per tournament. */
  steps: number;
  threshold: number;
  maxGenerations: number;
  /** Called after each generation. */
  onGeneration?: (generation: number) => void;
}

/** What {@link evolveBinaryMnist} measured. */
export interface BinaryRun extends EvolveUntilResult {
  /** Test-set accuracy of the best pathway. */
  testAccuracy: number;
  wallSeconds: number;
}

/** Evolves pathways for one binary-MNIST task and reports what happened. */
export async function evolveBinaryMnist(o: BinaryRunOptions): Promise<BinaryRun> {
  await initBackend({ backend: o.backend });
  const task = await makeTask('mnist-binary', { digits: o.digits, noise: o.noise });
  const net = PathNet.create(presets.binaryMnist(), { seed: o.seed, engine: o.engine });
  net.addReadout('A', 2, o.seed);
  const optimizer = createOptimizer({ kind: 'sgd', learningRate: o.learningRate });
  const stream = task.trainStream({ batchSize: 16, seed: o.seed });
  // One minibatch buffer refilled for every step, as the app does.
  const batch = { x: new Float32Array(16 * 784), y: new Int32Array(16), batchSize: 16 };
  const tournament = new BinaryTournament(
    Population.random({ size: 64, layers: 3, modules: 10, active: 3 }, o.seed),
  );
  const t0 = performance.now();
  const result = evolveUntil(
    tournament,
    (g) => {
      let correct = 0;
      for (let t = 0; t < o.steps; t++)
        correct += net.trainStep(g, 'A', stream.next(batch), optimizer).accuracy;
      return correct / o.steps;
    },
    { threshold: o.threshold, maxGenerations: o.maxGenerations },
    (generation) => o.onGeneration?.(generation),
  );
  const wallSeconds = (performance.now() - t0) / 1000;
  const testAccuracy = net.evaluate(result.best.genotype, 'A', task.testSet());
  net.dispose();
  return { ...result, testAccuracy, wallSeconds };
}
