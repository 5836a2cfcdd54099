/**
 * The tile map of the first-person maze world and the procedural generators the
 * levels share: perfect mazes (recursive backtracker), braiding (removing dead
 * ends to make loops), breadth-first distances and free-cell queries.
 *
 * Coordinates: the map is `width × height` tiles of one world unit each; tile
 * `(col, row)` covers `[col, col+1) × [row, row+1)`; x grows to the east (columns),
 * y to the south (rows). Tile codes: {@link FLOOR}, {@link PIT}, {@link STEP}, and
 * walls `≥` {@link WALL} (`WALL + k` uses wall texture `k`).
 *
 * @packageDocumentation
 */
import type { EnvRng } from '../rng.js';

/** Walkable floor. */
export const FLOOR = 0;
/** A pit (chasm) in the floor: walking into it ends the episode. */
export const PIT = 1;
/** Walkable floor drawn as stair steps (the stairway of `stairway_to_melon`). */
export const STEP = 2;
/** First wall code; `WALL + k` is a wall drawn with wall texture `k`. */
export const WALL = 8;

/** A rectangular tile map, row-major (`tiles[row · width + col]`). */
export interface TileMap {
  readonly width: number;
  readonly height: number;
  readonly tiles: Uint8Array;
}

/** A tile position. */
export interface Cell {
  readonly col: number;
  readonly row: number;
}

/** A map of `width × height` tiles all set to `fill`. */
export function createMap(width: number, height: number, fill: number): TileMap {
  return { width, height, tiles: new Uint8Array(width * height).fill(fill) };
}

/** The tile at `(col, row)`; outside the map counts as a wall (`WALL`). */
export function tileAt(map: TileMap, col: number, row: number): number {
  if (col < 0 || row < 0 || col >= map.width || row >= map.height) return WALL;
  return map.tiles[row * map.width + col] as number;
}

/** Sets the tile at `(col, row)` (ignored outside the map). */
export function setTile(map: TileMap, col: number, row: number, code: number): void {
  if (col < 0 || row < 0 || col >= map.width || row >= map.height) return;
  map.tiles[row * map.width + col] = code;
}

/** Whether a tile code is a wall. */
export function isWall(code: number): boolean {
  return code >= WALL;
}

/** Whether `(col, row)` can be walked on (floor or steps; not a wall, not a pit). */
export function walkable(map: TileMap, col: number, row: number): boolean {
  const t = tileAt(map, col, row);
  return t === FLOOR || t === STEP;
}

const DIRS: readonly (readonly [number, number])[] = [
  [0, -1],
  [1, 0],
  [0, 1],
  [-1, 0],
];

/**
 * A perfect maze (exactly one route between any two cells) of `cols × rows`
 * cells by the recursive backtracker, as a tile map of `(2·cols+1) × (2·rows+1)`
 * tiles: cell `(i, j)` is tile `(2i+1, 2j+1)`, walls between cells are tiles too.
 * Walls get texture `wallTexture(col, row)`.
 */
export function carveMaze(
  rng: EnvRng,
  cols: number,
  rows: number,
  wallTexture: (col: number, row: number) => number,
): TileMap {
  const map = createMap(2 * cols + 1, 2 * rows + 1, WALL);
  const seen = new Uint8Array(cols * rows);
  const stack: Cell[] = [{ col: rng.int(cols), row: rng.int(rows) }];
  const first = stack[0] as Cell;
  seen[first.row * cols + first.col] = 1;
  setTile(map, 2 * first.col + 1, 2 * first.row + 1, FLOOR);
  while (stack.length > 0) {
    const c = stack[stack.length - 1] as Cell;
    const open = DIRS.filter(([dx, dy]) => {
      const x = c.col + dx;
      const y = c.row + dy;
      return x >= 0 && y >= 0 && x < cols && y < rows && !seen[y * cols + x];
    });
    if (open.length === 0) {
      stack.pop();
      continue;
    }
    const [dx, dy] = open[rng.int(open.length)] as readonly [number, number];
    const next = { col: c.col + dx, row: c.row + dy };
    seen[next.row * cols + next.col] = 1;
    setTile(map, 2 * c.col + 1 + dx, 2 * c.row + 1 + dy, FLOOR);
    setTile(map, 2 * next.col + 1, 2 * next.row + 1, FLOOR);
    stack.push(next);
  }
  paintWalls(map, wallTexture);
  return map;
}

/** Gives every wall tile the texture `wallTexture(col, row)`. */
export function paintWalls(map: TileMap, wallTexture: (col: number, row: number) => number): void {
  for (let row = 0; row < map.height; row++) {
    for (let col = 0; col < map.width; col++) {
      if (isWall(tileAt(map, col, row))) setTile(map, col, row, WALL + wallTexture(col, row));
    }
  }
}

/** Walkable neighbours (4-connected) of a tile. */
function neighbours(map: TileMap, c: Cell): Cell[] {
  const out: Cell[] = [];
  for (const [dx, dy] of DIRS) {
    if (walkable(map, c.col + dx, c.row + dy)) out.push({ col: c.col + dx, row: c.row + dy });
  }
  return out;
}

