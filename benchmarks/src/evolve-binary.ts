import { initBackend } from '@pathnet/backend';
import { createOptimizer, type Engine, PathNet, presets } from '@pathnet/core';
import { makeTask, type NoiseMode } from '@pathnet/envs';
import {
  BinaryTournament,
  type EvolveUntilResult,
  evolveUntil,
  type FitnessProtocol,
  Population,
  pairEvaluator,
} from '@pathnet/evolution';

/** One evolution run on a binary-MNIST task, as in Sec. 3.1 (L = 3, M = 10, N = 3). */
export interface BinaryRunOptions {
  engine: Engine;
  backend: string;
  learningRate: number;
  noise: number;
  /** When the noise is drawn; `once` per training image (seeded by `seed`) by default. */
  noiseMode?: NoiseMode;
  /** Population size P; default 64 (the paper's table; its runs used 20, per its first author). */
  population?: number;
  /** Fitness protocol of the tournaments; default `serial` (the paper's). */
  protocol?: FitnessProtocol;
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
  const task = await makeTask('mnist-binary', {
    digits: o.digits,
    noise: o.noise,
    noiseMode: o.noiseMode ?? 'once',
    noiseSeed: o.seed,
  });
  const net = PathNet.create(presets.binaryMnist(), { seed: o.seed, engine: o.engine });
  net.addReadout('A', 2, o.seed);
  const optimizer = createOptimizer({ kind: 'sgd', learningRate: o.learningRate });
  const stream = task.trainStream({ batchSize: 16, seed: o.seed });
  // One minibatch buffer refilled for every step, as the app does.
  const batch = { x: new Float32Array(16 * 784), y: new Int32Array(16), batchSize: 16 };
  const tournament = new BinaryTournament(
    Population.random({ size: o.population ?? 64, layers: 3, modules: 10, active: 3 }, o.seed),
  );
  const t0 = performance.now();
  const result = evolveUntil(
    tournament,
    pairEvaluator(
      o.protocol ?? 'serial',
      o.steps,
      (g) => net.trainStep(g, 'A', stream.next(batch), optimizer).accuracy,
    ),
    { threshold: o.threshold, maxGenerations: o.maxGenerations },
    (generation) => o.onGeneration?.(generation),
  );
  const wallSeconds = (performance.now() - t0) / 1000;
  const testAccuracy = net.evaluate(result.best.genotype, 'A', task.testSet());
  net.dispose();
  return { ...result, testAccuracy, wallSeconds };
}
