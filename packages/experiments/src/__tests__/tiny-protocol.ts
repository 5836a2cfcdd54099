import { presets } from '@pathnet/core';
import { CONDITIONS, type ProtocolSettings } from '../plan.js';

/** The transfer protocol at a size that runs in seconds: 4-unit modules, P=4, T=2, 3 generations. */
export const tinySettings: ProtocolSettings = {
  grid: presets.binaryMnist({ units: 4 }),
  engine: 'fused',
  concurrency: 1,
  protocol: 'serial',
  population: 4,
  steps: 2,
  batchSize: 8,
  threshold: 0.7,
  maxGenerations: 3,
  learningRate: 0.1,
  mutationProbability: 1 / 9,
  conditions: [...CONDITIONS],
};
/** Task A and task B of the tiny runs: 0 vs 1, then 2 vs 3, noise 0.1. */
export const tinyTaskA = { id: 'mnist-binary', options: { digits: [0, 1], noise: 0.1 } };
export const tinyTaskB = { id: 'mnist-binary', options: { digits: [2, 3], noise: 0.1 } };
