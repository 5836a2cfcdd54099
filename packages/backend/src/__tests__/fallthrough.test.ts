import { describe, expect, it } from 'vitest';
import { describeBackend, initBackend, registerBackendCandidate } from '../index.js';

describe('a candidate that is installed but fails to load', () => {
  it('is reported with its reason and resolution falls through to the next one', async () => {
    registerBackendCandidate({
      name: 'broken',
      package: 'broken-native-backend',
      priority: 100,
      install: 'npm install broken-native-backend',
      load: async () => {
        throw new Error('libbroken.so: cannot open shared object file');
      },
    });
    const active = await initBackend();
    expect(active).not.toBe('broken');
    const broken = describeBackend().candidates.find((c) => c.name === 'broken');
    expect(broken?.available).toBe(false);
    expect(broken?.reason).toMatch(/installed but failed to load: libbroken\.so/);
  }, 60_000);

  it('forcing it throws with the reason and the install command', async () => {
    const error = await initBackend({ backend: 'broken' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/libbroken\.so/);
    expect((error as Error).message).toMatch(/npm install broken-native-backend/);
  }, 60_000);
});
