// Runtime smoke check: imports the *built* @pathnet/backend and @pathnet/kernels
// (as a user would), runs a small tensor op on the resolved backend and a GEMM
// split over two threads, serves the dashboard (@pathnet/dashboard) and reads its page, state
// and event stream, then the binary-MNIST app's quick mode. Run with node, bun and deno.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeBackend, initBackend, tf } from '@pathnet/backend';
import { DashboardHub, startDashboard } from '@pathnet/dashboard';
import { createDensePathwayKernel, Kernels } from '@pathnet/kernels';

const runtime =
  typeof globalThis.Bun !== 'undefined'
    ? `bun ${globalThis.Bun.version}`
    : typeof globalThis.Deno !== 'undefined'
      ? `deno ${globalThis.Deno.version.deno}`
      : `node ${process.versions.node}`;
const backend = await initBackend();
const y = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.eye(2)).dataSync());
const expected = [1, 2, 3, 4];
if (Array.from(y).some((v, i) => v !== expected[i])) {
  console.error(`smoke: ${runtime}: wrong result ${Array.from(y)}`);
  process.exit(1);
}
console.log(
  `smoke: ${runtime}: backend ${backend} (${describeBackend().activePackage}) ok, matMul = [${Array.from(y)}]`,
);

// A GEMM big enough to be split over a helper thread must equal the one-thread result bit for bit.
const gemm = (kernels) => {
  const a = kernels.allocFrom(Float32Array.from({ length: 256 * 256 }, (_, i) => Math.sin(i)));
  const c = kernels.alloc(256 * 256);
  kernels.sgemm({ m: 256, n: 256, k: 256, a, b: a, c });
  return c.toArray();
};
const threaded = await Kernels.create({ threads: 2 }).ready();
if (threaded.threads !== 2) {
  console.error(`smoke: ${runtime}: kernels helper thread: ${threaded.threadsUnavailable}`);
  process.exit(1);
}
const split = gemm(threaded);
threaded.dispose();
if (gemm(Kernels.create()).some((v, i) => !Object.is(v, split[i]))) {
  console.error(`smoke: ${runtime}: the two-thread GEMM differs from the one-thread GEMM`);
  process.exit(1);
}
console.log(`smoke: ${runtime}: kernels on 2 threads ok, GEMM equal to 1 thread`);

// Two steps at once (one on a step worker) on disjoint modules with their own readouts
// share no parameter, so they must give what running them in order gives.
const twoSteps = async (concurrency) => {
  const grid = createDensePathwayKernel({
    inputSize: 4,
    layers: [{ units: 3, modules: 4 }],
    classes: 2,
    concurrency,
  });
  grid.addReadout('other', 2);
  await grid.ready();
  const x = new Float32Array([1, 0, 0, 1, 0, 1, 1, 0]);
  const y = new Int32Array([0, 1]);
  const losses = grid
    .trainConcurrently(
      [
        { active: [[0, 1]], x, y },
        { active: [[2, 3]], x, y, options: { readout: 'other' } },
      ],
      { type: 'sgd', learningRate: 0.1 },
    )
    .map((r) => r.loss);
  const ran = grid.concurrency;
  grid.dispose();
  return { losses, ran };
};
const [inOrder, together] = [await twoSteps(1), await twoSteps(2)];
if (together.ran !== 2 || together.losses.some((l, i) => l !== inOrder.losses[i])) {
  console.error(`smoke: ${runtime}: concurrent steps: ${JSON.stringify({ inOrder, together })}`);
  process.exit(1);
}
console.log(`smoke: ${runtime}: two pathway steps at once on a step worker ok`);

// The dashboard's server in this runtime: the page, an event through the stream, the state.
{
  const hub = new DashboardHub('smoke');
  const server = await startDashboard(hub);
  const page = await fetch(server.url);
  const html = await page.text();
  const stream = await fetch(new URL('/api/events?after=0', server.url));
  const reader = stream.body.getReader();
  hub.publish({ type: 'progress', seed: 1, phase: 'task A', generation: 1, bestFitness: 0.5 });
  let text = '';
  const decoder = new TextDecoder();
  while (!text.includes('\n\n')) text += decoder.decode((await reader.read()).value);
  await reader.cancel();
  const { state } = await (await fetch(new URL('/api/state', server.url))).json();
  await server.close();
  if (page.status !== 200 || !html.includes('/assets/page.js') || !text.includes('"task A"')) {
    console.error(
      `smoke: ${runtime}: dashboard: page ${page.status}, stream ${JSON.stringify(text)}`,
    );
    process.exit(1);
  }
  if (state.generations !== 1) {
    console.error(`smoke: ${runtime}: dashboard state has ${state.generations} generations, not 1`);
    process.exit(1);
  }
  console.log(`smoke: ${runtime}: dashboard served on ${server.url}: page, event stream, state ok`);
}

// The binary-MNIST app's quick mode in this runtime: from its TypeScript source under Bun
// and Deno, from its build under Node. It must finish and write its results.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(path.join(os.tmpdir(), 'pathnet-smoke-'));
const app = path.join(root, 'apps', 'binary-mnist');
const args =
  typeof globalThis.Deno !== 'undefined'
    ? ['run', '--allow-all', path.join(app, 'src', 'cli.ts')]
    : typeof globalThis.Bun !== 'undefined'
      ? [path.join(app, 'src', 'cli.ts')]
      : [path.join(app, 'dist', 'cli.js')];
const t0 = performance.now();
const quick = spawnSync(process.execPath, [...args, '--quick', '--out', out], { encoding: 'utf8' });
const written = existsSync(path.join(out, 'results.json'));
rmSync(out, { recursive: true, force: true });
if (quick.status !== 0 || !written) {
  console.error(`smoke: ${runtime}: binary-mnist --quick failed (exit ${quick.status}):`);
  console.error(`${quick.stdout}\n${quick.stderr}`.trim().split('\n').slice(-15).join('\n'));
  process.exit(1);
}
const seconds = ((performance.now() - t0) / 1000).toFixed(0);
console.log(`smoke: ${runtime}: binary-mnist --quick from ${args.at(-1)} ok (${seconds} s)`);
