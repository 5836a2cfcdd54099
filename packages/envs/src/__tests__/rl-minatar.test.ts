import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  checkEnv,
  type Env,
  type EnvRng,
  envIds,
  type GameAction,
  InvalidActionError,
  InvalidEnvOptionError,
  MinAtarEnv,
  type MinAtarGame,
  makeEnv,
  ResetNeededError,
  renderGrid,
  unwrapEnv,
} from '../rl/index.js';
import { expectCleanCheck } from './rl-expect.js';

const MINATAR = envIds().filter((id) => id.startsWith('minatar/'));
const seedArb = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const actionsArb = fc.array(fc.nat(), { minLength: 1, maxLength: 150 });
/** `[id, seed, actions]`: a MinAtar game, a reset seed and the actions to play. */
const playArbs = [fc.constantFrom(...MINATAR), seedArb, actionsArb] as const;

/** Plays `actions` (taken modulo the action count) and records observations, rewards and flags. */
function play(env: Env, actions: readonly number[]): string[] {
  const n = env.actionSpace.kind === 'discrete' ? env.actionSpace.n : 1;
  const out: string[] = [];
  for (const a of actions) {
    const r = env.step(a % n);
    out.push(
      `${Buffer.from(r.observation as Uint8Array).toString('base64')}|${r.reward}|${r.terminated}`,
    );
    if (r.terminated || r.truncated) break;
  }
  return out;
}

