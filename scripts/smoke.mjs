// Runtime smoke check: imports the *built* @pathnet/backend and @pathnet/kernels
// (as a user would), runs a small tensor op on the resolved backend and a GEMM
// split over two threads. Run with node, bun and deno.
import { describeBackend, initBackend, tf } from '@pathnet/backend';
import { Kernels } from '@pathnet/kernels';

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
