import { describe, expect, it } from 'vitest';
import {
  checkEnv,
  envIds,
  InvalidEnvOptionError,
  MINATAR_SEMANTIC_CHANNELS,
  type MinAtarEnv,
  makeEnv,
  semanticTargets,
  unwrapEnv,
} from '../rl/index.js';
import { expectCleanCheck } from './rl-expect.js';

const MINATAR = envIds().filter((id) => id.startsWith('minatar/'));

/** The documented table (README, "Observation layouts"): game → channel → semantic channel. */
const DOCUMENTED: Record<string, Record<string, string>> = {
  Breakout: { paddle: 'player.0', ball: 'player_projectile.0', trail: 'motion.0', brick: 'wall.0' },
  Asterix: { player: 'player.0', enemy: 'enemy.0', trail: 'motion.0', gold: 'friendly.0' },
  Freeway: {
    chicken: 'player.0',
    car: 'enemy.0',
    speed1: 'motion.0',
    speed2: 'motion.1',
    speed3: 'motion.2',
    speed4: 'motion.3',
    speed5: 'motion.4',
  },
  Seaquest: {
    sub_front: 'player.0',
    sub_back: 'player.1',
    friendly_bullet: 'player_projectile.0',
    trail: 'motion.0',
    enemy_bullet: 'enemy_projectile.0',
    enemy_fish: 'enemy.0',
    enemy_sub: 'enemy.1',
    oxygen_gauge: 'gauge.0',
    diver_gauge: 'gauge.1',
    diver: 'friendly.0',
  },
  SpaceInvaders: {
    cannon: 'player.0',
    alien: 'enemy.0',
    alien_left: 'motion.0',
    alien_right: 'motion.1',
    friendly_bullet: 'player_projectile.0',
    enemy_bullet: 'enemy_projectile.0',
  },
};
const gameOf = (id: string) => id.slice('minatar/'.length, id.lastIndexOf('-'));

/** One plane (channel `c` of `C`) of a `[10, 10, C]` observation. */
const plane = (o: Uint8Array, C: number, c: number) =>
  Array.from({ length: 100 }, (_, p) => o[p * C + c] as number);

/** Observations of the same episode (same seed, same actions) in two layouts. */
function twin(id: string, layout: 'padded' | 'semantic', steps = 400) {
  const native = makeEnv(id, { options: { stickyActionProb: 0.1 } });
  const other = makeEnv(id, { options: { stickyActionProb: 0.1, layout } });
  const n = native.actionSpace.kind === 'discrete' ? native.actionSpace.n : 1;
  const pairs: [Uint8Array, Uint8Array][] = [];
  for (let episode = 0; pairs.length < steps; episode++) {
    pairs.push([
      native.reset({ seed: episode }).observation as Uint8Array,
      other.reset({ seed: episode }).observation as Uint8Array,
    ]);
    for (let t = 0; pairs.length < steps; t++) {
      const a = (t * 7 + episode) % n;
      const r = native.step(a);
      const s = other.step(a);
      expect(s.reward).toBe(r.reward);
      pairs.push([r.observation as Uint8Array, s.observation as Uint8Array]);
      if (r.terminated) break;
    }
  }
  return { pairs, game: (unwrapEnv(native) as MinAtarEnv).game };
}

