/**
 * The first-person raycaster of the maze world (the Wolfenstein-3D method as
 * described by Lode Vandevenne's raycasting tutorial): one ray per screen column
 * walks the tile grid with a DDA until it meets a wall; the wall slice is drawn
 * with its texture at a height inversely proportional to the perpendicular
 * distance (no fish-eye), and every floor and ceiling pixel is textured by
 * casting back to the point of the floor it shows. Distances go to a per-column
 * depth buffer so sprites can be hidden behind walls ({@link drawSprites}).
 *
 * Geometry: walls are 1 unit high, the eye is 0.5 units above the floor, the
 * horizon is the middle row; the focal length in pixels is `(W/2) / tan(fov/2)`
 * for the horizontal field of view `fov`, and pixels are square, so the vertical
 * field of view follows from the aspect ratio. Light falls off with distance
 * (`1 / (1 + 0.025·d²)`, floor 0.2) and walls facing north/south are drawn darker.
 *
 * @packageDocumentation
 */
import { FLOOR, isWall, PIT, STEP, type TileMap, tileAt, WALL } from './map.js';
import { floorTextures, TEXTURE_SIZE, type Texture, wallTextures } from './textures.js';

/** Where the eye is and where it looks. */
export interface Camera {
  /** Position in world units (x east, y south). */
  readonly x: number;
  readonly y: number;
  /** Heading in radians: 0 looks east, π/2 south (clockwise on the map). */
  readonly angle: number;
  /** Horizontal field of view in radians, in (0, π). */
  readonly fov: number;
}

/** Per-level look: a ceiling over the maze, or an open sky. */
export interface ViewStyle {
  /** Draw a sky gradient instead of the textured ceiling. */
  readonly sky: boolean;
}

/** The eye's height above the floor, in world units (walls are 1 high). */
export const EYE_HEIGHT = 0.5;
/** Light fall-off with distance d: `max(0.2, 1 / (1 + FOG·d²))`. */
const FOG = 0.025;
/** Brightness of walls facing north or south. */
const SIDE_SHADE = 0.75;
/** Further than any ray can go in a bounded map; stops a runaway DDA. */
const MAX_STEPS = 4096;

/** Light at distance `d`. */
export function light(d: number): number {
  return Math.max(0.2, 1 / (1 + FOG * d * d));
}

/** The focal length in pixels and the camera's unit heading and plane vectors. */
export function projection(cam: Camera, width: number) {
  const k = Math.tan(cam.fov / 2);
  const dirX = Math.cos(cam.angle);
  const dirY = Math.sin(cam.angle);
  return { focal: width / 2 / k, dirX, dirY, planeX: -dirY * k, planeY: dirX * k };
}

function texel(w: number): number {
  return Math.min(TEXTURE_SIZE - 1, Math.floor((w - Math.floor(w)) * TEXTURE_SIZE));
}

/** Per-row constants of the floor and ceiling for one frame geometry, computed once per size. */
interface RowTable {
  /** Distance along the view axis of the floor (or ceiling) point each row shows; 0 on wall-only rows. */
  readonly dist: Float32Array;
  readonly light: Float32Array;
  /** Sky colour per row (upper half). */
  readonly sky: Uint8Array;
}

const rowTables = new Map<string, RowTable>();

function rowTable(height: number, focal: number): RowTable {
  const key = `${height}:${focal}`;
  let t = rowTables.get(key);
  if (t === undefined) {
    const horizon = height / 2;
    const dist = new Float32Array(height);
    const lightOf = new Float32Array(height);
    const sky = new Uint8Array(height * 3);
    for (let y = 0; y < height; y++) {
      const cy = y + 0.5;
      const d = cy === horizon ? 1e6 : (focal * EYE_HEIGHT) / Math.abs(cy - horizon);
      dist[y] = d;
      lightOf[y] = light(d);
      const s = cy / horizon;
      sky.set([70 + 90 * s, 120 + 80 * s, 200 + 40 * s], y * 3);
    }
    t = { dist, light: lightOf, sky };
    if (rowTables.size > 16) rowTables.clear();
    rowTables.set(key, t);
  }
  return t;
}

