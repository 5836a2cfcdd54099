/**
 * `npm run render-envs -w benchmarks [-- --out DIR]`: one random-agent episode
 * per MinAtar game, up to 12 evenly spaced frames side by side in a PNG
 * (16×16 px per grid cell, one colour per object channel).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EnvRng, makeEnv, renderGrid } from '@pathnet/envs';
import { Command } from 'commander';
import { PNG } from 'pngjs';

const { out } = new Command('render-envs')
  .option('--out <dir>', 'output folder', 'results/minatar')
  .parse()
  .opts<{ out: string }>();
mkdirSync(out, { recursive: true });
const rng = new EnvRng(2026);
const CELL = 16;
const SIDE = 10 * CELL;
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
  const width = k * SIDE + (k - 1) * 4;
  const png = new PNG({ width, height: SIDE });
  png.data.fill(255);
  picked.forEach((obs, i) => {
    const img = renderGrid(obs, [10, 10, channels], CELL);
    for (let y = 0; y < SIDE; y++) {
      png.data.set(
        img.data.subarray(y * SIDE * 4, (y + 1) * SIDE * 4),
        (y * width + i * (SIDE + 4)) * 4,
      );
    }
  });
  const file = path.join(out, `${game}.png`);
  writeFileSync(`${file}.tmp`, PNG.sync.write(png));
  renameSync(`${file}.tmp`, file);
  console.log(`${file}: ${frames.length - 1} steps, return ${episodeReturn}`);
}
