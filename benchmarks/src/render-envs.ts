/**
 * `npm run render-envs -w benchmarks [-- --out DIR --maze-out DIR]`: one random-agent
 * episode per MinAtar game, up to 12 evenly spaced frames side by side in a PNG
 * (16×16 px per grid cell, one colour per object channel); and one episode of the
 * route-following agent (`shortestPathAction`) per first-person maze task: the map
 * seen from above at the start, then 6 evenly spaced 84×84 frames, each pixel 2×2.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  EnvRng,
  type MazeEnv,
  makeEnv,
  PIT,
  renderGrid,
  renderRgb,
  STEP,
  shortestPathAction,
  type TileMap,
  WALL,
  type Wrapper,
} from '@pathnet/envs';
import { Command } from 'commander';
import { PNG } from 'pngjs';

const { out, mazeOut } = new Command('render-envs')
  .option('--out <dir>', 'output folder', 'results/minatar')
  .option('--maze-out <dir>', 'output folder of the maze strips', 'results/mazes')
  .parse()
  .opts<{ out: string; mazeOut: string }>();
mkdirSync(out, { recursive: true });
const rng = new EnvRng(2026);
const CELL = 16;
/** Writes RGBA pictures of equal height side by side, 4 white pixels apart, atomically. */
function writeStrip(file: string, images: { width: number; height: number; data: Uint8Array }[]) {
  const height = Math.max(...images.map((i) => i.height));
  const width = images.reduce((w, i) => w + i.width, 0) + 4 * (images.length - 1);
  const png = new PNG({ width, height });
  png.data.fill(255);
  let x0 = 0;
  for (const img of images) {
    for (let y = 0; y < img.height; y++) {
      png.data.set(
        img.data.subarray(y * img.width * 4, (y + 1) * img.width * 4),
        (y * width + x0) * 4,
      );
    }
    x0 += img.width + 4;
  }
  writeFileSync(`${file}.tmp`, PNG.sync.write(png));
  renameSync(`${file}.tmp`, file);
}

for (const game of ['Breakout', 'Asterix', 'Freeway', 'SpaceInvaders', 'Seaquest']) {
  const env = makeEnv(`minatar/${game}-v1`);
  const space = env.observationSpace;
  const actions = env.actionSpace;
  if (space.kind !== 'box' || actions.kind !== 'discrete')
    throw new Error(`${game}: expected a Box observation and Discrete actions`);
  const channels = space.shape[2]!;
  const frames = [env.reset({ seed: 5 }).observation as Uint8Array];
  let episodeReturn = 0;
  for (let t = 0; t < 300; t++) {
    const r = env.step(rng.int(actions.n));
    episodeReturn += r.reward;
    frames.push(r.observation as Uint8Array);
    if (r.terminated) break;
  }
  env.close();
  const k = Math.min(12, frames.length);
  const picked = Array.from(
    { length: k },
    (_, i) => frames[Math.round((i * (frames.length - 1)) / Math.max(1, k - 1))]!,
  );
  const file = path.join(out, `${game}.png`);
  writeStrip(
    file,
    picked.map((obs) => renderGrid(obs, [10, 10, channels], CELL)),
  );
  console.log(`${file}: ${frames.length - 1} steps, return ${episodeReturn}`);
}

/** The map from above, `cell` px per tile: walls grey, pits black, steps orange, fruit as dots, the agent white. */
function mapPicture(env: MazeEnv, cell: number) {
  const { level, objects, x, y } = env.state;
  const map = level?.map as TileMap;
  const width = map.width * cell;
  const height = map.height * cell;
  const data = new Uint8Array(width * height * 4);
  const colour = { apple: [220, 30, 30], lemon: [235, 215, 40], melon: [60, 170, 60] } as const;
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const wx = (px + 0.5) / cell;
      const wy = (py + 0.5) / cell;
      const t = map.tiles[Math.floor(wy) * map.width + Math.floor(wx)] as number;
      let c: readonly number[] =
        t >= WALL
          ? [90, 90, 100]
          : t === PIT
            ? [10, 5, 15]
            : t === STEP
              ? [200, 150, 80]
              : [210, 200, 180];
      for (const o of objects) if (Math.hypot(o.x - wx, o.y - wy) < 0.25) c = colour[o.kind];
      if (Math.hypot(x - wx, y - wy) < 0.3) c = [255, 255, 255];
      if (Math.hypot(x - wx, y - wy) < 0.15) c = [0, 0, 0];
      data.set([c[0] as number, c[1] as number, c[2] as number, 255], (py * width + px) * 4);
    }
  }
  return { width, height, data };
}

