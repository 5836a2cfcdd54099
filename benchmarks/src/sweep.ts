/**
 * `npm run sweep -w benchmarks`: the SGD learning-rate sweep behind
 * binary-mnist's default (per population size), and how reachable the paper's
 * 0.998 stop criterion is at each salt-and-pepper noise level. One task from
 * scratch (5 vs 6, what the `independent` control learns), T = 50, fused engine;
 * prints one line per run setting and a Markdown table.
 */
import type { NoiseMode } from '@pathnet/envs';
import { checkFitnessProtocol } from '@pathnet/evolution';
import { Command } from 'commander';
import { type BinaryRun, evolveBinaryMnist } from './evolve-binary.js';

const program = new Command('sweep')
  .option('--rates <list>', 'learning rates', '0.0001,0.001,0.003,0.01,0.03,0.1')
  .option('--populations <list>', 'population sizes P', '64,20')
  .option('--noise-mode <mode>', 'once (per training image) | fresh (per minibatch)', 'once')
  .option('--protocol <name>', 'fitness protocol: serial | interleaved', 'serial')
  .option('--noises <list>', 'noise levels for the reachability runs (at --reach-rate)', '')
  .option('--reach-rate <lr>', 'learning rate of the noise runs', '0.1')
  .option('--seeds <K>', 'seeds per setting', '3')
  .option('--max-generations <G>', 'cap per run', '500');
program.parse();
const o = program.opts<{
  rates: string;
  populations: string;
  noiseMode: NoiseMode;
  protocol: string;
  noises: string;
  reachRate: string;
  seeds: string;
  maxGenerations: string;
}>();
const list = (s: string) => (s === '' ? [] : s.split(',').map(Number));
const seeds = Array.from({ length: Number(o.seeds) }, (_, i) => i + 1);
const protocol = checkFitnessProtocol(o.protocol);

async function row(learningRate: number, noise: number, population: number): Promise<string> {
  const runs: BinaryRun[] = [];
  const started = performance.now();
  for (const seed of seeds) {
    runs.push(
      await evolveBinaryMnist({
        engine: 'fused',
        backend: 'cpu',
        learningRate,
        noise,
        noiseMode: o.noiseMode,
        population,
        protocol,
        digits: [5, 6],
        seed,
        steps: 50,
        threshold: 0.998,
        maxGenerations: Number(o.maxGenerations),
      }),
    );
  }
  const mean = (f: (r: BinaryRun) => number) => runs.reduce((a, r) => a + f(r), 0) / runs.length;
  const seconds = (performance.now() - started) / 1000 / runs.length;
  const line = `| ${learningRate} | ${population} | ${noise} | ${runs.filter((r) => r.solved).length}/${runs.length} | ${mean((r) => r.generations).toFixed(0)} | ${mean((r) => Math.max(...r.curve.map((p) => p[1]))).toFixed(4)} | ${mean((r) => r.testAccuracy).toFixed(3)} | ${seconds.toFixed(1)} s |`;
  console.error(line);
  return line;
}

const header = `Noise ${o.noiseMode === 'once' ? 'once per training image' : 'fresh per minibatch'}, protocol ${protocol}, cap ${o.maxGenerations} generations, ${seeds.length} seeds per row (means).\n\n| learning rate | P | noise | solved | generations (cap counts) | best fitness | test acc. (noisy) | per run |\n|---:|---:|---:|---:|---:|---:|---:|---:|`;
const lines = [header];
for (const population of list(o.populations)) {
  for (const lr of list(o.rates)) lines.push(await row(lr, 0.5, population));
}
for (const noise of list(o.noises)) {
  if (noise !== 0.5)
    lines.push(await row(Number(o.reachRate), noise, list(o.populations)[0] ?? 64));
}
console.log(lines.join('\n'));
