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
import { isWall, PIT, STEP, type TileMap, tileAt, WALL } from './map.js';
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

function put(out: Uint8Array, p: number, tex: Texture, u: number, v: number, shade: number): void {
  const t = (v * TEXTURE_SIZE + u) * 3;
  out[p] = (tex.data[t] as number) * shade;
  out[p + 1] = (tex.data[t + 1] as number) * shade;
  out[p + 2] = (tex.data[t + 2] as number) * shade;
}

function texel(w: number): number {
  return Math.min(TEXTURE_SIZE - 1, Math.floor((w - Math.floor(w)) * TEXTURE_SIZE));
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
  const floors = floorTextures();
  const horizon = height / 2;
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
    if ((side === 0 && rayX > 0) || (side === 1 && rayY < 0)) u = TEXTURE_SIZE - 1 - u;
    const tex = walls[(code - WALL) % walls.length] as Texture;
    const half = (focal * EYE_HEIGHT) / dist;
    const top = horizon - half;
    const wallShade = light(dist) * (side === 1 ? SIDE_SHADE : 1);
    for (let y = 0; y < height; y++) {
      const p = (y * width + x) * 3;
      const cy = y + 0.5;
      if (cy >= top && cy < horizon + half) {
        const v = Math.min(TEXTURE_SIZE - 1, Math.floor(((cy - top) / (2 * half)) * TEXTURE_SIZE));
        put(out, p, tex, u, v, wallShade);
        continue;
      }
      const below = cy > horizon;
      if (!below && style.sky) {
        const s = cy / horizon;
        out[p] = 70 + 90 * s;
        out[p + 1] = 120 + 80 * s;
        out[p + 2] = 200 + 40 * s;
        continue;
      }
      const rowDist = (focal * EYE_HEIGHT) / Math.abs(cy - horizon);
      const wx = cam.x + rowDist * rayX;
      const wy = cam.y + rowDist * rayY;
      let surface = floors.ceiling;
      if (below) {
        const t = tileAt(map, Math.floor(wx), Math.floor(wy));
        surface = t === PIT ? floors.pit : t === STEP ? floors.step : floors.floor;
      }
      put(out, p, surface, texel(wx), texel(wy), light(rowDist));
    }
  }
}