/** Whether a tile of kind `code` lies 0.8–3 tiles ahead of the agent, within 40° of its heading, in sight. */
function tileAhead(env: MazeEnv, code: number): boolean {
  const { level, x, y, angle } = env.state;
  const map = level?.map as TileMap;
  const tile = (wx: number, wy: number) =>
    map.tiles[Math.floor(wy) * map.width + Math.floor(wx)] as number;
  for (let r = 0; r < map.height; r++) {
    for (let c = 0; c < map.width; c++) {
      if (map.tiles[r * map.width + c] !== code) continue;
      const d = Math.hypot(c + 0.5 - x, r + 0.5 - y);
      const off = Math.atan2(r + 0.5 - y, c + 0.5 - x) - angle;
      if (
        d < 0.8 ||
        d > 3 ||
        Math.abs(Math.atan2(Math.sin(off), Math.cos(off))) > (40 * Math.PI) / 180
      )
        continue;
      let seen = true;
      for (let k = 1; k < 20 && seen; k++)
        seen = tile(x + ((c + 0.5 - x) * k) / 20, y + ((r + 0.5 - y) * k) / 20) < WALL;
      if (seen) return true;
    }
  }
  return false;
}

mkdirSync(mazeOut, { recursive: true });
const MAZES = [
  ['lab/SeekavoidArena01-v0', 'seekavoid_arena_01', null],
  ['lab/LtChasm-v0', 'lt_chasm', PIT],
  ['lab/StairwayToMelon-v0', 'stairway_to_melon', STEP],
] as const;
/** One episode of the route-following agent: frames, whether each shows `highlight`, the map at the start. */
function episode(id: string, seed: number, highlight: number | null) {
  const env = makeEnv(id);
  const maze = (env as Wrapper).env as MazeEnv;
  const frames = [env.reset({ seed }).observation as Uint8Array];
  const above = mapPicture(
    maze,
    Math.floor(168 / (maze.state.level as { map: TileMap }).map.height),
  );
  const shows: boolean[] = [highlight !== null && tileAhead(maze, highlight)];
  let ret = 0;
  for (;;) {
    const r = env.step(shortestPathAction(maze));
    ret += r.reward;
    frames.push(r.observation as Uint8Array);
    shows.push(highlight !== null && tileAhead(maze, highlight));
    if (r.terminated || r.truncated) break;
  }
  env.close();
  return { seed, frames, shows, above, ret };
}

for (const [id, name, highlight] of MAZES) {
  // The first seed from 1 whose episode shows the task's feature (a pit, the stairway; up to
  // seed 20), frames evenly spaced, the fourth replaced by the first frame showing the feature.
  let run = episode(id, 1, highlight);
  for (let seed = 2; seed <= 20 && highlight !== null && !run.shows.includes(true); seed++)
    run = episode(id, seed, highlight);
  const { seed, frames, shows, above, ret } = run;
  const at = Array.from({ length: 6 }, (_, i) => Math.round((i * (frames.length - 2)) / 5));
  const feature = shows.indexOf(true);
  if (feature >= 0 && !at.includes(feature)) at[3] = feature;
  at.sort((a, b) => a - b);
  const file = path.join(mazeOut, `${name}.png`);
  writeStrip(file, [above, ...at.map((t) => renderRgb(frames[t] as Uint8Array, [84, 84, 3], 2))]);
  console.log(
    `${file}: seed ${seed}, ${frames.length - 1} steps, return ${ret}, frames ${at.join(', ')}`,
  );
}