/**
 * Removes dead ends of a maze made by {@link carveMaze}: each dead-end cell, with
 * probability `p`, opens one wall towards a neighbouring cell, creating a loop.
 */
export function braid(rng: EnvRng, map: TileMap, p: number): void {
  for (let row = 1; row < map.height - 1; row += 2) {
    for (let col = 1; col < map.width - 1; col += 2) {
      if (neighbours(map, { col, row }).length !== 1 || rng.float() >= p) continue;
      const closed = DIRS.filter(
        ([dx, dy]) =>
          isWall(tileAt(map, col + dx, row + dy)) &&
          col + 2 * dx > 0 &&
          row + 2 * dy > 0 &&
          col + 2 * dx < map.width - 1 &&
          row + 2 * dy < map.height - 1,
      );
      if (closed.length === 0) continue;
      const [dx, dy] = closed[rng.int(closed.length)] as readonly [number, number];
      setTile(map, col + dx, row + dy, FLOOR);
    }
  }
}

/**
 * Steps from `from` to every tile over walkable tiles (4-connected),
 * `-1` where unreachable; row-major like the map.
 */
export function distances(map: TileMap, from: Cell): Int32Array {
  const dist = new Int32Array(map.width * map.height).fill(-1);
  if (!walkable(map, from.col, from.row)) return dist;
  dist[from.row * map.width + from.col] = 0;
  const queue: Cell[] = [from];
  for (let head = 0; head < queue.length; head++) {
    const c = queue[head] as Cell;
    const d = dist[c.row * map.width + c.col] as number;
    for (const n of neighbours(map, c)) {
      const i = n.row * map.width + n.col;
      if (dist[i] !== -1) continue;
      dist[i] = d + 1;
      queue.push(n);
    }
  }
  return dist;
}

/** The route from `from` to `to` (both included) along decreasing distances, or `[]`. */
export function route(map: TileMap, from: Cell, to: Cell): Cell[] {
  const dist = distances(map, from);
  let d = dist[to.row * map.width + to.col] as number;
  if (d < 0) return [];
  const path: Cell[] = [to];
  let c = to;
  while (d > 0) {
    const prev = neighbours(map, c).find((n) => dist[n.row * map.width + n.col] === d - 1);
    c = prev as Cell;
    path.push(c);
    d--;
  }
  return path.reverse();
}

/** Every walkable tile, row-major. */
export function walkableCells(map: TileMap): Cell[] {
  const out: Cell[] = [];
  for (let row = 0; row < map.height; row++) {
    for (let col = 0; col < map.width; col++) if (walkable(map, col, row)) out.push({ col, row });
  }
  return out;
}

/** Whether every walkable tile is reachable from every other. */
export function connected(map: TileMap): boolean {
  const cells = walkableCells(map);
  if (cells.length === 0) return true;
  const dist = distances(map, cells[0] as Cell);
  return cells.every((c) => (dist[c.row * map.width + c.col] as number) >= 0);
}

/** The cells of a maze made by {@link carveMaze} with exactly one walkable neighbour. */
export function deadEnds(map: TileMap): Cell[] {
  return walkableCells(map).filter(
    (c) => c.col % 2 === 1 && c.row % 2 === 1 && neighbours(map, c).length === 1,
  );
}

/** `k` distinct elements of `items` drawn uniformly (partial Fisher–Yates on a copy). */
export function pickDistinct<T>(rng: EnvRng, items: readonly T[], k: number): T[] {
  const pool = [...items];
  const n = Math.min(k, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(pool.length - i);
    const tmp = pool[i] as T;
    pool[i] = pool[j] as T;
    pool[j] = tmp;
  }
  return pool.slice(0, n);
}

/**
 * A wall painter that gives each quadrant of a `width × height` map its own wall
 * texture (distinct while there are enough textures), drawn from `rng`, so each
 * part of a maze has a landmark look.
 */
export function quadrantWalls(
  rng: EnvRng,
  width: number,
  height: number,
  textures: number,
): (col: number, row: number) => number {
  const order = pickDistinct(
    rng,
    Array.from({ length: textures }, (_, i) => i),
    textures,
  );
  return (col, row) =>
    order[((col * 2 >= width ? 1 : 0) + (row * 2 >= height ? 2 : 0)) % order.length] as number;
}

/** The centre of a tile, in world units. */
export function centre(c: Cell): { x: number; y: number } {
  return { x: c.col + 0.5, y: c.row + 0.5 };
}

/** A heading (radians, 0 east, π/2 south) towards a walkable neighbour of `c`, drawn from `rng`. */
export function openHeading(rng: EnvRng, map: TileMap, c: Cell): number {
  const open = DIRS.filter(([dx, dy]) => walkable(map, c.col + dx, c.row + dy));
  if (open.length === 0) return 0;
  const [dx, dy] = open[rng.int(open.length)] as readonly [number, number];
  return (Math.atan2(dy, dx) + 2 * Math.PI) % (2 * Math.PI);
}