describe('MinAtar games', () => {
  it('registers the five games of Young & Tian 2019 in v0 (full) and v1 (minimal) action sets', () => {
    const names = ['Asterix', 'Breakout', 'Freeway', 'Seaquest', 'SpaceInvaders'];
    expect(MINATAR).toEqual(names.flatMap((n) => [`minatar/${n}-v0`, `minatar/${n}-v1`]));
  });

  it.each(MINATAR)('%s passes checkEnv', (id) => {
    expectCleanCheck(checkEnv(id, { seed: 7 }));
  });

  it.each(MINATAR)('%s observes a 10×10 grid with one 0/1 channel per object kind', (id) => {
    const env = unwrapEnv(makeEnv(id)) as MinAtarEnv;
    const channels = env.game.channels.length;
    expect(env.observationSpace).toEqual({
      kind: 'box',
      shape: [10, 10, channels],
      low: 0,
      high: 1,
      dtype: 'uint8',
    });
  });

  test.prop([...playArbs], { numRuns: 60 })(
    'the same seed and actions give the same trajectory',
    (id, seed, actions) => {
      const a = makeEnv(id);
      const b = makeEnv(id);
      a.reset({ seed });
      b.reset({ seed: seed ^ 0x5a5a }); // disturb b's stream first
      play(b, actions);
      b.reset({ seed });
      expect(play(a, actions)).toEqual(play(b, actions));
    },
    60_000,
  );

  test.prop([...playArbs], { numRuns: 60 })(
    'a reset without a seed continues the stream instead of re-seeding',
    (id, seed, actions) => {
      // Two environments making the same calls agree after an unseeded reset...
      const a = makeEnv(id);
      const b = makeEnv(id);
      a.reset({ seed });
      b.reset({ seed });
      play(a, actions);
      play(b, actions);
      a.reset();
      b.reset();
      const continued = play(a, actions);
      expect(play(b, actions)).toEqual(continued);
      // ...and the unseeded reset draws on from where the stream was: replaying
      // the seeded reset would have consumed the stream from its start again.
      const c = makeEnv(id);
      c.reset({ seed });
      const fromStart = play(c, actions);
      const d = makeEnv(id);
      d.reset({ seed });
      play(d, actions);
      d.reset({ seed });
      expect(play(d, actions)).toEqual(fromStart);
    },
    60_000,
  );

  it('an unseeded reset gives different episodes from re-seeding, for most seeds', () => {
    let differ = 0;
    for (let seed = 0; seed < 20; seed++) {
      const env = makeEnv('minatar/Asterix-v1');
      env.reset({ seed });
      const actions = Array.from({ length: 200 }, (_, i) => (i * 7) % 5);
      const first = play(env, actions);
      env.reset();
      if (play(env, actions).join() !== first.join()) differ++;
    }
    expect(differ).toBeGreaterThanOrEqual(18);
  });

  it.each(MINATAR)('%s refuses actions outside its action space, naming the space', (id) => {
    const env = makeEnv(id);
    env.reset({ seed: 0 });
    const n = env.actionSpace.kind === 'discrete' ? env.actionSpace.n : 0;
    expect(() => env.step(n)).toThrow(InvalidActionError);
    expect(() => env.step(n)).toThrow(`Discrete(${n})`);
    expect(() => env.step(-1)).toThrow(InvalidActionError);
  });

  it('refuses a reset seed that is not a 32-bit integer, naming it', () => {
    const env = makeEnv('minatar/Breakout-v1');
    expect(() => env.reset({ seed: 1.5 })).toThrow(InvalidEnvOptionError);
    expect(() => env.reset({ seed: 2 ** 40 })).toThrow(/seed.*1099511627776/);
  });

  it.each(MINATAR)('%s refuses to step after the episode ended until reset', (id) => {
    const env = makeEnv(id);
    env.reset({ seed: 3 });
    let done = false;
    const n = env.actionSpace.kind === 'discrete' ? env.actionSpace.n : 1;
    for (let t = 0; t < 5000 && !done; t++) done = env.step((t * 7 + 3) % n).terminated;
    expect(done).toBe(true);
    expect(() => env.step(0)).toThrow(ResetNeededError);
    env.reset();
    expect(() => env.step(0)).not.toThrow();
  });

  test.prop([...playArbs], { numRuns: 40 })(
    'the agent occupies exactly one cell of its channel at every step',
    (id, seed, actions) => {
      const env = unwrapEnv(makeEnv(id)) as MinAtarEnv;
      const C = env.game.channels.length;
      const count = (o: Uint8Array) => {
        let k = 0;
        for (let i = 0; i < 100; i++) k += o[i * C] as number;
        return k;
      };
      expect(count(env.reset({ seed }).observation)).toBe(1);
      for (const a of actions) {
        const r = env.step(a % env.actionSpace.n);
        expect(count(r.observation)).toBe(1);
        if (r.terminated) break;
      }
    },
    60_000,
  );

  it('Freeway ends after 2500 frames whatever the agent does', () => {
    const env = makeEnv('minatar/Freeway-v1');
    env.reset({ seed: 1 });
    let t = 0;
    let done = false;
    while (!done) {
      done = env.step(1).terminated;
      t++;
    }
    expect(t).toBe(2501);
  });

  it('Breakout pays +1 exactly when a brick disappears', () => {
    const env = makeEnv('minatar/Breakout-v1');
    let hits = 0;
    for (let episode = 0; episode < 20; episode++) {
      let bricks = env.reset({ seed: episode }).info.bricksLeft as number;
      for (let t = 0; t < 1000; t++) {
        const r = env.step((t * 5 + episode) % 3);
        const left = r.info.bricksLeft as number;
        if (left !== 30 || bricks === 30) expect(bricks - left).toBe(r.reward);
        hits += r.reward;
        bricks = left;
        if (r.terminated) break;
      }
    }
    expect(hits).toBeGreaterThan(0);
  });

  it('Asterix ramps difficulty every 100 frames survived, and not at all when ramping is off', () => {
    const survive = (ramping: boolean, seed: number) => {
      const env = makeEnv('minatar/Asterix-v1', {
        options: { difficultyRamping: ramping, stickyActionProb: 0 },
      });
      env.reset({ seed });
      const levels: number[] = [];
      for (let t = 0; t < 110; t++) {
        const r = env.step(t % 2 === 0 ? 2 : 4); // up, down: stay in rows 4-5
        if (r.terminated) return null;
        levels.push(r.info.difficulty as number);
      }
      return levels;
    };
    let seed = 0;
    let on = survive(true, seed);
    while (on === null && seed < 500) on = survive(true, ++seed);
    expect(on).not.toBeNull();
    // The ramp timer counts 100 down to -1, so the first ramp comes on frame 102.
    expect(on?.[100]).toBe(0);
    expect(on?.[101]).toBe(1);
    const off = survive(false, seed);
    expect(off).not.toBeNull();
    expect(Math.max(...(off ?? [1]))).toBe(0);
  });
});

