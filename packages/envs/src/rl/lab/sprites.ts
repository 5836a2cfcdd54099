/**
 * Objects of the maze world (apples, lemons, melons) and their billboard
 * sprites: each object is a picture that always faces the camera, standing on
 * the floor, scaled by `1 / depth`, drawn far to near and hidden column by
 * column wherever a wall is nearer (the raycaster's depth buffer), so it is
 * depth-correct against walls and against other sprites.
 *
 * @packageDocumentation
 */
import { type Camera, EYE_HEIGHT, light, projection } from './raycaster.js';

/** The kinds of objects, after DeepMind Lab's fruit: apples and melons are good, lemons bad. */
export type ObjectKind = 'apple' | 'lemon' | 'melon';

/** An object lying in the world. */
export interface WorldObject {
  readonly kind: ObjectKind;
  /** Centre, in world units. */
  readonly x: number;
  readonly y: number;
  /** Reward for touching it (it then disappears). */
  readonly reward: number;
  /** Whether touching it ends the episode (a goal). */
  readonly terminal: boolean;
}

/** Side of a sprite picture in texels. */
const SPRITE_SIZE = 16;

/** A sprite: RGBA texels, alpha 0 (transparent) or 255, and its height in world units. */
interface Sprite {
  readonly rgba: Uint8Array;
  readonly size: number;
}

function draw(
  size: number,
  shade: (u: number, v: number) => readonly [number, number, number] | null,
): Sprite {
  const rgba = new Uint8Array(SPRITE_SIZE * SPRITE_SIZE * 4);
  for (let v = 0; v < SPRITE_SIZE; v++) {
    for (let u = 0; u < SPRITE_SIZE; u++) {
      const c = shade(u, v);
      if (c === null) continue;
      const i = (v * SPRITE_SIZE + u) * 4;
      rgba.set([c[0], c[1], c[2], 255], i);
    }
  }
  return { rgba, size };
}

/** A lit ellipse of `colour` centred in the sprite with radii `rx`, `ry` (texels). */
function fruit(
  colour: readonly [number, number, number],
  rx: number,
  ry: number,
  cy: number,
  stripes: boolean,
) {
  return (u: number, v: number): readonly [number, number, number] | null => {
    const dx = (u + 0.5 - 8) / rx;
    const dy = (v + 0.5 - cy) / ry;
    const r2 = dx * dx + dy * dy;
    if (r2 > 1) return null;
    const lit = 0.65 + 0.45 * Math.max(0, -0.5 * dx - 0.6 * dy + 0.6 * Math.sqrt(1 - r2));
    const band = stripes && Math.floor((dx + 1) * 3.5) % 2 === 1 ? 0.7 : 1;
    return [colour[0] * lit * band, colour[1] * lit * band, colour[2] * lit * band];
  };
}

let sprites: Record<ObjectKind, Sprite> | undefined;

/** The sprite of each object kind, drawn on first use. */
export function spriteOf(kind: ObjectKind): Sprite {
  sprites ??= {
    apple: draw(0.45, (u, v) => {
      if (v < 4 && u >= 8 && u <= 11 && v >= 1 + (11 - u)) return [40, 150, 40];
      if (v < 5 && u === 8) return [90, 60, 30];
      return fruit([215, 30, 30], 6.5, 6, 10, false)(u, v);
    }),
    lemon: draw(0.45, fruit([235, 215, 40], 7.5, 5, 10.5, false)),
    melon: draw(0.7, fruit([60, 170, 60], 7.5, 7.5, 8, true)),
  };
  return sprites[kind];
}

/**
 * Draws `objects` as billboards over a frame rendered by `renderView`.
 *
 * @param out - RGB frame `uint8 [height, width, 3]`, drawn over.
 * @param depth - `Float32Array [width]` of wall distances from `renderView`.
 */
export function drawSprites(
  out: Uint8Array,
  width: number,
  height: number,
  cam: Camera,
  objects: readonly WorldObject[],
  depth: Float32Array,
): void {
  const { focal, dirX, dirY, planeX, planeY } = projection(cam, width);
  const inv = 1 / (planeX * dirY - dirX * planeY);
  const seen = objects
    .map((o) => {
      const sx = o.x - cam.x;
      const sy = o.y - cam.y;
      return {
        o,
        across: inv * (dirY * sx - dirX * sy),
        along: inv * (-planeY * sx + planeX * sy),
      };
    })
    .filter((s) => s.along > 0.05)
    .sort((a, b) => b.along - a.along);
  const horizon = height / 2;
  for (const { o, across, along } of seen) {
    const sprite = spriteOf(o.kind);
    const screenX = (width / 2) * (1 + across / along);
    const side = (focal * sprite.size) / along;
    const bottom = horizon + (focal * EYE_HEIGHT) / along;
    const top = bottom - side;
    const left = screenX - side / 2;
    const shade = light(along);
    const x0 = Math.max(0, Math.floor(left));
    const x1 = Math.min(width - 1, Math.ceil(left + side));
    const y0 = Math.max(0, Math.floor(top));
    const y1 = Math.min(height - 1, Math.ceil(bottom));
    for (let x = x0; x <= x1; x++) {
      if (along >= (depth[x] as number)) continue;
      const u = Math.floor(((x + 0.5 - left) / side) * SPRITE_SIZE);
      if (u < 0 || u >= SPRITE_SIZE) continue;
      for (let y = y0; y <= y1; y++) {
        const v = Math.floor(((y + 0.5 - top) / side) * SPRITE_SIZE);
        if (v < 0 || v >= SPRITE_SIZE) continue;
        const t = (v * SPRITE_SIZE + u) * 4;
        if (sprite.rgba[t + 3] === 0) continue;
        const p = (y * width + x) * 3;
        out[p] = (sprite.rgba[t] as number) * shade;
        out[p + 1] = (sprite.rgba[t + 1] as number) * shade;
        out[p + 2] = (sprite.rgba[t + 2] as number) * shade;
      }
    }
  }
}
