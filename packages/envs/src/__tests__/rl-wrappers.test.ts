import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  BaseEnv,
  Breakout,
  box,
  ClipReward,
  checkEnv,
  discrete,
  type EnvRng,
  EpisodeStatistics,
  type EpisodeSummary,
  FrameSkip,
  FrameStack,
  GrayscaleResize,
  InvalidEnvOptionError,
  MinAtarEnv,
  NoopReset,
  ResetNeededError,
  type ResetResult,
  rawEpisodeReturn,
  type StepResult,
  StickyActions,
  TimeLimit,
} from '../rl/index.js';
import { ToyEnv } from './rl-toy.js';

const actions = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 60 });

describe('FrameSkip', () => {
  test.prop([fc.integer({ min: 1, max: 6 }), actions])(
    'the reward of a skipped step is the sum of the rewards of the frames it repeats',
    (k, as) => {
      const inner = new ToyEnv(40);
      const twin = new ToyEnv(40);
      const env = new FrameSkip(inner, k, false);
      env.reset({ seed: 1 });
      twin.reset({ seed: 1 });
      for (const a of as) {
        const r = env.step(a);
        let sum = 0;
        let frames = 0;
        for (let i = 0; i < k; i++) {
          const s = twin.step(a);
          sum += s.reward;
          frames++;
          if (s.terminated) break;
        }
        expect(r.reward).toBe(sum);
        expect(r.info.frames).toBe(frames);
        if (r.terminated) break;
      }
    },
    60_000,
  );

  it('max-pools the last two frames', () => {
    const env = new FrameSkip(new ToyEnv(40), 3, true);
    env.reset({ seed: 2 });
    const r = env.step(2);
    // Frames at t=2 and t=3: cells 2.. hold t, so the max is 3; cell 1 holds the action.
    expect(Array.from(r.observation.subarray(2))).toEqual([3, 3, 3, 3]);
    expect(r.observation[1]).toBe(2);
  });

  it('rejects a non-positive skip', () => {
    expect(() => new FrameSkip(new ToyEnv(), 0)).toThrow(InvalidEnvOptionError);
  });
});

describe('FrameStack', () => {
  test.prop([fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 30 }), fc.integer()])(
    'after reset the stack holds only the reset observation, no frame of the previous episode',
    (k, stepsBefore, seed) => {
      const env = new FrameStack(new ToyEnv(25), k);
      env.reset({ seed });
      for (let i = 0; i < stepsBefore; i++) {
        if (env.step(1).terminated) break;
      }
      const { observation } = env.reset();
      const frame = observation.length / k;
      const first = Array.from(observation.subarray(0, frame));
      for (let i = 1; i < k; i++) {
        expect(Array.from(observation.subarray(i * frame, (i + 1) * frame))).toEqual(first);
      }
      expect(first.slice(2)).toEqual([0, 0, 0, 0]); // t = 0: nothing of the old episode
    },
    60_000,
  );

  it('keeps the last k frames, oldest first', () => {
    const env = new FrameStack(new ToyEnv(25), 3);
    expect(env.observationSpace).toMatchObject({ kind: 'box', shape: [3, 2, 3] });
    env.reset({ seed: 0 });
    env.step(0);
    env.step(0);
    const r = env.step(0);
    expect([r.observation[2], r.observation[8], r.observation[14]]).toEqual([1, 2, 3]);
  });
});

describe('TimeLimit', () => {
  test.prop([fc.integer({ min: 1, max: 30 })])(
    'truncates at the limit without claiming termination, then refuses to step',
    (limit) => {
      const env = new TimeLimit(new ToyEnv(1000), limit);
      env.reset({ seed: 0 });
      for (let t = 1; t < limit; t++) expect(env.step(0).truncated).toBe(false);
      const last = env.step(0);
      expect(last.truncated).toBe(true);
      expect(last.terminated).toBe(false);
      expect(() => env.step(0)).toThrow(ResetNeededError);
    },
    60_000,
  );

  it('passes termination through as terminated, not truncated', () => {
    const env = new TimeLimit(new ToyEnv(3), 100);
    env.reset();
    env.step(0);
    env.step(0);
    const r = env.step(0);
    expect(r).toMatchObject({ terminated: true, truncated: false });
  });
});

describe('ClipReward', () => {
  test.prop([actions])(
    'clips to the sign and keeps the raw episode score in info',
    (as) => {
      const env = new ClipReward(new ToyEnv(100));
      env.reset({ seed: 0 });
      let raw = 0;
      for (const a of as) {
        const r = env.step(a);
        raw += r.info.rawReward as number;
        expect(r.reward).toBe(Math.sign(r.info.rawReward as number));
        expect(r.info.rawReturn).toBe(raw);
      }
    },
    60_000,
  );
});