/** A one-channel game that records the actions it is played with and ends after `length` frames. */
class RecordingGame implements MinAtarGame {
  readonly channels = ['player'];
  readonly minimalActions: readonly GameAction[] = [0, 1, 2, 3, 4, 5];
  readonly played: GameAction[][] = [];
  constructor(readonly length: number) {}
  reset(_rng: EnvRng): void {
    this.played.push([]);
  }
  act(action: GameAction): { reward: number; terminal: boolean } {
    const episode = this.played[this.played.length - 1] as GameAction[];
    episode.push(action);
    return { reward: 0, terminal: episode.length >= this.length };
  }
  render(out: Uint8Array): void {
    out[0] = 1;
  }
  info(): Record<string, unknown> {
    return {};
  }
}

describe('MinAtar sticky actions', () => {
  const RIGHT = 3;
  const LEFT = 1;
  /** First action executed in episode 2, after episode 1 chose RIGHT throughout. */
  const firstOfSecondEpisode = (i: number, seededReset: boolean) => {
    const seed = Math.imul(i + 1, 0x9e3779b1); // spread: EnvRng's first draws follow small seeds closely
    const game = new RecordingGame(10);
    const env = new MinAtarEnv('test/Recording-v0', game, {
      stickyActionProb: 0.5,
      fullActionSpace: true,
    });
    env.reset({ seed });
    for (let t = 0; t < 10; t++) env.step(RIGHT);
    expect(game.played[0]?.at(-1)).toBe(RIGHT);
    env.reset(seededReset ? { seed } : {});
    env.step(LEFT);
    return game.played[1]?.[0];
  };

  it('keep the last action across reset, as MinAtar’s Environment.last_action (not no-op at every reset)', () => {
    const firsts = Array.from({ length: 40 }, (_, seed) => firstOfSecondEpisode(seed, false));
    // A sticky first step repeats the previous episode's RIGHT, never a no-op.
    expect(firsts).not.toContain(0);
    expect(new Set(firsts)).toEqual(new Set([LEFT, RIGHT]));
  });

  it('start from no-op in a new environment and after a seeded reset, so equal seeds give equal episodes', () => {
    const firsts = Array.from({ length: 40 }, (_, seed) => firstOfSecondEpisode(seed, true));
    expect(firsts).not.toContain(RIGHT);
    expect(new Set(firsts)).toEqual(new Set([LEFT, 0]));
  });
});

describe('renderGrid', () => {
  it('paints each set cell 16×16 px in its channel colour and empty cells black', () => {
    const env = makeEnv('minatar/Breakout-v1');
    const { observation } = env.reset({ seed: 0 });
    const img = renderGrid(observation as Uint8Array, [10, 10, 4], 16);
    expect([img.width, img.height, img.data.length]).toEqual([160, 160, 160 * 160 * 4]);
    const px = (r: number, c: number) =>
      Array.from(
        img.data.subarray(
          ((r * 16 + 8) * 160 + c * 16 + 8) * 4,
          ((r * 16 + 8) * 160 + c * 16 + 8) * 4 + 4,
        ),
      );
    expect(px(5, 5)).toEqual([0, 0, 0, 255]); // empty
    expect(px(9, 4)).not.toEqual([0, 0, 0, 255]); // paddle
    expect(px(1, 0)).not.toEqual(px(9, 4)); // brick colour differs from paddle colour
  });
});
