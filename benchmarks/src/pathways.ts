import { initBackend } from '@pathnet/backend';
import {
  createOptimizer,
  type Engine,
  PathNet,
  type PathNetConfig,
  type Pathway,
  presets,
} from '@pathnet/core';
import { makeTask } from '@pathnet/envs';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { rate } from './machine.js';

/** One way of running PathNet: a tfjs backend, or the fused kernels. */
export interface ComputePath {
  /** Printed name, e.g. `tfjs-wasm`. */
  name: string;
  /** Tensor backend to activate first. */
  backend: string;
  /** Engine of `PathNet.create`. */
  engine: Engine;
  /** Pathways trained at once in the 64-pathway case (`PathNet.trainConcurrently`, hogwild); default 1. */
  concurrency?: number;
}

/** Every path this machine can run (the native tfjs backend only where it loads). */
export async function availablePaths(): Promise<ComputePath[]> {
  const paths: ComputePath[] = [
    { name: 'fused (wasm simd)', backend: 'cpu', engine: 'fused' },
    { name: 'fused ×2 (hogwild)', backend: 'cpu', engine: 'fused', concurrency: 2 },
    { name: 'tfjs-wasm', backend: 'wasm', engine: 'tfjs' },
    { name: 'tfjs-cpu', backend: 'cpu', engine: 'tfjs' },
  ];
  try {
    await initBackend({ backend: 'tensorflow' });
    paths.push({ name: 'tfjs-node', backend: 'tensorflow', engine: 'tfjs' });
  } catch {
    // not installed here: reported by describeBackend()
  }
  return paths;
}

/** FLOPs of one training step of one dense pathway (forward, backward, update). */
export function stepFlops(config: PathNetConfig, batch: number, classes: number): number {
  let inSize = config.inputShape.reduce((a, b) => a * b, 1);
  const N = config.maxActivePerLayer;
  let flops = 0;
  config.layers.forEach((layer, l) => {
    if (layer.module.kind !== 'dense') throw new Error('stepFlops counts dense grids only');
    const units = layer.module.units;
    const forward = 2 * batch * inSize * units * N;
    flops += forward * (l === 0 ? 2 : 3); // forward, weight gradient, input gradient (not for the input)
    inSize = units;
  });
  return flops + 3 * 2 * batch * inSize * classes;
}

/** The steps/s figures of one path. */
export interface StepRates {
  path: string;
  /** One pathway, noisy binary-MNIST minibatches of 16. */
  singleMnist: number;
  /** One pathway, dense uniform [0,1) inputs like the PyTorch reference. */
  singleDense: number;
  /**
   * 64 pathways, each one step on its own minibatch: population-steps per second
   * (with concurrency c, c pathways at a time, hogwild).
   */
  population64: number;
}

/** Measures single-pathway and 64-pathway training rates of one path. */
export async function measureSteps(path: ComputePath, seconds: number): Promise<StepRates> {
  await initBackend({ backend: path.backend });
  const config = presets.binaryMnist();
  const concurrency = path.concurrency ?? 1;
  const net = await PathNet.create(config, { seed: 1, engine: path.engine, concurrency }).ready();
  net.addReadout('A', 2, 1);
  const optimizer = createOptimizer({ kind: 'sgd', learningRate: 0.05 });
  const task = await makeTask('mnist-binary', { digits: [5, 6], noise: 0.5 });
  const stream = task.trainStream({ batchSize: 16, seed: 1 });
  const mnist = Array.from({ length: 16 }, () => stream.next());
  const rng = xoroshiro128plus(7);
  const dense = Array.from({ length: 16 }, () => ({
    x: Float32Array.from({ length: 16 * 784 }, () => uniformInt(rng, 0, 1 << 24) / (1 << 24)),
    y: Int32Array.from({ length: 16 }, () => uniformInt(rng, 0, 1)),
    batchSize: 16,
  }));
  const pathways: Pathway[] = Array.from({ length: 64 }, () =>
    config.layers.map(() => Array.from({ length: 3 }, () => uniformInt(rng, 0, 9))),
  );
  const one = pathways[0]!;
  const singleMnist = rate(
    (i) => net.trainStep(one, 'A', mnist[i % 16]!, optimizer),
    seconds,
  ).perSecond;
  const singleDense = rate(
    (i) => net.trainStep(one, 'A', dense[i % 16]!, optimizer),
    seconds,
  ).perSecond;
  const population64 = rate(
    (i) => {
      if (concurrency > 1) {
        net.trainConcurrently(
          pathways.map((pathway, p) => ({ pathway, taskId: 'A', batch: mnist[(i + p) % 16]! })),
          optimizer,
        );
        return;
      }
      for (let p = 0; p < 64; p++)
        net.trainStep(pathways[p]!, 'A', mnist[(i + p) % 16]!, optimizer);
    },
    seconds,
    3,
    1,
  ).perSecond;
  net.dispose();
  return { path: path.name, singleMnist, singleDense, population64 };
}
