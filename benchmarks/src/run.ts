/**
 * `npm run bench`: PathNet-TS throughput and memory on this machine, beside
 * the PyTorch CPU reference measured in the same run, as ratios.
 *
 * Runs with node (`node dist/run.js`), bun (`bun src/run.ts`) and deno
 * (`deno run -A src/run.ts`). `--json` prints one JSON object instead of tables.
 */
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeBackend, initBackend } from '@pathnet/backend';
import { presets } from '@pathnet/core';
import { clearDatasetCache, loadMnist } from '@pathnet/envs';
import { enableRelaxedSimd } from '@pathnet/kernels';
import { Command } from 'commander';
import { type AtariResult, measureAtari } from './atari.js';
import { type EnvRates, measureEnvs } from './envs.js';
import { describeMachine } from './machine.js';
import { type MazeRates, measureMazes } from './mazes.js';
import { type MemoryProfile, profileMemory } from './memory.js';
import { availablePaths, measureSteps, type StepRates, stepFlops } from './pathways.js';
import { writeReadmeTable } from './readme-table.js';
import { bestOf, measureReference, REPO_ROOT, type Reference } from './reference.js';
import { type TransferRun, timeTransferRun } from './transfer.js';

const program = new Command('bench')
  .description(
    'PathNet-TS throughput and memory beside a PyTorch CPU reference measured in the same run',
  )
  .option('--json', 'print one JSON object instead of tables')
  .option('--write <file>', 'also write the JSON to this file (atomically)')
  .option('--seconds <s>', 'measuring time per case', (v) => Number(v), 3)
  .option('--no-reference', 'skip the PyTorch reference')
  .option(
    '--setup-reference',
    'create the PyTorch venv (benchmarks/python/setup-reference.sh) if missing',
  )
  .option('--no-transfer', 'skip the full transfer run')
  .option('--no-memory', 'skip the 500-generation memory profile')
  .option('--no-atari', 'skip the Atari conv pathway step')
  .option('--no-envs', 'skip the environment frame rates')
  .option(
    '--readme <file>',
    'rewrite the performance table between the bench markers of this file',
  );
program.parse();
const o = program.opts<{
  json?: boolean;
  write?: string;
  seconds: number;
  reference: boolean;
  setupReference?: boolean;
  transfer: boolean;
  memory: boolean;
  atari: boolean;
  envs: boolean;
  readme?: string;
}>();
/** File arguments are relative to where `npm run bench` was started (npm's INIT_CWD). */
const userPath = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
const log = (s: string) => {
  if (!o.json) console.log(s);
};

const machine = describeMachine();
// Fused multiply-add kernels where the runtime can run WebAssembly relaxed SIMD.
const kernelsVariant = enableRelaxedSimd();
await initBackend();
log(
  `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}, ${machine.runtime}`,
);
log(`@pathnet/kernels variant: ${kernelsVariant}`);
log(
  `tfjs backends: ${describeBackend()
    .candidates.map((c) => `${c.name}/${c.package.split('/')[1]} ${c.available ? 'yes' : 'no'}`)
    .join(', ')}`,
);

// MNIST load (issue: supervised tasks) -------------------------------------------------
clearDatasetCache();
const t0 = performance.now();
const mnist = await loadMnist();
const mnistLoadMs = performance.now() - t0;
log(
  `full MNIST load (${mnist.train.count} + ${mnist.test.count} images): ${mnistLoadMs.toFixed(0)} ms`,
);

// PyTorch reference -------------------------------------------------------------------
const reference: Reference = o.reference
  ? measureReference(REPO_ROOT, o.seconds, o.setupReference === true)
  : { skipped: '--no-reference' };
if ('skipped' in reference) log(`PyTorch reference skipped: ${reference.skipped}`);
const torchSingle = bestOf(reference, 'single');
const torchPop = bestOf(reference, 'pop');
const torchPeak = bestOf(reference, 'peak');

// Our paths ---------------------------------------------------------------------------
const rates: StepRates[] = [];
for (const p of await availablePaths()) rates.push(await measureSteps(p, o.seconds));
const flops = stepFlops(presets.binaryMnist(), 16, 2);

const ratio = (x: number, ref: { value: number } | null) => (ref ? x / ref.value : null);
const fmtRatio = (r: number | null) => (r === null ? 'n/a' : `${r.toFixed(2)}×`);
log('\nbinary-MNIST pathway step (B=16, 784→3 layers × N=3 modules of 20 ReLU, readout 2, SGD):');
log(
  `  ${'path'.padEnd(20)} ${'single (MNIST)'.padStart(15)} ${'single (dense)'.padStart(15)} ${'64 pathways'.padStart(12)}  ${'× torch single'.padStart(14)} ${'× torch 64'.padStart(11)} ${'GFLOP/s (64)'.padStart(13)} ${'% peak'.padStart(7)}`,
);
for (const r of rates) {
  const gflops = (r.population64 * 64 * flops) / 1e9;
  log(
    `  ${r.path.padEnd(20)} ${r.singleMnist.toFixed(0).padStart(15)} ${r.singleDense.toFixed(0).padStart(15)} ${r.population64.toFixed(1).padStart(12)}  ${fmtRatio(ratio(r.singleMnist, torchSingle)).padStart(14)} ${fmtRatio(ratio(r.population64, torchPop)).padStart(11)} ${gflops.toFixed(2).padStart(13)} ${torchPeak ? `${((100 * gflops) / torchPeak.value).toFixed(1)}%`.padStart(7) : 'n/a'.padStart(7)}`,
  );
}
if (torchSingle && torchPop && torchPeak) {
  log(
    `  ${'PyTorch CPU'.padEnd(20)} ${torchSingle.value.toFixed(0).padStart(15)} ${''.padStart(15)} ${torchPop.value.toFixed(1).padStart(12)}  (best of 1, 2 threads: ${torchSingle.threads} / ${torchPop.threads}); GEMM peak ${torchPeak.value.toFixed(1)} GFLOP/s at ${torchPeak.threads} thread(s)`,
  );
}
log(
  `  (a step is ${(flops / 1e6).toFixed(2)} MFLOP with dense inputs; "% peak" is the 64-pathway FLOP rate over PyTorch's measured GEMM peak)`,
);

