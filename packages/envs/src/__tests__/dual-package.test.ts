import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The built package, once as ES module and once as CommonJS: two copies of its module code.
const esm = (await import(
  new URL('../../dist/index.js', import.meta.url).href
)) as typeof import('../index.js');
const cjs = createRequire(import.meta.url)('../../dist/index.cjs') as typeof import('../index.js');

describe('one task and environment registry per process', () => {
  it('a task registered through the ESM build is made by the CJS build', async () => {
    expect(esm.registerTask).not.toBe(cjs.registerTask);
    esm.registerTask('dual-task', () => cjs.makeTask('mnist-binary', { digits: [0, 1] }));
    expect(cjs.taskIds()).toContain('dual-task');
    expect((await cjs.makeTask('dual-task')).numClasses).toBe(2);
    expect(cjs.unregisterTask('dual-task')).toBe(true);
    expect(esm.taskIds()).not.toContain('dual-task');
  }, 60_000);

  it('an environment registered through the CJS build is made by the ESM build', () => {
    const spec = esm.envSpec('CartPole-v1');
    cjs.registerEnv('dual/CartPole-v1', { create: spec.create, defaults: {} });
    expect(esm.envIds()).toContain('dual/CartPole-v1');
    const env = esm.makeEnv('dual/CartPole-v1');
    expect(env.reset({ seed: 1 }).observation).toHaveLength(4);
    env.close();
    expect(esm.unregisterEnv('dual/CartPole-v1')).toBe(true);
  });
});
