import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  checkEnv,
  contains,
  type Env,
  envIds,
  envSpec,
  FLOOR,
  InvalidEnvOptionError,
  MAZE_ACTIONS,
  MAZE_DEFAULTS,
  MazeEnv,
  type MazeLevel,
  type MazeTask,
  makeEnv,
  PIT,
  renderRgb,
  STEP,
  shortestPathAction,
  type TileMap,
  type TimeLimit,
  WALL,
  type WorldObject,
} from '../rl/index.js';
import { expectCleanCheck } from './rl-expect.js';

const LAB = ['lab/LtChasm-v0', 'lab/SeekavoidArena01-v0', 'lab/StairwayToMelon-v0'];
const SMALL = { size: 16 };
const seedArb = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

/** The raw maze environment under the registry's wrappers. */
function inner(env: Env): MazeEnv {
  let e: Env = env;
  while (!(e instanceof MazeEnv)) e = (e as TimeLimit).env;
  return e;
}

function tiles(map: TileMap, code: number): number {
  return map.tiles.filter((t) => t === code).length;
}

function trace(env: Env, actions: readonly number[]): string[] {
  const out: string[] = [];
  for (const a of actions) {
    const r = env.step(a % MAZE_ACTIONS.length);
    out.push(`${Buffer.from(r.observation).toString('base64')}|${r.reward}|${r.terminated}`);
    if (r.terminated || r.truncated) break;
  }
  return out;
}

/** A hand-made corridor level: agent at (1.5, 1.5) looking east along row 1 at `objects`. */
function corridor(objects: WorldObject[], pitAt?: number): MazeTask<typeof MAZE_DEFAULTS> {
  const width = 10;
  const map: TileMap = { width, height: 3, tiles: new Uint8Array(30).fill(WALL) };
  for (let c = 1; c < width - 1; c++) map.tiles[width + c] = c === pitAt ? PIT : FLOOR;
  const level: MazeLevel = {
    map,
    start: { x: 1.5, y: 1.5, angle: 0 },
    objects,
    endWhenCollected: false,
    style: { sky: false },
  };
  return { validate: () => {}, generate: () => level };
}

function walkForward(env: MazeEnv, steps: number) {
  const rs = [];
  for (let t = 0; t < steps; t++) {
    const r = env.step(MAZE_ACTIONS.indexOf('forward'));
    rs.push(r);
    if (r.terminated) break;
  }
  return rs;
}

