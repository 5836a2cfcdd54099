import { describe, expect, it } from 'vitest';
import { NonFiniteTrainingError, trainA3C } from '../index.js';
import { ENGINES, ScriptedEnv, smallNet } from './helpers.js';

describe.each(ENGINES)('non-finite losses and gradients, engine %s', (engine) => {
  it('a run whose every update has a NaN return changes no parameter and stops with NonFiniteTrainingError', {
    timeout: 30_000,
  }, () => {
    const net = smallNet(2, 5, engine);
    // Episodes of 4 steps with rewards [1, 2, NaN, 3] and rollouts of t_max 4: every
    // rollout is one whole episode, so every update has a NaN return.
    const env = () => new ScriptedEnv(4, [1, 2, Number.NaN, 3]);
    const before = net.toValues();
    expect(() =>
      trainA3C({
        env,
        net,
        args: { workers: 1, evolve: false, tMax: 4, totalFrames: 400, maxConsecutiveSkips: 5 },
      }),
    ).toThrow(NonFiniteTrainingError);
    const after = net.toValues();
    expect(after.modules).toEqual(before.modules);
    // The readout was added by the run and never updated: still its initial values.
    const fresh = smallNet(2, 5, engine);
    fresh.addReadout('a3c', 3, 0);
    expect(after.readouts).toEqual(fresh.toValues().readouts);
  });

  it('a run with occasional non-finite updates skips exactly those and keeps every parameter finite', {
    timeout: 30_000,
  }, () => {
    const net = smallNet(2, 6, engine);
    // t_max 2 over episodes of 4 steps: rollouts [1, 2] (fine) and [Infinity, 3] (skipped).
    const result = trainA3C({
      env: () => new ScriptedEnv(4, [1, 2, Number.POSITIVE_INFINITY, 3]),
      net,
      args: { workers: 1, evolve: false, tMax: 2, totalFrames: 200, maxConsecutiveSkips: 5 },
    });
    expect(result.skippedUpdates).toBe(50);
    expect(result.updates).toBe(50);
    const values = net.toValues();
    for (const layer of values.modules) {
      for (const mod of layer) for (const t of mod) expect(t.every(Number.isFinite)).toBe(true);
    }
    for (const r of values.readouts)
      for (const t of r.values) expect(t.every(Number.isFinite)).toBe(true);
  });
});
