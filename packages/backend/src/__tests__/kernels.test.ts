import { describe, expect, it } from 'vitest';
import { assertCanTrain, initBackend, MissingKernelError, missingKernels, tf } from '../index.js';

describe('kernel report', () => {
  it('cpu has every kernel PathNet needs for dense and conv modules', async () => {
    await initBackend({ backend: 'cpu' });
    expect(missingKernels('cpu')).toEqual({ dense: [], conv2d: [] });
    expect(() => assertCanTrain(['dense', 'conv2d'], 'cpu')).not.toThrow();
  }, 60_000);

  it('names exactly the kernels a backend lacks, and assertCanTrain fails before training', async () => {
    await initBackend({ backend: 'wasm' });
    const missing = missingKernels('wasm');
    expect(missing.dense).toEqual([]);
    for (const k of missing.conv2d) expect(tf.getKernel(k, 'wasm')).toBeUndefined();
    if (missing.conv2d.length > 0) {
      expect(() => assertCanTrain(['conv2d'], 'wasm')).toThrow(MissingKernelError);
      expect(() => assertCanTrain(['conv2d'], 'wasm')).toThrow(missing.conv2d[0]);
    }
  }, 60_000);
});
