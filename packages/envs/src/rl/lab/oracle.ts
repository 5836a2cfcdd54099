/**
 * A scripted agent that sees the map: it walks the shortest route over the tiles
 * to the nearest object with a positive reward, stepping round pits and round
 * tiles holding a negative object where it can. It gives a reference return per
 * task (what a good policy can collect within the time limit), checks that the
 * generated levels are solvable, and drives the pictures of the README.
 *
 * @packageDocumentation
 */
import { type TileMap, walkable } from './map.js';
import { MAZE_ACTIONS, type MazeEnv } from './maze-env.js';
import type { WorldObject } from './sprites.js';

const FORWARD = MAZE_ACTIONS.indexOf('forward');
const TURN_LEFT = MAZE_ACTIONS.indexOf('turn left');
const TURN_RIGHT = MAZE_ACTIONS.indexOf('turn right');
const DIRS = [
  [0, -1],
  [1, 0],
  [0, 1],
  [-1, 0],
] as const;

/** Breadth-first parents from `(col, row)` over tiles `open` allows; `-2` marks the start, `-1` unreached. */
function parents(map: TileMap, col: number, row: number, open: (i: number) => boolean): Int32Array {
  const parent = new Int32Array(map.width * map.height).fill(-1);
  const first = row * map.width + col;
  parent[first] = -2;
  const queue = [first];
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head] as number;
    const c = i % map.width;
    const r = (i - c) / map.width;
    for (const [dx, dy] of DIRS) {
      const j = (r + dy) * map.width + c + dx;
      if (!walkable(map, c + dx, r + dy) || parent[j] !== -1 || !open(j)) continue;
      parent[j] = i;
      queue.push(j);
    }
  }
  return parent;
}

/** The tile index after `from` on the way to `to`, by following parents back from `to`. */
function nextTile(parent: Int32Array, to: number): number {
  let i = to;
  while (parent[i] !== -2 && parent[parent[i] as number] !== -2) i = parent[i] as number;
  return i;
}

/**
 * The action of the shortest-route agent in the environment's current state:
 * turn towards the next tile centre on the route to the nearest good object (or
 * towards the object itself once on its tile), and walk forward when facing it
 * within half a turn step. Turns right on the spot when no good object is reachable.
 *
 * @throws {RangeError} before the environment's first reset.
 */
export function shortestPathAction(env: MazeEnv): number {
  const { level, objects, x, y, angle } = env.state;
  if (level === undefined) throw new RangeError(`${env.id}: shortestPathAction() before reset()`);
  const map = level.map;
  const tile = (o: { x: number; y: number }) => Math.floor(o.y) * map.width + Math.floor(o.x);
  const bad = new Set(objects.filter((o) => o.reward < 0).map(tile));
  const col = Math.floor(x);
  const row = Math.floor(y);
  const goods = objects.filter((o) => o.reward > 0);
  let parent = parents(map, col, row, (i) => !bad.has(i));
  if (!goods.some((o) => parent[tile(o)] !== -1)) parent = parents(map, col, row, () => true);
  let target: WorldObject | undefined;
  let best = Number.POSITIVE_INFINITY;
  for (const o of goods) {
    let steps = 0;
    for (let i = tile(o); parent[i] !== -1 && parent[i] !== -2; i = parent[i] as number) steps++;
    if (parent[tile(o)] !== -1 && steps < best) {
      best = steps;
      target = o;
    }
  }
  if (target === undefined) return TURN_RIGHT;
  let wx = target.x;
  let wy = target.y;
  if (tile(target) !== row * map.width + col) {
    const next = nextTile(parent, tile(target));
    wx = (next % map.width) + 0.5;
    wy = Math.floor(next / map.width) + 0.5;
  }
  let diff = Math.atan2(wy - y, wx - x) - angle;
  diff = Math.atan2(Math.sin(diff), Math.cos(diff));
  const half = (env.options.turnDegrees * Math.PI) / 360;
  if (Math.abs(diff) <= half) return FORWARD;
  return diff < 0 ? TURN_LEFT : TURN_RIGHT;
}
