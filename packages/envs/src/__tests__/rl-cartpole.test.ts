import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import reference from '../rl/__fixtures__/cartpole-gymnasium.json' with { type: 'json' };
import {
  CARTPOLE_THETA_LIMIT,
  CARTPOLE_X_LIMIT,
  CartPole,
  checkEnv,
  envSpec,
  InvalidEnvOptionError,
  makeEnv,
} from '../rl/index.js';
import { expectCleanCheck } from './rl-expect.js';

describe('CartPole-v1', () => {
  it('passes checkEnv', () => {
    expectCleanCheck(checkEnv('CartPole-v1', { seed: 3 }));
  });

  it('is registered as gymnasium registers it: float32 [4], Discrete(2), 500-step limit', () => {
    expect(envSpec('CartPole-v1').maxEpisodeSteps).toBe(500);
    const env = makeEnv('CartPole-v1');
    expect(env.actionSpace).toEqual({ kind: 'discrete', n: 2 });
    expect(env.observationSpace).toMatchObject({ kind: 'box', shape: [4], dtype: 'float32' });
  });

  it.each(reference.episodes)(
    "follows gymnasium's dynamics step for step (start state $low)",
    ({ low, actions, observations, rewards, terminated }) => {
      const env = new CartPole();
      const first = env.reset({ seed: 0, options: { low, high: low } });
      expect(Array.from(first.observation)).toEqual(observations[0]);
      actions.forEach((a, t) => {
        const r = env.step(a);
        const want = observations[t + 1] as number[];
        Array.from(r.observation).forEach((v, i) => {
          expect(v).toBeCloseTo(want[i] as number, 6);
        });
        expect(r.reward).toBe(rewards[t]);
        expect(r.terminated).toBe(terminated[t]);
        expect(r.truncated).toBe(false);
      });
    },
  );

  test.prop(
    [
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 1, maxLength: 600 }),
    ],
    {
      numRuns: 40,
    },
  )('terminates exactly when |x| > 2.4 or |θ| > 12°, and starts inside ±0.05', (seed, actions) => {
    const env = new CartPole();
    env.reset({ seed });
    for (const v of env.state) expect(Math.abs(v)).toBeLessThan(0.05);
    for (const a of actions) {
      const r = env.step(a);
      const [x, , theta] = env.state;
      const out = Math.abs(x) > CARTPOLE_X_LIMIT || Math.abs(theta) > CARTPOLE_THETA_LIMIT;
      expect(r.terminated).toBe(out);
      if (r.terminated) break;
    }
  });

  it('is truncated (not terminated) at step 500 when the pole stays up', () => {
    const env = makeEnv('CartPole-v1');
    env.reset({ seed: 0 });
    let steps = 0;
    let last = { terminated: false, truncated: false };
    // A simple balancing rule: push towards where the pole falls.
    let obs = env.reset({ seed: 0 }).observation as Float32Array;
    while (!last.terminated && !last.truncated) {
      const r = env.step((obs[2] as number) + 0.5 * (obs[3] as number) > 0 ? 1 : 0);
      obs = r.observation as Float32Array;
      last = r;
      steps++;
    }
    expect(last).toMatchObject({ terminated: false, truncated: true });
    expect(steps).toBe(500);
  });

  it('rejects reset bounds outside [-0.2, 0.2] or low > high', () => {
    const env = new CartPole();
    expect(() => env.reset({ options: { low: -1 } })).toThrow(InvalidEnvOptionError);
    expect(() => env.reset({ options: { low: 0.1, high: 0 } })).toThrow(InvalidEnvOptionError);
  });
});
