/**
 * `seekavoid_arena_01`, after the DeepMind Lab level of that name (Beattie et
 * al. 2016): an open square arena scattered with apples (+1) and lemons (−1);
 * the agent should eat the apples and avoid the lemons. Each object disappears
 * when touched; the episode ends when every apple is eaten (or at the time limit).
 *
 * Layout from the seed: `arenaSize × arenaSize` open floor inside a wall ring whose
 * four sides have four different textures (orientation cues), the agent on a
 * random tile with a random heading, `apples + lemons` objects on distinct other
 * tiles (at tile centres), none on or next to the agent's tile.
 *
 * @packageDocumentation
 */
import { InvalidEnvOptionError } from '../errors.js';
import type { EnvRng } from '../rng.js';
import { mazeLevel } from './level.js';
import {
  type Cell,
  centre,
  createMap,
  FLOOR,
  paintWalls,
  pickDistinct,
  setTile,
  WALL,
} from './map.js';
import { checkIntOption, type MazeLevel, type MazeOptions, type MazeTask } from './maze-env.js';
import type { WorldObject } from './sprites.js';
import { WALL_TEXTURE_NAMES } from './textures.js';

/** Options of `seekavoid_arena_01`. */
export interface SeekAvoidOptions extends MazeOptions {
  /** Side of the open floor in tiles, integer in [4, 64]; default 9. */
  arenaSize: number;
  /** Apples (+1 each), integer in [1, 1024]; default 6. */
  apples: number;
  /** Lemons (−1 each), integer in [0, 1024]; default 6. */
  lemons: number;
}

/** Defaults of the task's own options. */
export const SEEKAVOID_DEFAULTS = Object.freeze({ arenaSize: 9, apples: 6, lemons: 6 });

function validate(id: string, o: SeekAvoidOptions): void {
  checkIntOption(id, 'arenaSize', o.arenaSize, 4, 64);
  checkIntOption(id, 'apples', o.apples, 1, 1024);
  checkIntOption(id, 'lemons', o.lemons, 0, 1024);
  const room = o.arenaSize * o.arenaSize - 9;
  if (o.apples + o.lemons > room)
    throw new InvalidEnvOptionError(
      id,
      'apples',
      o.apples,
      `apples + lemons <= ${room} for arenaSize ${o.arenaSize}`,
    );
}

function generate(rng: EnvRng, o: SeekAvoidOptions): MazeLevel {
  const n = o.arenaSize;
  const map = createMap(n + 2, n + 2, WALL);
  const tiles: Cell[] = [];
  for (let row = 1; row <= n; row++) {
    for (let col = 1; col <= n; col++) {
      setTile(map, col, row, FLOOR);
      tiles.push({ col, row });
    }
  }
  const sides = pickDistinct(rng, [...WALL_TEXTURE_NAMES.keys()], 4);
  paintWalls(map, (col, row) => {
    const side = row === 0 ? 0 : col === n + 1 ? 1 : row === n + 1 ? 2 : 3;
    return sides[side] as number;
  });
  const start = tiles[rng.int(tiles.length)] as Cell;
  const angle = rng.float() * 2 * Math.PI;
  const away = tiles.filter(
    (c) => Math.abs(c.col - start.col) > 1 || Math.abs(c.row - start.row) > 1,
  );
  const spots = pickDistinct(rng, away, o.apples + o.lemons);
  const objects: WorldObject[] = spots.map((c, i) => {
    const good = i < o.apples;
    return { kind: good ? 'apple' : 'lemon', ...centre(c), reward: good ? 1 : -1, terminal: false };
  });
  return mazeLevel(map, start, angle, objects, { endWhenCollected: true, style: { sky: true } });
}

/** The `seekavoid_arena_01` task (see the module comment). */
export const SEEKAVOID_ARENA: MazeTask<SeekAvoidOptions> = { validate, generate };
