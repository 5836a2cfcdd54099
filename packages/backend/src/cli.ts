#!/usr/bin/env node
/** `pathnet-backend`: resolves the backend, runs a tiny op and prints the description. */
import { describeBackend, formatBackendDescription, initBackend, tf } from './index.js';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`Usage: pathnet-backend

Resolves the tfjs backend PathNet-TS would use (tfjs-node-gpu > tfjs-node > wasm > cpu),
prints why each candidate is or is not available, and runs a one-op self-check.
Force one with PATHNET_BACKEND=tensorflow|wasm|cpu (no fallback; exit 1 if it cannot load).`);
  process.exit(0);
}

try {
  await initBackend();
  const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync());
  console.log(formatBackendDescription(describeBackend()));
  console.log(`self-check: [1,2] + [3,4] = [${[...sum].join(',')}] on ${tf.getBackend()}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