describe('MinAtar observation layouts', () => {
  it('every game has a row in the documented table, listing exactly its channels', () => {
    for (const id of MINATAR) {
      const game = (unwrapEnv(makeEnv(id)) as MinAtarEnv).game;
      expect(Object.keys(DOCUMENTED[gameOf(id)] ?? {})).toEqual([...game.channels]);
    }
  });

  it.each(MINATAR)(
    '%s: semantic puts each channel, whole, in its documented group and slot',
    (id) => {
      const { pairs, game } = twin(id, 'semantic');
      const C = game.channels.length;
      const S = MINATAR_SEMANTIC_CHANNELS.length;
      const row = DOCUMENTED[gameOf(id)] as Record<string, string>;
      const targets = game.channels.map((name) =>
        MINATAR_SEMANTIC_CHANNELS.indexOf(row[name] as string),
      );
      expect(Array.from(semanticTargets(game.channels))).toEqual(targets);
      const seen = new Set<string>();
      for (const [n, s] of pairs) {
        game.channels.forEach((name, c) => {
          const p = plane(n, C, c);
          expect(plane(s, S, targets[c] as number)).toEqual(p);
          if (p.some((v) => v !== 0)) seen.add(name);
        });
        for (let k = 0; k < S; k++) {
          if (!targets.includes(k)) expect(plane(s, S, k).every((v) => v === 0)).toBe(true);
        }
      }
      // The comparison covered objects of most channels (not only empty planes).
      expect(seen.size).toBeGreaterThanOrEqual(Math.ceil(C / 2));
    },
  );

  it.each(MINATAR)('%s: padded keeps the game channels first and zeros after them', (id) => {
    const { pairs, game } = twin(id, 'padded', 200);
    const C = game.channels.length;
    for (const [n, s] of pairs) {
      for (let c = 0; c < 10; c++) {
        expect(plane(s, 10, c)).toEqual(c < C ? plane(n, C, c) : Array(100).fill(0));
      }
    }
  });

  it('semantic and padded give every game the same shape, native the game’s own', () => {
    const shapes = (layout: string) =>
      new Set(
        MINATAR.map((id) => {
          const env = makeEnv(id, { options: { layout } });
          const o = env.reset({ seed: 1 }).observation;
          expect(o.length).toBe(
            env.observationSpace.kind === 'box'
              ? 100 * (env.observationSpace.shape[2] as number)
              : -1,
          );
          return JSON.stringify(env.observationSpace);
        }),
      );
    expect([...shapes('semantic')]).toEqual([
      JSON.stringify({ kind: 'box', shape: [10, 10, 15], low: 0, high: 1, dtype: 'uint8' }),
    ]);
    expect([...shapes('padded')]).toEqual([
      JSON.stringify({ kind: 'box', shape: [10, 10, 10], low: 0, high: 1, dtype: 'uint8' }),
    ]);
    expect(shapes('native').size).toBe(4); // 4, 7, 10 and 6 channels
  });

  it('names the channels of the chosen layout', () => {
    const env = (layout: string) =>
      unwrapEnv(makeEnv('minatar/Breakout-v1', { options: { layout } })) as MinAtarEnv;
    expect(env('native').channelNames).toEqual(['paddle', 'ball', 'trail', 'brick']);
    expect(env('padded').channelNames).toEqual([
      'paddle',
      'ball',
      'trail',
      'brick',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
    expect(env('semantic').channelNames).toEqual(MINATAR_SEMANTIC_CHANNELS);
    expect(MINATAR_SEMANTIC_CHANNELS).toEqual([
      'player.0',
      'player.1',
      'enemy.0',
      'enemy.1',
      'friendly.0',
      'player_projectile.0',
      'enemy_projectile.0',
      'motion.0',
      'motion.1',
      'motion.2',
      'motion.3',
      'motion.4',
      'gauge.0',
      'gauge.1',
      'wall.0',
    ]);
  });

  it.each(['minatar/Seaquest-v1', 'minatar/Freeway-v1'])(
    '%s passes checkEnv in the semantic layout',
    (id) => {
      expectCleanCheck(
        checkEnv(() => makeEnv(id, { options: { layout: 'semantic' } }), { seed: 3 }),
      );
    },
  );

  it('refuses an unknown layout and a channel the semantic layout does not know, naming them', () => {
    expect(() => makeEnv('minatar/Breakout-v1', { options: { layout: 'grey' } })).toThrow(
      InvalidEnvOptionError,
    );
    expect(() => makeEnv('minatar/Breakout-v1', { options: { layout: 'grey' } })).toThrow(
      /"native", "padded", "semantic"/,
    );
    expect(() => semanticTargets(['paddle', 'laser'])).toThrow(/"laser" has no group/);
    expect(() => semanticTargets(['paddle', 'cannon', 'chicken'])).toThrow(
      /"chicken" is channel 3 of group "player", which has 2 slot/,
    );
  });
});
