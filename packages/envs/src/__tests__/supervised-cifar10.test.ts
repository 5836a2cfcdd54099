import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CIFAR10_TEST_FILE,
  CIFAR10_TRAIN_FILES,
  DataFormatError,
  DatasetNotFoundError,
  LabelRangeError,
  loadCifar10,
  makeTask,
  parseCifar10,
} from '../index.js';
import { cifarBytes, cifarPixel, expectCifarPixels, tempDir } from './supervised-fixtures.js';

/** Writes six small batches; train batch i holds labels [i, i+1] mod 10, the test batch [7, 3, 0]. */
function writeCifarFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  CIFAR10_TRAIN_FILES.forEach((f, i) => {
    writeFileSync(join(dir, f), cifarBytes([i, (i + 1) % 10]));
  });
  writeFileSync(join(dir, CIFAR10_TEST_FILE), cifarBytes([7, 3, 0]));
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('CIFAR-10 binary batches', () => {
  it('decodes each 3073-byte record into an HWC image and its label', () => {
    const d = parseCifar10(cifarBytes([4, 9]), 'mem');
    expect(d.count).toBe(2);
    expect(d.shape).toEqual([32, 32, 3]);
    expect([...d.labels]).toEqual([4, 9]);
    expectCifarPixels(d.images, [
      [0, 0, 0, 0],
      [0, 31, 0, 2],
      [1, 5, 17, 1],
      [1, 31, 31, 2],
    ]);
  });

  it('loads the cifar-10-batches-bin folder: batches 1–5 in order, then the test batch', async () => {
    const root = tempDir();
    writeCifarFolder(join(root, 'cifar-10-batches-bin'));
    const d = await loadCifar10({ dataDir: root });
    expect(d.train.count).toBe(10);
    expect([...d.train.labels]).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4, 5]);
    expect([...d.test.labels]).toEqual([7, 3, 0]);
    expect(d.classNames[0]).toBe('airplane');
    // record 0 of data_batch_2 is training image 2
    expect(d.train.images[2 * 3072 + (3 * 32 + 4) * 3 + 1]).toBe(cifarPixel(0, 3, 4, 1));
  });

  it('finds the files directly in PATHNET_DATA_DIR and makes a [32, 32, 3] task', async () => {
    const root = tempDir();
    writeCifarFolder(root);
    vi.stubEnv('PATHNET_DATA_DIR', root);
    const task = await makeTask('cifar10');
    expect(task.inputShape).toEqual([32, 32, 3]);
    expect(task.trainSize).toBe(10);
    const b = task.trainStream({ batchSize: 4, seed: 1 }).next();
    expect(b.x.length).toBe(4 * 3072);
    expect(Math.max(...b.x)).toBeLessThanOrEqual(1);
    const flat = await makeTask('cifar10', { dataDir: root, flatten: true, classes: [3, 7] });
    expect(flat.inputShape).toEqual([3072]);
    expect([...flat.testSet().y]).toEqual([1, 0]);
  });

  it('without a folder, says to pass dataDir or set PATHNET_DATA_DIR, and where to download', async () => {
    vi.stubEnv('PATHNET_DATA_DIR', '');
    const err = await loadCifar10().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetNotFoundError);
    expect((err as Error).message).toMatch(/dataDir.*PATHNET_DATA_DIR/);
    expect((err as Error).message).toContain(
      'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
    );
  });

  it('a folder without the files names the paths tried and the download URL', async () => {
    const root = join(tempDir(), 'empty');
    const err = await makeTask('cifar10', { dataDir: root }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetNotFoundError);
    expect((err as Error).message).toContain(join(root, 'cifar-10-batches-bin', 'test_batch.bin'));
    expect((err as Error).message).toContain('cifar-10-binary.tar.gz');
  });

  it('a missing training batch is named', async () => {
    const root = tempDir();
    writeCifarFolder(root);
    rmSync(join(root, 'data_batch_3.bin'));
    await expect(loadCifar10({ dataDir: root })).rejects.toThrow(/data_batch_3\.bin/);
  });

  it('a truncated batch is a DataFormatError naming the record size', () => {
    const bytes = cifarBytes([1, 2]).subarray(0, 3073 + 100);
    expect(() => parseCifar10(bytes, 'data_batch_1.bin')).toThrow(DataFormatError);
    expect(() => parseCifar10(bytes, 'data_batch_1.bin')).toThrow(
      /data_batch_1.bin: truncated .*3173 bytes is not a positive multiple of the 3073-byte record/,
    );
  });

  it('a label above 9 is a LabelRangeError naming the record', () => {
    const err = (() => {
      try {
        parseCifar10(cifarBytes([1, 2, 10]), 'test_batch.bin');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(LabelRangeError);
    expect((err as Error).message).toBe(
      'test_batch.bin: label 10 at record 2 is out of range; expected 0..9',
    );
  });
});
