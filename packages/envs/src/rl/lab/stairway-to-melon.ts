/**
 * `stairway_to_melon`, in the spirit of the DeepMind Lab level of that name
 * (Beattie et al. 2016): a melon (+10) waits at the end of the longest route of a
 * maze, up a stairway (the last tiles before it are drawn as steps); touching it
 * ends the episode. An apple (+1) lies in another dead end as a distractor. The
 * reward is sparse: nothing else pays, and the route has to be discovered.
 *
 * Layout from the seed: a perfect `mazeSize × mazeSize`-cell maze (one route
 * between any two tiles), each quadrant with its own wall texture; the agent on a
 * random dead end (or cell) facing its corridor; the melon at the tile farthest
 * from the agent along the maze; the last `stairs` tiles of the route before the
 * melon are steps; the apple at the farthest dead end off that route, if any.
 *
 * @packageDocumentation
 */
import { InvalidEnvOptionError } from '../errors.js';
import type { EnvRng } from '../rng.js';
import { mazeLevel, squareMaze } from './level.js';
import {
  type Cell,
  centre,
  deadEnds,
  distances,
  openHeading,
  route,
  STEP,
  setTile,
  walkableCells,
} from './map.js';
import { checkIntOption, type MazeLevel, type MazeOptions, type MazeTask } from './maze-env.js';
import type { WorldObject } from './sprites.js';

/** Options of `stairway_to_melon`. */
export interface StairwayOptions extends MazeOptions {
  /** Maze side in cells (the map is `2·mazeSize + 1` tiles), integer in [2, 32]; default 4. */
  mazeSize: number;
  /** Tiles of stairs before the melon, integer in [0, 16]; default 3. */
  stairs: number;
  /** Reward of the melon (touching it ends the episode), a finite number > 0; default 10. */
  melonReward: number;
  /** Put the distractor apple (+1) in a dead end off the route; default true. */
  distractor: boolean;
}

/** Defaults of the task's own options. */
export const STAIRWAY_DEFAULTS = Object.freeze({
  mazeSize: 4,
  stairs: 3,
  melonReward: 10,
  distractor: true,
});

function validate(id: string, o: StairwayOptions): void {
  checkIntOption(id, 'mazeSize', o.mazeSize, 2, 32);
  checkIntOption(id, 'stairs', o.stairs, 0, 16);
  const r = o.melonReward;
  if (typeof r !== 'number' || !Number.isFinite(r) || r <= 0)
    throw new InvalidEnvOptionError(id, 'melonReward', r, 'a finite number > 0');
  if (typeof o.distractor !== 'boolean')
    throw new InvalidEnvOptionError(id, 'distractor', o.distractor, 'true or false');
}

function farthest(dist: Int32Array, width: number, cells: readonly Cell[]): Cell | undefined {
  let best: Cell | undefined;
  for (const c of cells) {
    if (
      best === undefined ||
      (dist[c.row * width + c.col] as number) > (dist[best.row * width + best.col] as number)
    )
      best = c;
  }
  return best;
}

function generate(rng: EnvRng, o: StairwayOptions): MazeLevel {
  const map = squareMaze(rng, o.mazeSize);
  const ends = deadEnds(map);
  const starts = ends.length > 0 ? ends : walkableCells(map);
  const start = starts[rng.int(starts.length)] as Cell;
  const angle = openHeading(rng, map, start);
  const dist = distances(map, start);
  const goal = farthest(dist, map.width, walkableCells(map)) as Cell;
  const path = route(map, start, goal);
  const onPath = new Set(path.map((c) => c.row * map.width + c.col));
  for (const c of path.slice(Math.max(1, path.length - 1 - o.stairs), -1))
    setTile(map, c.col, c.row, STEP);
  const objects: WorldObject[] = [
    { kind: 'melon', ...centre(goal), reward: o.melonReward, terminal: true },
  ];
  const off = ends.filter((c) => !onPath.has(c.row * map.width + c.col));
  const apple = o.distractor ? farthest(dist, map.width, off) : undefined;
  if (apple !== undefined)
    objects.push({ kind: 'apple', ...centre(apple), reward: 1, terminal: false });
  return mazeLevel(map, start, angle, objects, { endWhenCollected: false, style: { sky: false } });
}

/** The `stairway_to_melon` task (see the module comment). */
export const STAIRWAY_TO_MELON: MazeTask<StairwayOptions> = { validate, generate };
