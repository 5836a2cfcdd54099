import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BackendResolutionError,
  backendNames,
  describeBackend,
  initBackend,
  tf,
  wasmBinaryDir,
} from '../index.js';

afterEach(() => {
  delete process.env.PATHNET_BACKEND;
});

describe('initBackend', () => {
  it('activates the highest-priority candidate that loads, and says why each higher one did not', async () => {
    const name = await initBackend();
    const d = describeBackend();
    expect(d.active).toBe(name);
    expect(tf.getBackend()).toBe(name);
    const activeIndex = d.candidates.findIndex((c) => c.package === d.activePackage);
    expect(activeIndex).toBeGreaterThanOrEqual(0);
    for (const higher of d.candidates.slice(0, activeIndex)) {
      expect(higher.available).toBe(false);
      expect(higher.reason).toMatch(/not installed|failed/);
    }
    // Lower-priority candidates were probed too, so the description is complete.
    for (const lower of d.candidates.slice(activeIndex + 1)) {
      expect(lower.available).not.toBeUndefined();
    }
  }, 60_000);

  it('forces cpu by option and runs an op there', async () => {
    expect(await initBackend({ backend: 'cpu' })).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(Array.from(tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()))).toEqual([5]);
  }, 60_000);

  it('forces wasm through PATHNET_BACKEND and finds the .wasm files without setup', async () => {
    process.env.PATHNET_BACKEND = 'wasm';
    expect(await initBackend()).toBe('wasm');
    expect(existsSync(path.join(wasmBinaryDir(), 'tfjs-backend-wasm.wasm'))).toBe(true);
    const y = tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync());
    expect(Array.from(y)).toEqual([3, 3, 3, 3]);
  }, 60_000);

  it('rejects an unknown name, listing the valid ones', async () => {
    const error = await initBackend({ backend: 'nonsense' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendResolutionError);
    expect((error as Error).message).toContain('"nonsense"');
    for (const name of backendNames()) expect((error as Error).message).toContain(name);
  }, 60_000);

  it('never falls back silently when a forced backend is unavailable', async () => {
    const before = tf.getBackend();
    const tensorflow = describeBackend().candidates.filter((c) => c.name === 'tensorflow');
    if (tensorflow.some((c) => c.available === true)) return; // a native backend is installed here
    process.env.PATHNET_BACKEND = 'tensorflow';
    const error = await initBackend().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendResolutionError);
    expect((error as Error).message).toContain('@tensorflow/tfjs-node');
    expect((error as Error).message).toContain('npm install @tensorflow/tfjs-node');
    expect(tf.getBackend()).toBe(before);
  }, 60_000);

  it('shares one resolution between concurrent callers', () => {
    const a = initBackend({ backend: 'cpu' });
    const b = initBackend({ backend: 'cpu' });
    expect(a).toBe(b);
    return a;
  }, 60_000);
});
