#!/usr/bin/env node
/** `pathnet-backend`: resolves the backend, runs a tiny op and prints the description. */
import { describeBackend, formatBackendDescription, initBackend, tf } from './index.js';

try {
  await initBackend();
  const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync());
  console.log(formatBackendDescription(describeBackend()));
  console.log(`self-check: [1,2] + [3,4] = [${[...sum].join(',')}] on ${tf.getBackend()}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