// Full transfer run ------------------------------------------------------------------
let transfer: TransferRun | null = null;
if (o.transfer) {
  transfer = timeTransferRun(REPO_ROOT);
  log(
    `\nfull binary-MNIST transfer run (1 seed, A 5v6 then B 7v8 under 3 conditions, backend ${transfer.backend}): ` +
      `${transfer.wallSeconds.toFixed(1)} s; generations ${JSON.stringify(transfer.generations)}`,
  );
}

// Memory -----------------------------------------------------------------------------
const memory: MemoryProfile[] = [];
if (o.memory) {
  memory.push(await profileMemory('fused', 'cpu', 50));
  memory.push(await profileMemory('tfjs', 'wasm', 2));
  log('\nRSS over 500 generations (P=64):');
  for (const m of memory) {
    log(
      `  ${`${m.engine}/${m.backend}`.padEnd(12)} T=${String(m.steps).padEnd(3)} gen 50: ${m.rssAt50MiB.toFixed(1)} MiB, gen 500: ${m.rssAt500MiB.toFixed(1)} MiB, growth ${(100 * m.growth).toFixed(2)}%; tfjs tensors ${m.tensorsAt50} → ${m.tensorsAt500}`,
    );
  }
}

// Atari conv pathway ---------------------------------------------------------------
let atari: AtariResult | null = null;
if (o.atari) {
  atari = await measureAtari(o.seconds);
  log(
    `\nAtari pathway step (B=20, 84×84×4, conv 8/4/3 + dense 50, N=4, RMSProp, clip 40), ${(atari.flopsPerStep / 1e6).toFixed(0)} MFLOP/step:`,
  );
  const ref = 'stepsPerS' in atari.reference ? atari.reference : null;
  for (const p of atari.paths) {
    log(
      `  ${p.path.padEnd(20)} ${p.stepsPerS.toFixed(1).padStart(8)} steps/s ${p.gflops.toFixed(1).padStart(6)} GFLOP/s  ${ref ? `${(p.stepsPerS / ref.stepsPerS).toFixed(2)}× PyTorch` : ''}`,
    );
  }
  if (ref)
    log(
      `  ${'PyTorch CPU'.padEnd(20)} ${ref.stepsPerS.toFixed(1).padStart(8)} steps/s ${ref.gflops.toFixed(1).padStart(6)} GFLOP/s  (${ref.threads} thread(s))`,
    );
  else if ('skipped' in atari.reference)
    log(`  PyTorch reference skipped: ${atari.reference.skipped}`);
}

// Environments ------------------------------------------------------------------------
let envs: EnvRates | null = null;
if (o.envs) {
  envs = measureEnvs(REPO_ROOT, Math.min(o.seconds, 2), o.setupReference === true);
  log('\nenvironments, uniformly random agent:');
  for (const r of envs.minatar)
    log(
      `  ${r.env.padEnd(44)} ${Math.round(r.framesPerS).toLocaleString('en').padStart(10)} frames/s`,
    );
  if (Array.isArray(envs.ale)) {
    for (const r of envs.ale)
      log(
        `  ${r.env.padEnd(44)} ${Math.round(r.framesPerS).toLocaleString('en').padStart(10)} frames/s`,
      );
    for (const r of envs.alePython ?? []) {
      log(
        `  ${`Python ale-py direct, ${r.obs}`.padEnd(44)} ${Math.round(r.framesPerS).toLocaleString('en').padStart(10)} frames/s (same run)`,
      );
    }
  } else {
    log(`  ALE bridge skipped: ${envs.ale.skipped}`);
  }
}

// First-person mazes (Labyrinth tasks) and the network acting on them -------------------
let mazes: MazeRates | null = null;
if (o.envs) {
  mazes = await measureMazes(Math.min(o.seconds, 2));
  log('\nfirst-person mazes, uniformly random agent:');
  for (const r of mazes.envs)
    log(
      `  ${`${r.env} ${r.size}×${r.size}`.padEnd(44)} ${Math.round(r.framesPerS).toLocaleString('en').padStart(10)} frames/s`,
    );
  log(
    `  network: PathNet presets.labyrinth(), fused engine, 1 thread, one forward per 84×84×3 frame: ${mazes.networkForwardsPerS.toFixed(0)} frames/s`,
  );
  for (const r of mazes.ratios)
    log(
      `  ${r.env.padEnd(30)} env ${r.envMs.toFixed(3)} ms/frame, network ${r.networkMs.toFixed(3)} ms/frame, env ÷ network ${r.ratio.toFixed(3)}`,
    );
}

const report = {
  machine,
  kernelsVariant,
  backend: describeBackend(),
  mnistLoadMs,
  reference,
  rates,
  stepMflops: flops / 1e6,
  transfer,
  memory,
  atari,
  envs,
  mazes,
};
if (o.json) console.log(JSON.stringify(report, null, 2));
if (o.write) {
  const file = userPath(o.write);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(tmp, file);
}
if (o.readme) writeReadmeTable(userPath(o.readme), report);