describe('first-person maze environments', { timeout: 60_000 }, () => {
  it('registers the three Labyrinth tasks with a time limit', () => {
    expect(envIds().filter((id) => id.startsWith('lab/'))).toEqual(LAB);
    expect(LAB.map((id) => envSpec(id).maxEpisodeSteps)).toEqual([600, 300, 500]);
  });

  it.each(LAB)('%s passes checkEnv', (id) => {
    expectCleanCheck(checkEnv(id, { seed: 3 }));
  });

  it.each(LAB)(
    '%s observes RGB frames uint8 [84, 84, 3] by default, [size, size, 3] with size',
    (id) => {
      const env = makeEnv(id);
      expect(env.observationSpace).toEqual({
        kind: 'box',
        shape: [84, 84, 3],
        low: 0,
        high: 255,
        dtype: 'uint8',
      });
      expect(env.actionSpace).toEqual({ kind: 'discrete', n: 6 });
      const small = makeEnv(id, { options: { size: 42 } });
      const { observation } = small.reset({ seed: 1 });
      expect(observation).toBeInstanceOf(Uint8Array);
      expect(observation.length).toBe(42 * 42 * 3);
      expect(contains(small.observationSpace, observation)).toBe(true);
      const pixels = new Set<number>();
      for (let i = 0; i < observation.length; i += 3)
        pixels.add(
          ((observation[i] as number) << 16) |
            ((observation[i + 1] as number) << 8) |
            (observation[i + 2] as number),
        );
      expect(pixels.size).toBeGreaterThan(20); // a textured picture, not a flat fill
    },
  );

  test.prop(
    [fc.constantFrom(...LAB), seedArb, fc.array(fc.nat(), { minLength: 1, maxLength: 80 })],
    { numRuns: 30 },
  )('the same seed and actions give the same episode', (id, seed, actions) => {
    const a = makeEnv(id, { options: SMALL });
    const b = makeEnv(id, { options: SMALL });
    a.reset({ seed });
    b.reset({ seed: seed ^ 0x5a5a });
    trace(b, actions);
    b.reset({ seed });
    expect(trace(a, actions)).toEqual(trace(b, actions));
  });

  it.each(LAB)(
    '%s lays out a different level for a different seed, and after an unseeded reset',
    (id) => {
      const env = inner(makeEnv(id, { options: SMALL }));
      const layout = () =>
        Buffer.from(env.state.level?.map.tiles ?? []).toString('hex') +
        JSON.stringify(env.state.objects);
      env.reset({ seed: 1 });
      const first = layout();
      env.reset({ seed: 2 });
      expect(layout()).not.toEqual(first);
      env.reset({ seed: 1 });
      expect(layout()).toEqual(first);
      env.reset();
      expect(layout()).not.toEqual(first);
    },
  );

  test.prop(
    [fc.constantFrom(...LAB), seedArb, fc.array(fc.nat(), { minLength: 1, maxLength: 200 })],
    { numRuns: 25 },
  )('walls are solid: the agent never stands on a wall tile', (id, seed, actions) => {
    const env = inner(makeEnv(id, { options: SMALL }));
    env.reset({ seed });
    for (const a of actions) {
      const r = env.step(a % 6);
      const { level, x, y } = env.state;
      const map = level?.map as TileMap;
      for (const [dx, dy] of [
        [-0.2, -0.2],
        [0.2, -0.2],
        [-0.2, 0.2],
        [0.2, 0.2],
      ] as const) {
        expect(map.tiles[Math.floor(y + dy) * map.width + Math.floor(x + dx)]).toBeLessThan(WALL);
      }
      if (r.terminated) break;
    }
  });

  it('touching an object gives its reward once and removes it; a goal ends the episode', () => {
    const env = new MazeEnv(
      'test/corridor-v0',
      corridor([
        { kind: 'lemon', x: 3.5, y: 1.5, reward: -1, terminal: false },
        { kind: 'apple', x: 5.5, y: 1.5, reward: 1, terminal: false },
        { kind: 'melon', x: 7.5, y: 1.5, reward: 10, terminal: true },
      ]),
      { ...MAZE_DEFAULTS, size: 16 },
    );
    env.reset({ seed: 0 });
    const rs = walkForward(env, 100);
    expect(rs.map((r) => r.reward).filter((r) => r !== 0)).toEqual([-1, 1, 10]);
    expect(rs.map((r) => r.info.objectsLeft)).toContain(1);
    expect(rs.at(-1)?.terminated).toBe(true);
    expect(rs.at(-1)?.info.fell).toBeUndefined();
    expect(env.state.objects).toEqual([]);
  });

  it('walking into a pit ends the episode with info.fell', () => {
    const env = new MazeEnv(
      'test/corridor-v0',
      corridor([{ kind: 'apple', x: 7.5, y: 1.5, reward: 1, terminal: false }], 4),
      {
        ...MAZE_DEFAULTS,
        size: 16,
      },
    );
    env.reset({ seed: 0 });
    const rs = walkForward(env, 100);
    expect(rs.at(-1)).toMatchObject({ terminated: true, reward: 0, info: { fell: true } });
    expect(Math.floor(env.state.x)).toBe(4);
    expect(rs.slice(0, -1).every((r) => !r.terminated)).toBe(true);
  });

  it('turning and strafing follow the map axes (x east, y south, clockwise headings)', () => {
    const env = new MazeEnv('test/corridor-v0', corridor([]), {
      ...MAZE_DEFAULTS,
      size: 16,
      turnDegrees: 90,
    });
    env.reset({ seed: 0 });
    env.step(MAZE_ACTIONS.indexOf('turn right'));
    expect(env.state.angle).toBeCloseTo(Math.PI / 2);
    env.step(MAZE_ACTIONS.indexOf('turn left'));
    env.step(MAZE_ACTIONS.indexOf('strafe right')); // south, 0.2
    expect(env.state.y).toBeCloseTo(1.7);
    env.step(MAZE_ACTIONS.indexOf('strafe right')); // blocked: the footprint would reach the wall at y = 2
    expect(env.state.y).toBeCloseTo(1.7);
    env.step(MAZE_ACTIONS.indexOf('strafe left'));
    expect(env.state.y).toBeCloseTo(1.5);
    expect(env.state.x).toBeCloseTo(1.5);
    env.step(MAZE_ACTIONS.indexOf('backward'));
    expect(env.state.x).toBeCloseTo(1.3);
  });

  describe('seekavoid_arena_01', () => {
    it('places the apples (+1) and lemons (−1) on distinct tiles away from the start; eating every apple ends it', () => {
      const raw = makeEnv('lab/SeekavoidArena01-v0', {
        options: { ...SMALL, apples: 4, lemons: 5 },
      });
      const env = inner(raw);
      for (const seed of [1, 2, 3]) {
        raw.reset({ seed });
        const { objects, x, y } = env.state;
        expect(objects.filter((o) => o.kind === 'apple' && o.reward === 1)).toHaveLength(4);
        expect(objects.filter((o) => o.kind === 'lemon' && o.reward === -1)).toHaveLength(5);
        expect(new Set(objects.map((o) => `${o.x},${o.y}`)).size).toBe(9);
        for (const o of objects)
          expect(Math.max(Math.abs(o.x - x), Math.abs(o.y - y))).toBeGreaterThan(1);
        let total = 0;
        let r = raw.step(shortestPathAction(env));
        while (!r.terminated && !r.truncated) {
          total += r.reward;
          r = raw.step(shortestPathAction(env));
        }
        expect(r.terminated).toBe(true);
        expect(total + r.reward).toBe(4); // the route avoids lemons in an open arena
        expect(env.state.objects.every((o) => o.kind === 'lemon')).toBe(true);
      }
    });
  });

  describe('lt_chasm', () => {
    it('digs the requested pits without cutting the maze; a route-following agent collects every apple without falling', () => {
      const raw = makeEnv('lab/LtChasm-v0', { options: SMALL });
      const env = inner(raw);
      for (const seed of [1, 2, 3, 4]) {
        raw.reset({ seed });
        const map = env.state.level?.map as TileMap;
        expect(tiles(map, PIT)).toBe(4);
        expect(env.state.objects.filter((o) => o.kind === 'apple')).toHaveLength(6);
        let total = 0;
        let r = raw.step(shortestPathAction(env));
        while (!r.terminated && !r.truncated) {
          total += r.reward;
          r = raw.step(shortestPathAction(env));
        }
        expect(r.info.fell).toBeUndefined();
        expect(total + r.reward).toBe(6);
        expect(r.terminated).toBe(true);
      }
    });
  });

  describe('stairway_to_melon', () => {
    it('puts the melon (+10, ends the episode) at the far end of a stairway; the apple is a distractor', () => {
      const raw = makeEnv('lab/StairwayToMelon-v0', { options: SMALL });
      const env = inner(raw);
      for (const seed of [1, 2, 3]) {
        raw.reset({ seed });
        const { objects, level } = env.state;
        const melon = objects.find((o) => o.kind === 'melon');
        expect(melon).toMatchObject({ reward: 10, terminal: true });
        expect(objects.filter((o) => o.kind === 'apple' && !o.terminal).length).toBeLessThanOrEqual(
          1,
        );
        expect(tiles(level?.map as TileMap, STEP)).toBe(3);
        const rewards: number[] = [];
        let r = raw.step(shortestPathAction(env));
        while (!r.terminated && !r.truncated) {
          rewards.push(r.reward);
          r = raw.step(shortestPathAction(env));
        }
        expect(r).toMatchObject({ terminated: true, reward: 10 });
        expect(rewards.every((x) => x === 0 || x === 1)).toBe(true); // sparse: nothing else pays
      }
    });

    it('truncates at the time limit when the melon is not reached', () => {
      const env = makeEnv('lab/StairwayToMelon-v0', { options: SMALL });
      env.reset({ seed: 5 });
      let t = 0;
      let r = env.step(MAZE_ACTIONS.indexOf('turn left'));
      for (t = 1; !r.truncated && !r.terminated; t++)
        r = env.step(MAZE_ACTIONS.indexOf('turn left'));
      expect({ t, truncated: r.truncated, terminated: r.terminated }).toEqual({
        t: 500,
        truncated: true,
        terminated: false,
      });
    });
  });

  it('refuses bad options when the environment is made', () => {
    expect(() => makeEnv('lab/LtChasm-v0', { options: { size: 4 } })).toThrow(
      InvalidEnvOptionError,
    );
    expect(() => makeEnv('lab/LtChasm-v0', { options: { fov: 200 } })).toThrow(/fov/);
    expect(() => makeEnv('lab/LtChasm-v0', { options: { apples: 500 } })).toThrow(/apples/);
    expect(() =>
      makeEnv('lab/SeekavoidArena01-v0', { options: { arenaSize: 4, apples: 8 } }),
    ).toThrow(/apples \+ lemons/);
    expect(() => makeEnv('lab/StairwayToMelon-v0', { options: { distractor: 1 } })).toThrow(
      /distractor/,
    );
    expect(() => makeEnv('lab/StairwayToMelon-v0', { options: { colour: 'red' } })).toThrow(
      /colour/,
    );
  });

  it('renders the latest frame as RGBA through the wrappers, each pixel scale × scale', () => {
    const env = makeEnv('lab/SeekavoidArena01-v0', { options: SMALL });
    expect(() => env.render?.()).toThrow(/before reset/);
    const observation = env.reset({ seed: 1 }).observation as Uint8Array;
    const img = env.render?.(3);
    expect(img).toMatchObject({ width: 48, height: 48 });
    expect(Array.from(img?.data.subarray(0, 4) ?? [])).toEqual([
      ...observation.subarray(0, 3),
      255,
    ]);
    const p = (47 * 48 + 47) * 4;
    expect(Array.from(img?.data.subarray(p, p + 3) ?? [])).toEqual(
      Array.from(observation.subarray(-3)),
    );
    expect(() => renderRgb(observation, [16, 16, 4], 2)).toThrow(RangeError);
    expect(() => renderRgb(observation, [16, 16, 3], 0)).toThrow(/scale/);
  });
});