/**
 * Draws the walls, floor and ceiling (or sky) seen from `cam` into `out`.
 *
 * @param out - RGB frame `uint8 [height, width, 3]`, overwritten entirely.
 * @param depth - `Float32Array [width]`: receives each column's perpendicular wall distance.
 */
export function renderView(
  out: Uint8Array,
  width: number,
  height: number,
  map: TileMap,
  cam: Camera,
  depth: Float32Array,
  style: ViewStyle,
): void {
  const { focal, dirX, dirY, planeX, planeY } = projection(cam, width);
  const walls = wallTextures();
  const { floor, step, pit, ceiling } = floorTextures();
  const rows = rowTable(height, focal);
  const horizon = height / 2;
  const T = TEXTURE_SIZE;
  const tiles = map.tiles;
  const mapW = map.width;
  const mapH = map.height;
  for (let x = 0; x < width; x++) {
    const camX = (2 * (x + 0.5)) / width - 1;
    const rayX = dirX + planeX * camX;
    const rayY = dirY + planeY * camX;
    // DDA over the tiles until a wall.
    let col = Math.floor(cam.x);
    let row = Math.floor(cam.y);
    const deltaX = rayX === 0 ? Number.POSITIVE_INFINITY : Math.abs(1 / rayX);
    const deltaY = rayY === 0 ? Number.POSITIVE_INFINITY : Math.abs(1 / rayY);
    const stepX = rayX < 0 ? -1 : 1;
    const stepY = rayY < 0 ? -1 : 1;
    let sideX = (rayX < 0 ? cam.x - col : col + 1 - cam.x) * deltaX;
    let sideY = (rayY < 0 ? cam.y - row : row + 1 - cam.y) * deltaY;
    let side = 0;
    let code = WALL;
    for (let n = 0; n < MAX_STEPS; n++) {
      if (sideX < sideY) {
        sideX += deltaX;
        col += stepX;
        side = 0;
      } else {
        sideY += deltaY;
        row += stepY;
        side = 1;
      }
      code = tileAt(map, col, row);
      if (isWall(code)) break;
    }
    const dist = Math.max(1e-4, side === 0 ? sideX - deltaX : sideY - deltaY);
    depth[x] = dist;
    const hit = side === 0 ? cam.y + dist * rayY : cam.x + dist * rayX;
    let u = texel(hit);
    if ((side === 0 && rayX > 0) || (side === 1 && rayY < 0)) u = T - 1 - u;
    const wall = (walls[(code - WALL) % walls.length] as Texture).data;
    const half = (focal * EYE_HEIGHT) / dist;
    const top = horizon - half;
    const bottom = horizon + half;
    const wallShade = light(dist) * (side === 1 ? SIDE_SHADE : 1);
    const vScale = T / (2 * half);
    for (let y = 0; y < height; y++) {
      const p = (y * width + x) * 3;
      const cy = y + 0.5;
      let tex: Uint8Array;
      let t: number;
      let shade: number;
      if (cy >= top && cy < bottom) {
        const v = Math.min(T - 1, ((cy - top) * vScale) | 0);
        tex = wall;
        t = (v * T + u) * 3;
        shade = wallShade;
      } else if (cy < horizon && style.sky) {
        out[p] = rows.sky[y * 3] as number;
        out[p + 1] = rows.sky[y * 3 + 1] as number;
        out[p + 2] = rows.sky[y * 3 + 2] as number;
        continue;
      } else {
        const d = rows.dist[y] as number;
        const wx = cam.x + d * rayX;
        const wy = cam.y + d * rayY;
        const c = Math.floor(wx);
        const r = Math.floor(wy);
        tex = ceiling.data;
        if (cy > horizon) {
          const k =
            c >= 0 && r >= 0 && c < mapW && r < mapH ? (tiles[r * mapW + c] as number) : FLOOR;
          tex = k === PIT ? pit.data : k === STEP ? step.data : floor.data;
        }
        t = ((((wy - r) * T) | 0) * T + (((wx - c) * T) | 0)) * 3;
        shade = rows.light[y] as number;
      }
      out[p] = (tex[t] as number) * shade;
      out[p + 1] = (tex[t + 1] as number) * shade;
      out[p + 2] = (tex[t + 2] as number) * shade;
    }
  }
}
