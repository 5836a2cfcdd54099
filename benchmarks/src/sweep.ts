/**
 * `npm run sweep -w benchmarks`: the SGD learning-rate sweep behind
 * binary-mnist's default, and how reachable the paper's 0.998 stop criterion
 * is at each salt-and-pepper noise level. Task A only (5 vs 6), P = 64, T = 50,
 * fused engine; prints one line per run and a Markdown table.
 */
import { Command } from 'commander';
import { type BinaryRun, evolveBinaryMnist } from './evolve-binary.js';

const program = new Command('sweep')
  .option('--rates <list>', 'learning rates', '0.0001,0.001,0.003,0.01,0.03,0.1,0.3')
  .option(
    '--noises <list>',
    'noise levels for the reachability runs (at --reach-rate)',
    '0,0.1,0.2,0.3,0.5',
  )
  .option('--reach-rate <lr>', 'learning rate of the noise runs', '0.1')
  .option('--seeds <K>', 'seeds per setting', '3')
  .option('--max-generations <G>', 'cap per run', '300');
program.parse();
const o = program.opts<{
  rates: string;
  noises: string;
  reachRate: string;
  seeds: string;
  maxGenerations: string;
}>();
const list = (s: string) => s.split(',').map(Number);
const seeds = Array.from({ length: Number(o.seeds) }, (_, i) => i + 1);

async function row(learningRate: number, noise: number): Promise<string> {
  const runs: BinaryRun[] = [];
  for (const seed of seeds) {
    runs.push(
      await evolveBinaryMnist({
        engine: 'fused',
        backend: 'cpu',
        learningRate,
        noise,
        digits: [5, 6],
        seed,
        steps: 50,
        threshold: 0.998,
        maxGenerations: Number(o.maxGenerations),
      }),
    );
  }
  const mean = (f: (r: BinaryRun) => number) => runs.reduce((a, r) => a + f(r), 0) / runs.length;
  const line = `| ${learningRate} | ${noise} | ${runs.filter((r) => r.solved).length}/${runs.length} | ${mean((r) => r.generations).toFixed(0)} | ${mean((r) => Math.max(...r.curve.map((p) => p[1]))).toFixed(4)} | ${mean((r) => r.testAccuracy).toFixed(3)} |`;
  console.error(line);
  return line;
}

const header =
  '| learning rate | noise | solved | generations (cap counts) | best fitness | test acc. |\n|---:|---:|---:|---:|---:|---:|';
const lines = [header];
for (const lr of list(o.rates)) lines.push(await row(lr, 0.5));
for (const noise of list(o.noises))
  if (noise !== 0.5) lines.push(await row(Number(o.reachRate), noise));
console.log(lines.join('\n'));
