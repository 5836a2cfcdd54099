import { describe, expect, it } from 'vitest';
import { randomAgentReturn } from '../rl-random.js';

const breakout = { id: 'minatar/Breakout-v0', channels: 6 };

describe('the random agent', () => {
  it('averages whole episodes of uniform-random actions, deterministic by its seed', {
    timeout: 60_000,
  }, () => {
    const r = randomAgentReturn(breakout, 20, 1);
    expect(r.n).toBe(20);
    expect(r.ci95).not.toBeNull();
    const [lo, hi] = r.ci95!;
    expect(lo).toBeLessThanOrEqual(r.mean);
    expect(hi).toBeGreaterThanOrEqual(r.mean);
    // A random policy rarely breaks a brick in MinAtar Breakout: returns are small and ≥ 0.
    expect(r.mean).toBeGreaterThanOrEqual(0);
    expect(r.mean).toBeLessThan(5);
    expect(randomAgentReturn(breakout, 20, 1)).toEqual(r);
    expect(randomAgentReturn(breakout, 1, 1).ci95).toBeNull();
  });

  it('refuses a bad episode count or seed', () => {
    expect(() => randomAgentReturn(breakout, 0, 1)).toThrow(/episodes must be an integer ≥ 1/);
    expect(() => randomAgentReturn(breakout, 2.5, 1)).toThrow(RangeError);
    expect(() => randomAgentReturn(breakout, 2, 0.5)).toThrow(/seed must be an integer/);
  });
});