describe('EpisodeStatistics', () => {
  test.prop([actions, fc.integer({ min: 1, max: 30 })])(
    'puts the unclipped score, the clipped return and the length of each episode on its last step only',
    (as, limit) => {
      // ClipReward inside, TimeLimit between: the order makeEnv uses.
      const env = new EpisodeStatistics(new TimeLimit(new ClipReward(new ToyEnv(12)), limit));
      env.reset({ seed: 0 });
      let raw = 0;
      let clipped = 0;
      let length = 0;
      let ended = 0;
      for (const a of as) {
        const r = env.step(a);
        raw += r.info.rawReward as number;
        clipped += r.reward;
        length++;
        if (!(r.terminated || r.truncated)) {
          expect(r.info.episodeSummary).toBeUndefined();
          continue;
        }
        const summary: EpisodeSummary = { rawReturn: raw, return: clipped, length };
        expect(r.info.episodeSummary).toEqual(summary);
        expect(rawEpisodeReturn(r.info)).toBe(raw);
        expect(r.info.rawReturn).toBe(raw);
        ended++;
        env.reset();
        raw = 0;
        clipped = 0;
        length = 0;
      }
      expect(ended).toBe(Math.floor(as.length / Math.min(12, limit)));
    },
    60_000,
  );

  it('without ClipReward the raw return is the sum of the rewards', () => {
    const env = new EpisodeStatistics(new ToyEnv(4, [3, -1]));
    env.reset({ seed: 0 });
    let r = env.step(1);
    for (let t = 1; t < 4; t++) r = env.step(1);
    // Rewards (3, -1, 3, -1) × (action + 1 = 2).
    expect(r.info.episodeSummary).toEqual({ rawReturn: 8, return: 8, length: 4 });
  });

  it('rawEpisodeReturn falls back to ClipReward’s info.rawReturn, and is undefined with neither', () => {
    expect(rawEpisodeReturn({ rawReturn: 7 })).toBe(7);
    expect(rawEpisodeReturn({ episodeSummary: { rawReturn: 5 }, rawReturn: 7 })).toBe(5);
    expect(rawEpisodeReturn({ episode: 3 })).toBeUndefined();
  });
});

describe('NoopReset', () => {
  test.prop([fc.integer({ min: 1, max: 40 }), fc.integer()])(
    'takes between 1 and noopMax no-ops, the same number for the same seed',
    (noopMax, seed) => {
      const a = new NoopReset(new ToyEnv(1000), noopMax);
      const b = new NoopReset(new ToyEnv(1000), noopMax);
      const ra = a.reset({ seed });
      const rb = b.reset({ seed });
      expect(ra.info.noops).toBeGreaterThanOrEqual(1);
      expect(ra.info.noops).toBeLessThanOrEqual(noopMax);
      expect(ra.info.noops).toBe(rb.info.noops);
      expect(ra.info.t).toBe(ra.info.noops);
    },
    60_000,
  );
});

describe('StickyActions', () => {
  test.prop([actions, fc.integer()])(
    'with p = 0 executes every chosen action',
    (as, seed) => {
      const env = new StickyActions(new ToyEnv(1000), 0);
      env.reset({ seed });
      for (const a of as) expect(env.step(a).info.executedAction).toBe(a);
    },
    60_000,
  );

  test.prop([actions])(
    'with p = 1 repeats the no-op that starts every episode',
    (as) => {
      const env = new StickyActions(new ToyEnv(1000), 1);
      env.reset({ seed: 3 });
      for (const a of as) expect(env.step(a).info.executedAction).toBe(0);
    },
    60_000,
  );

  it('repeats the previous action about p of the time', () => {
    const env = new StickyActions(new ToyEnv(100_000), 0.25);
    env.reset({ seed: 9 });
    let repeated = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const a = i % 2 === 0 ? 1 : 2;
      if (env.step(a).info.executedAction !== a) repeated++;
    }
    expect(repeated / n).toBeGreaterThan(0.2);
    expect(repeated / n).toBeLessThan(0.3);
  });
});

class ImageEnv extends BaseEnv<Uint8Array> {
  readonly id = 'test/Image-v0';
  readonly observationSpace = box([210, 160, 3], 0, 255, 'uint8');
  readonly actionSpace = discrete(2);
  constructor(readonly rgb: [number, number, number]) {
    super();
  }
  #obs(): Uint8Array {
    const o = new Uint8Array(210 * 160 * 3);
    for (let i = 0; i < o.length; i += 3) o.set(this.rgb, i);
    return o;
  }
  protected onReset(): ResetResult<Uint8Array> {
    return { observation: this.#obs(), info: {} };
  }
  protected onStep(_a: number, _rng: EnvRng): StepResult<Uint8Array> {
    return { observation: this.#obs(), reward: 0, terminated: true, truncated: false, info: {} };
  }
}

describe('GrayscaleResize', () => {
  const byte = fc.integer({ min: 0, max: 255 });
  test.prop([fc.tuple(byte, byte, byte)], { numRuns: 25 })(
    'maps a uniform colour to a uniform 84×84 image of its luminance',
    (rgb) => {
      const env = new GrayscaleResize(new ImageEnv(rgb), 84);
      expect(env.observationSpace).toMatchObject({ shape: [84, 84], dtype: 'uint8' });
      const { observation } = env.reset();
      const y = Math.round(0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]);
      let worst = 0;
      for (const v of observation) worst = Math.max(worst, Math.abs(v - y));
      expect(worst).toBeLessThanOrEqual(1);
    },
    60_000,
  );

  it('refuses non-image observations', () => {
    // MinAtar grids have 4 channels: not an image.
    expect(() => new GrayscaleResize(new MinAtarEnv('test/Grid-v0', new Breakout()))).toThrow(
      InvalidEnvOptionError,
    );
  });
});

describe('wrapped toy environments', () => {
  it('pass checkEnv through every wrapper', () => {
    const report = checkEnv(
      () =>
        new FrameStack(
          new TimeLimit(
            new ClipReward(
              new FrameSkip(new NoopReset(new StickyActions(new ToyEnv(50), 0.25), 5), 2),
            ),
            15,
          ),
          4,
        ),
    );
    expect(report.skipped).toEqual([]);
    expect(report.passed).toContain('determinism');
  });
});
