// Runtime smoke check: imports the *built* @pathnet/backend (as a user would)
// and runs a small tensor op on the resolved backend. Run with node, bun and deno.
import { describeBackend, initBackend, tf } from '@pathnet/backend';

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
