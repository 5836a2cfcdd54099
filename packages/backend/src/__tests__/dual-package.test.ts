import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The built package, once as ES module and once as CommonJS: two copies of its module code.
const esm = (await import(
  new URL('../../dist/index.js', import.meta.url).href
)) as typeof import('../index.js');
const cjs = createRequire(import.meta.url)('../../dist/index.cjs') as typeof import('../index.js');

describe('one backend resolution per process', () => {
  it('a candidate registered through the ESM build is known to the CJS build, and the active backend is one', async () => {
    expect(esm.registerBackendCandidate).not.toBe(cjs.registerBackendCandidate);
    esm.registerBackendCandidate({
      name: 'dual-test',
      package: 'dual-test-backend',
      priority: -1,
      install: 'npm install dual-test-backend',
      load: async () => {
        throw new Error('not installed');
      },
    });
    expect(cjs.backendNames()).toContain('dual-test');
    const name = await esm.initBackend({ backend: 'cpu' });
    expect(cjs.describeBackend().active).toBe(name);
  }, 60_000);
});
