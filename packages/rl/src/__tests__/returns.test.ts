import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { advantages, bootstrapValue, nStepReturns } from '../index.js';

describe('n-step returns (Mnih et al. 2016, Algorithm S3)', () => {
  it('equal a hand computation', () => {
    // R2 = 2 + 0.9·5 = 6.5; R1 = 0 + 0.9·6.5 = 5.85; R0 = 1 + 0.9·5.85 = 6.265
    const R = nStepReturns([1, 0, 2], 5, 0.9);
    expect(R[0]).toBeCloseTo(6.265, 12);
    expect(R[1]).toBeCloseTo(5.85, 12);
    expect(R[2]).toBeCloseTo(6.5, 12);
    expect(Array.from(advantages(R, [6, 6, 6]))).toEqual([R[0]! - 6, R[1]! - 6, R[2]! - 6]);
  });

  test.prop(
    [
      fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 20 }),
      fc.double({ min: -10, max: 10, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    ],
    { numRuns: 100 },
  )('satisfy R_t = r_t + γ R_{t+1} with R_n = the bootstrap', (rewards, boot, gamma) => {
    const R = nStepReturns(rewards, boot, gamma);
    const n = rewards.length;
    expect(R[n - 1]).toBeCloseTo(rewards[n - 1]! + gamma * boot, 9);
    for (let t = 0; t < n - 1; t++) expect(R[t]).toBeCloseTo(rewards[t]! + gamma * R[t + 1]!, 9);
  });

  it('bootstrap with 0 after terminated, with V(s′) after truncated or a cut rollout', () => {
    expect(bootstrapValue('terminated', 7.5)).toBe(0);
    expect(bootstrapValue('truncated', 7.5)).toBe(7.5);
    expect(bootstrapValue('continuing', 7.5)).toBe(7.5);
  });
});
