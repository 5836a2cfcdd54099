/**
 * Procedural textures of the maze world: walls, floor, ceiling, stair steps and
 * pits. They are drawn once at first use from fixed formulas (no randomness), so
 * every frame of every seed uses the same pictures.
 *
 * @packageDocumentation
 */

/** Side of every texture, in texels. */
export const TEXTURE_SIZE = 32;

/** A square RGB texture: `data[(v · TEXTURE_SIZE + u) · 3 + c]`, `u` across, `v` down. */
export interface Texture {
  readonly data: Uint8Array;
}

type Rgb = readonly [number, number, number];

/** A deterministic value in [0, 1) per texel and salt (an integer hash). */
function grain(u: number, v: number, salt: number): number {
  let h = Math.imul(u + 1, 0x27d4eb2d) ^ Math.imul(v + 7, 0x165667b1) ^ Math.imul(salt, 0x9e3779b9);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

function paint(shade: (u: number, v: number) => Rgb): Texture {
  const data = new Uint8Array(TEXTURE_SIZE * TEXTURE_SIZE * 3);
  for (let v = 0; v < TEXTURE_SIZE; v++) {
    for (let u = 0; u < TEXTURE_SIZE; u++) {
      const [r, g, b] = shade(u, v);
      const i = (v * TEXTURE_SIZE + u) * 3;
      data[i] = Math.max(0, Math.min(255, Math.round(r)));
      data[i + 1] = Math.max(0, Math.min(255, Math.round(g)));
      data[i + 2] = Math.max(0, Math.min(255, Math.round(b)));
    }
  }
  return { data };
}

function scale(c: Rgb, f: number): Rgb {
  return [c[0] * f, c[1] * f, c[2] * f];
}

/** Bricks in `colour` with light mortar; rows of 8 texels, every other row offset by half a brick. */
function bricks(colour: Rgb, mortar: Rgb, salt: number): Texture {
  return paint((u, v) => {
    const row = v >> 3;
    const x = (u + (row % 2) * 8) % 16;
    if (v % 8 === 7 || x === 15) return mortar;
    const brick = grain(((u + (row % 2) * 8) >> 4) & 1, row, salt);
    return scale(colour, 0.8 + 0.25 * brick + 0.12 * grain(u, v, salt + 1));
  });
}

/** Large square blocks with dark seams and a bevelled light edge. */
function blocks(colour: Rgb, salt: number): Texture {
  return paint((u, v) => {
    const x = u % 16;
    const y = v % 16;
    if (x === 15 || y === 15) return scale(colour, 0.45);
    if (x === 0 || y === 0) return scale(colour, 1.2);
    return scale(colour, 0.85 + 0.2 * grain(u >> 2, v >> 2, salt) + 0.08 * grain(u, v, salt));
  });
}

/** Vertical planks with dark gaps and wood grain. */
function planks(colour: Rgb, salt: number): Texture {
  return paint((u, v) => {
    if (u % 8 === 7) return scale(colour, 0.4);
    const wave = Math.sin((v + 5 * grain(u >> 3, 0, salt)) * 0.6) * 0.08;
    return scale(colour, 0.9 + wave + 0.1 * grain(u, v, salt));
  });
}

/** Metal panels with rivets in the corners. */
function panels(colour: Rgb, salt: number): Texture {
  return paint((u, v) => {
    const x = u % 16;
    const y = v % 16;
    if (x === 0 || y === 0) return scale(colour, 0.5);
    if ((x === 2 || x === 13) && (y === 2 || y === 13)) return [230, 230, 230];
    return scale(colour, 0.95 + 0.1 * grain(u, v, salt) - 0.01 * y);
  });
}

/** Wall textures, by index (`WALL + k` in the map uses `WALL_TEXTURES[k]`). */
export const WALL_TEXTURE_NAMES = [
  'red bricks',
  'grey blocks',
  'blue panels',
  'wood planks',
  'sandstone bricks',
  'green blocks',
] as const;

/** Textures of the floor kinds and the ceiling. */
export interface FloorTextures {
  readonly floor: Texture;
  readonly step: Texture;
  readonly pit: Texture;
  readonly ceiling: Texture;
}

let walls: Texture[] | undefined;
let floors: FloorTextures | undefined;

/** The wall textures of {@link WALL_TEXTURE_NAMES}, drawn on first use. */
export function wallTextures(): readonly Texture[] {
  walls ??= [
    bricks([150, 52, 40], [190, 180, 165], 1),
    blocks([120, 120, 125], 2),
    panels([50, 90, 170], 3),
    planks([140, 95, 50], 4),
    bricks([200, 170, 100], [120, 100, 70], 5),
    blocks([60, 130, 70], 6),
  ];
  return walls;
}

/** The floor, stair-step, pit and ceiling textures, drawn on first use. */
export function floorTextures(): FloorTextures {
  floors ??= {
    floor: paint((u, v) => {
      const checker = ((u >> 4) + (v >> 4)) % 2 === 0 ? 1 : 0.85;
      const seam = u % 16 === 0 || v % 16 === 0 ? 0.7 : 1;
      return scale([150, 140, 120], checker * seam * (0.92 + 0.12 * grain(u, v, 11)));
    }),
    step: paint((u, v) => {
      const edge = v % 8;
      const f = edge === 0 ? 1.25 : edge === 7 ? 0.45 : 0.95 - 0.04 * edge;
      return scale([190, 150, 90], f * (0.95 + 0.1 * grain(u, v, 12)));
    }),
    pit: paint((u, v) => {
      const dx = Math.min(u, TEXTURE_SIZE - 1 - u);
      const dy = Math.min(v, TEXTURE_SIZE - 1 - v);
      const rim = Math.min(dx, dy);
      if (rim < 2) return [90, 70, 50];
      return scale([30, 18, 40], 0.6 + 0.4 * grain(u, v, 13) - Math.min(0.5, rim / 24));
    }),
    ceiling: paint((u, v) => {
      const seam = u % 16 === 0 || v % 16 === 0 ? 0.6 : 1;
      return scale([95, 100, 115], seam * (0.95 + 0.1 * grain(u, v, 14)));
    }),
  };
  return floors;
}
