import {
  ClipReward,
  type Env,
  FrameSkip,
  FrameStack,
  makeEnv,
  registerEnv,
  unregisterEnv,
} from '@pathnet/envs';
import { describe, expect, it } from 'vitest';
import { nStepReturns, trainA3C } from '../index.js';
import { constantNetwork, ScriptedEnv, type SeenStep } from './helpers.js';

const V = 2.5; // the constant network's value of every state
const C_V = 0.5;

/** The returns a step trained on, recovered from its value gradient c_v (V − R). */
function returnsOf(step: SeenStep, steps: number): number[] {
  return Array.from({ length: steps }, (_, t) => V - (step.gradient[t * 3 + 2] as number) / C_V);
}

function run(ending: 'terminated' | 'truncated', tMax: number, totalFrames: number) {
  const { net, seen } = constantNetwork([0.1, -0.2, V]);
  trainA3C({
    env: () => new ScriptedEnv(5, [1, 0, 2], ending),
    net,
    args: { workers: 1, evolve: false, tMax, totalFrames, gamma: 0.9, valueCoef: C_V },
  });
  return seen;
}

describe('bootstrapping of the n-step returns', () => {
  it('terminated: the returns of the episode’s last rollout bootstrap with 0, and no s′ row is fed', () => {
    const seen = run('terminated', 3, 5);
    expect(seen.map((s) => s.batchSize)).toEqual([4, 2]); // 3 steps + s′, then 2 steps, no s′
    const last = seen[1] as SeenStep;
    const want = Array.from(nStepReturns([1, 0], 0, 0.9));
    returnsOf(last, 2).forEach((R, t) => {
      expect(R).toBeCloseTo(want[t] as number, 5);
    });
    // The first rollout was cut by t_max: bootstrap with V(s′).
    const first = Array.from(nStepReturns([1, 0, 2], V, 0.9));
    returnsOf(seen[0] as SeenStep, 3).forEach((R, t) => {
      expect(R).toBeCloseTo(first[t] as number, 5);
    });
  });

  it('truncated: the last rollout bootstraps with V(final observation), fed as an extra row with zero gradient', () => {
    const seen = run('truncated', 3, 5);
    expect(seen.map((s) => s.batchSize)).toEqual([4, 3]);
    const last = seen[1] as SeenStep;
    const want = Array.from(nStepReturns([1, 0], V, 0.9));
    returnsOf(last, 2).forEach((R, t) => {
      expect(R).toBeCloseTo(want[t] as number, 5);
    });
    // The extra row is the final observation of episode 1 (step 5), and gets no gradient.
    expect(Array.from(last.x.subarray(4, 6))).toEqual([1, 5]);
    expect(Array.from(last.gradient.subarray(6, 9))).toEqual([0, 0, 0]);
  });
});

describe('frame stacks across episodes', () => {
  it('every stack the network sees holds frames of the running episode only, and none is all zero', () => {
    const { net, forwards } = constantNetwork([0, 0, 0], 8); // input [8]: 4 stacked frames of [episode, t]
    trainA3C({
      env: () => new FrameStack(new ScriptedEnv(3), 4),
      net,
      args: { workers: 1, evolve: false, tMax: 20, totalFrames: 40 },
    });
    expect(forwards.length).toBeGreaterThan(10);
    let episodeStarts = 0;
    for (const x of forwards) {
      const frames = [0, 1, 2, 3].map((k) => [x[2 * k] as number, x[2 * k + 1] as number]);
      for (const f of frames) expect(f.some((v) => v !== 0)).toBe(true);
      const episode = frames[3]![0];
      for (const f of frames) expect(f[0]).toBe(episode);
      if (frames[3]![1] === 0) {
        episodeStarts++;
        // The first observation fills the whole stack.
        for (const f of frames) expect(f).toEqual([episode, 0]);
      }
    }
    expect(episodeStarts).toBeGreaterThan(3);
  });
});

describe('episode scores', () => {
  const play = (env: () => Env) => {
    const { net } = constantNetwork([0, 0, 0]);
    return trainA3C({ env, net, args: { workers: 1, evolve: false, tMax: 20, totalFrames: 20 } });
  };

  it('record the unclipped game score as rawReturn beside the clipped return trained on', () => {
    // Rewards 3, 0, -2, 3 per episode of 4 steps: clipped 1, 0, -1, 1.
    const { episodes } = play(() => new ClipReward(new ScriptedEnv(4, [3, 0, -2])));
    expect(episodes.length).toBe(5);
    for (const e of episodes) expect(e).toMatchObject({ return: 1, rawReturn: 4, length: 4 });
  });

  it('read it from info.episodeSummary of an environment made by makeEnv', () => {
    registerEnv('test/ScriptedScore-v0', {
      create: () => new ScriptedEnv(4, [3, 0, -2]),
      defaults: {},
      wrappers: { clipRewards: true },
    });
    try {
      const { episodes } = play(() => makeEnv('test/ScriptedScore-v0'));
      expect(episodes.map((e) => [e.return, e.rawReturn])).toEqual(Array(5).fill([1, 4]));
    } finally {
      unregisterEnv('test/ScriptedScore-v0');
    }
  });

  it('equal the return for an environment that does not clip', () => {
    const { episodes } = play(() => new ScriptedEnv(4, [3, 0, -2]));
    for (const e of episodes) expect(e).toMatchObject({ return: 4, rawReturn: 4 });
  });
});

describe('frame budget under frame skipping', () => {
  it('counts the frames a FrameSkip wrapper repeats, so the budget is in environment frames, not agent steps', () => {
    let inner = 0;
    class Counting extends ScriptedEnv {
      protected override onStep() {
        inner++;
        return super.onStep();
      }
    }
    const { net, seen } = constantNetwork([0.1, -0.2, V]);
    // Episodes of 7 frames: agent steps of 4 + 3 frames; t_max 2 → one rollout per episode.
    const result = trainA3C({
      env: () => new FrameSkip(new Counting(7), 4, false),
      net,
      args: { workers: 1, evolve: false, tMax: 2, totalFrames: 70 },
    });
    expect(result.frames).toBe(inner);
    expect(result.frames).toBe(70);
    expect(seen).toHaveLength(10); // 10 episodes of one 2-step rollout each
    expect(result.episodes).toHaveLength(10);
  });
});
