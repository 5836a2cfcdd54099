import { describe, expect, it } from 'vitest';
import { processRegistry, processState } from '../process.js';

describe('processState', () => {
  it('makes the value once per key and keeps it on globalThis under a Symbol.for key', () => {
    let made = 0;
    const a = processState('test:counter', () => ({ n: ++made }));
    const b = processState('test:counter', () => ({ n: ++made }));
    expect(a).toBe(b);
    expect(made).toBe(1);
    const store = (globalThis as Record<symbol, Map<string, unknown>>)[
      Symbol.for('@pathnet/registry/process-state@1')
    ];
    expect(store?.get('test:counter')).toBe(a);
  });
});

describe('processRegistry', () => {
  it('runs setup once, after the registry is stored, so setup may ask for it again', () => {
    let setups = 0;
    const get = () =>
      processRegistry<number>('test:registry', 'test entry', (r) => {
        setups += 1;
        expect(get()).toBe(r);
        r.register('one', 1);
      });
    expect(get().get('one')).toBe(1);
    expect(get()).toBe(get());
    expect(setups).toBe(1);
  });
});
