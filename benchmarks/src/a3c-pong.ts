/**
 * Environment frames/s of plain A3C on ALE Pong at 84×84 with the paper's
 * Atari grid (`presets.atari()`, one fixed pathway of N = 4 modules per
 * layer): `@pathnet/rl` on the fused engine through the ALE bridge, beside
 * the PyTorch reference (`benchmarks/python/a3c_reference.py --env pong`:
 * the same network, loss, hyperparameters and preprocessing, shared model and
 * shared RMSProp) with as many processes as our threads, measured back to back
 * in this run over the same frame budget. One frame is one agent step (4
 * emulator frames). `node benchmarks/dist/a3c-pong.js --help` lists the flags.
 */
import { spawnSync } from 'node:child_process';
import { PathNet, presets } from '@pathnet/core';
import { kernelsVariant } from '@pathnet/kernels';
import { trainA3CThreads } from '@pathnet/rl';
import { type A3CRunFlags, a3cRunCommand, parseWithWrite } from './flags.js';
import { describeMachine, loadAverage } from './machine.js';
import { PONG_84, PONG_PYTHON } from './pong-env.js';
import { type A3CReferenceRun, REPO_ROOT, referencePython, runA3CReference } from './reference.js';
import { writeJsonAtomic } from './write-json.js';

const program = a3cRunCommand(
  'a3c-pong',
  'A3C frames/s on ALE Pong 84×84, @pathnet/rl beside PyTorch, 1 and 2 threads',
  {
    frames: 20_000,
    workers: 4,
    threadsHelp: 'thread (and PyTorch process) counts',
    workersHelp: 'logical workers, on both sides',
  },
);
const o = parseWithWrite<A3CRunFlags>(program);

/** Our frames/s over the budget, thread start-up and bridge start-up included. */
async function ours(threads: number): Promise<number> {
  const net = PathNet.create(presets.atari(), { seed: o.seed, engine: 'fused' });
  const t0 = performance.now();
  const result = await trainA3CThreads({
    env: PONG_84,
    net,
    args: {
      seed: o.seed,
      workers: o.workers,
      evolve: false,
      totalFrames: o.frames,
      learningRate: o.lr,
    },
    threads,
    preload: [new URL('./pong-env.js', import.meta.url).href],
  });
  return result.frames / ((performance.now() - t0) / 1000);
}

/** PyTorch's frames/s over the same budget, process start-up included, or why there is none. */
function pytorch(python: string, processes: number): number | string {
  const runs = runA3CReference(REPO_ROOT, python, {
    env: 'pong',
    noSolve: true,
    seeds: 1,
    workers: o.workers,
    processes,
    maxFrames: o.frames,
    lr: o.lr,
  });
  return 'skipped' in runs ? runs.skipped : (runs[0] as A3CReferenceRun).frames_per_s;
}

const m = describeMachine();
const python = referencePython(REPO_ROOT, false);
const torch =
  typeof python === 'string'
    ? spawnSync(
        python,
        ['-c', 'import torch, ale_py; print(torch.__version__, ale_py.__version__)'],
        {
          encoding: 'utf8',
        },
      ).stdout.trim()
    : python.skipped;
console.log(
  `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, ${m.runtime}; load average ${loadAverage()}`,
);
console.log(
  `ours: @pathnet/rl fused engine (@pathnet/kernels ${kernelsVariant()}), ALE bridge on ${PONG_PYTHON}; PyTorch CPU ${torch} (torch, ale-py)`,
);
console.log(
  `plain A3C on ALE Pong 84×84×4, presets.atari() (L=4 M=10 N=4), ${o.workers} workers, ${o.frames} frames per run, lr ${o.lr}, t_max 20, seed ${o.seed}`,
);
console.log('threads  ours frames/s  PyTorch frames/s  ratio  load average after');
const rows: unknown[] = [];
for (const threads of o.threads.split(',').map(Number)) {
  const mine = await ours(threads);
  const theirs = typeof python === 'string' ? pytorch(python, threads) : python.skipped;
  const ratio = typeof theirs === 'number' ? `${(mine / theirs).toFixed(2)}×` : '-';
  console.log(
    `${String(threads).padStart(7)}  ${mine.toFixed(0).padStart(13)}  ${(typeof theirs === 'number' ? theirs.toFixed(0) : theirs).padStart(16)}  ${ratio.padStart(5)}  ${loadAverage()}`,
  );
  rows.push({ threads, ours: mine, pytorch: theirs });
}
if (o.write) await writeJsonAtomic(o.write, { options: o, machine: m, runs: rows });
