/**
 * `npm run order-bias -w benchmarks`: how much a fitness protocol favours one slot of a
 * binary tournament. Each tournament pits a random genotype against itself on a freshly
 * initialised binary-MNIST grid (Sec. 3.1: L=3, M=10, N=3, 20 units, new readout, SGD,
 * T minibatches of 16 each); with identical genotypes a fair protocol lets each slot win
 * half the decided tournaments. Prints, per protocol, the second slot's share of the
 * decided tournaments with an exact (Clopper–Pearson) 95% interval and the exact binomial
 * test of p = 1/2 (`@stdlib/stats-binomial-test`), as a Markdown table. `interleaved` draws its
 * leading slot per tournament from a seeded generator, as the apps do; `--fixed-lead` keeps
 * slot 0 leading (the protocol before that draw).
 */
import { initBackend } from '@pathnet/backend';
import { createOptimizer, PathNet, presets } from '@pathnet/core';
import { makeTask, type NoiseMode } from '@pathnet/envs';
import {
  checkFitnessProtocol,
  createRng,
  type FitnessProtocol,
  pairEvaluator,
  randomGenotype,
} from '@pathnet/evolution';
import binomialTest from '@stdlib/stats-binomial-test';
import { Command } from 'commander';

const program = new Command('order-bias')
  .option('--protocols <list>', 'fitness protocols', 'serial,interleaved')
  .option('--tournaments <K>', 'tournaments per protocol', '1000')
  .option('--learning-rates <list>', 'SGD learning rates', '0.1')
  .option('--steps <T>', 'minibatches per pathway per tournament', '50')
  .option('--noise <p>', 'salt-and-pepper noise', '0.5')
  .option('--noise-mode <mode>', 'once | fresh', 'once')
  .option('--digits <a,b>', 'the task', '5,6')
  .option('--fixed-lead', 'interleaved: slot 0 always leads (no draw per tournament)');
program.parse();
const o = program.opts<{
  protocols: string;
  tournaments: string;
  learningRates: string;
  steps: string;
  noise: string;
  noiseMode: NoiseMode;
  digits: string;
  fixedLead?: boolean;
}>();
const protocols = o.protocols.split(',').map(checkFitnessProtocol);
const tournaments = Number(o.tournaments);
const steps = Number(o.steps);
const [a, b] = o.digits.split(',').map(Number) as [number, number];

/** Outcome counts of `tournaments` identical-genotype tournaments under one protocol. */
interface Counts {
  first: number;
  second: number;
  ties: number;
  seconds: number;
}

async function measure(protocol: FitnessProtocol, learningRate: number): Promise<Counts> {
  const task = await makeTask('mnist-binary', {
    digits: [a, b],
    noise: Number(o.noise),
    noiseMode: o.noiseMode,
    noiseSeed: 1,
  });
  const config = presets.binaryMnist();
  const net = PathNet.create(config, { seed: 1, engine: 'fused' });
  const optimizer = createOptimizer({ kind: 'sgd', learningRate });
  const stream = task.trainStream({ batchSize: 16, seed: 1 });
  const batch = { x: new Float32Array(16 * 784), y: new Int32Array(16), batchSize: 16 };
  const rng = createRng(2017);
  const counts: Counts = { first: 0, second: 0, ties: 0, seconds: 0 };
  const started = performance.now();
  const evaluator = pairEvaluator(
    protocol,
    steps,
    (g) => net.trainStep(g, 'A', stream.next(batch), optimizer).accuracy,
    // The interleaved protocol's leading slot, drawn per tournament as the apps draw it.
    o.fixedLead ? undefined : createRng(2018),
  );
  for (let k = 0; k < tournaments; k++) {
    // a fresh grid and readout for every tournament
    net.reinitializeUnfrozen(k + 1);
    if (k > 0) net.removeReadout('A');
    net.addReadout('A', 2, k + 1);
    const genotype = randomGenotype(rng, { layers: 3, modules: 10, active: 3 });
    const [f0, f1] = evaluator.pair(genotype, genotype);
    if (f0 > f1) counts.first++;
    else if (f1 > f0) counts.second++;
    else counts.ties++;
  }
  counts.seconds = (performance.now() - started) / 1000;
  net.dispose();
  return counts;
}

await initBackend({ backend: 'cpu' });
const lines = [
  `Identical genotypes on a fresh grid, binary MNIST ${a} vs ${b}, noise ${o.noise} (${o.noiseMode}), T = ${steps}, B = 16, SGD; ${tournaments} tournaments per row; exact binomial test of p = 1/2 (@stdlib/stats-binomial-test).`,
  '',
  '| protocol | lead | learning rate | first slot wins | second slot wins | ties | second slot’s share of decided [95% CI] | p-value | wall |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|',
];
for (const lr of o.learningRates.split(',').map(Number)) {
  for (const protocol of protocols) {
    const c = await measure(protocol, lr);
    const decided = c.first + c.second;
    const t = binomialTest(c.second, decided, { p: 0.5 });
    const lead = protocol === 'serial' ? 'n/a' : o.fixedLead ? 'slot 0' : 'drawn';
    const line = `| ${protocol} | ${lead} | ${lr} | ${c.first} | ${c.second} | ${c.ties} | ${(100 * t.statistic).toFixed(1)}% [${(100 * t.ci[0]!).toFixed(1)}, ${(100 * t.ci[1]!).toFixed(1)}] | ${t.pValue.toPrecision(2)} | ${c.seconds.toFixed(0)} s |`;
    console.error(line);
    lines.push(line);
  }
}
console.log(lines.join('\n'));
