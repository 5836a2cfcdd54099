/**
 * @internal Pieces the maze tasks' level generators share: the textured square
 * maze and the level record built from a map, a start and the objects.
 */
import type { EnvRng } from '../rng.js';
import { type Cell, carveMaze, centre, quadrantWalls, type TileMap } from './map.js';
import type { MazeLevel } from './maze-env.js';
import type { WorldObject } from './sprites.js';
import { WALL_TEXTURE_NAMES } from './textures.js';

/**
 * A maze of `mazeSize` × `mazeSize` cells (a map of side `2 * mazeSize + 1`
 * tiles) whose walls take one texture per quadrant.
 */
export function squareMaze(rng: EnvRng, mazeSize: number): TileMap {
  const side = 2 * mazeSize + 1;
  return carveMaze(
    rng,
    mazeSize,
    mazeSize,
    quadrantWalls(rng, side, side, WALL_TEXTURE_NAMES.length),
  );
}

/** The level on `map` that starts at the centre of tile `start` facing `angle`, with `objects`. */
export function mazeLevel(
  map: TileMap,
  start: Cell,
  angle: number,
  objects: readonly WorldObject[],
  rules: Pick<MazeLevel, 'endWhenCollected' | 'style'>,
): MazeLevel {
  return { map, start: { ...centre(start), angle }, objects, ...rules };
}
