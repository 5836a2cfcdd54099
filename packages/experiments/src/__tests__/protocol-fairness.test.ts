import { createOptimizer, PathNet, presets } from '@pathnet/core';
import { makeTask } from '@pathnet/envs';
import { createRng, type FitnessProtocol, pairEvaluator, randomGenotype } from '@pathnet/evolution';
import binomialTest from '@stdlib/stats-binomial-test';
import { describe, expect, it } from 'vitest';

/**
 * The identical-genotype experiment on a real grid: `tournaments` tournaments, each pitting a
 * random genotype against itself on a freshly initialised binary-MNIST grid (Sec. 3.1's, new
 * readout), T = 10 minibatches of 16 each (a fifth of the paper's T, to keep it short), SGD 0.1. Returns the second slot's wins
 * and the decided tournaments (ties left out).
 */
async function identicalGenotypes(protocol: FitnessProtocol, tournaments: number) {
  const task = await makeTask('mnist-binary', { digits: [5, 6], noise: 0.5, noiseSeed: 3 });
  const net = await PathNet.create(presets.binaryMnist(), {
    seed: 1,
    engine: 'fused',
  }).ready();
  const optimizer = createOptimizer({ kind: 'sgd', learningRate: 0.1 });
  const stream = task.trainStream({ batchSize: 16, seed: 4 });
  const evaluator = pairEvaluator(
    protocol,
    10,
    (g) => net.trainStep(g, 'A', stream.next(), optimizer).accuracy,
    createRng(6),
  );
  const rng = createRng(5);
  let second = 0;
  let decided = 0;
  for (let k = 0; k < tournaments; k++) {
    net.reinitializeUnfrozen(k);
    if (k > 0) net.removeReadout('A');
    net.addReadout('A', 2, k);
    const g = randomGenotype(rng, { layers: 3, modules: 10, active: 3 });
    const [f0, f1] = evaluator.pair(g, g);
    if (f0 !== f1) decided++;
    if (f1 > f0) second++;
  }
  net.dispose();
  return { second, decided };
}

describe('fitness protocols on a fresh grid: two identical genotypes, 300 tournaments', () => {
  it('serial favours the second slot (exact binomial test of 1/2 rejected)', async () => {
    const { second, decided } = await identicalGenotypes('serial', 300);
    const test = binomialTest(second, decided, { p: 0.5 });
    expect(test.pValue).toBeLessThan(1e-6);
    expect(test.statistic).toBeGreaterThan(0.5);
  }, 240_000);

  it('interleaved favours neither slot (1/2 inside the 99.9% interval)', async () => {
    const { second, decided } = await identicalGenotypes('interleaved', 300);
    expect(decided).toBeGreaterThan(150);
    const test = binomialTest(second, decided, { p: 0.5, alpha: 0.001 });
    expect(test.rejected).toBe(false);
  }, 240_000);
});
