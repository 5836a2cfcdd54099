import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';

// The built package, once as ES module and once as CommonJS: two copies of its module code.
const esm = (await import(
  new URL('../../dist/index.js', import.meta.url).href
)) as typeof import('../index.js');
const cjs = createRequire(import.meta.url)('../../dist/index.cjs') as typeof import('../index.js');

afterEach(() => esm.resetOperators());

describe('one operator registry per process', () => {
  it('an operator registered through the ESM build is created by the CJS build', () => {
    expect(esm.registerOperator).not.toBe(cjs.registerOperator);
    esm.registerOperator('dual-identity', () => ({ kind: 'mutation', apply: (_r, g) => g }));
    expect(cjs.operatorNames()).toContain('dual-identity');
    expect(cjs.createOperator('dual-identity').kind).toBe('mutation');
    cjs.unregisterOperator('dual-identity');
    expect(esm.operatorNames()).not.toContain('dual-identity');
  });
});
