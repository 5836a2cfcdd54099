/**
 * The first-person maze environments (`lab/*` of @pathnet/envs, the Labyrinth tasks of
 * Fernando et al. 2017, Sec. 3.4): frames/s with a uniformly random agent at 84×84 and at
 * 42×42, and the time per frame of the environment beside the time per frame of the
 * network that would act on it — `PathNet` with `presets.labyrinth()` (4 layers, 10 modules,
 * N = 4; conv 8/4, 4/2, 3/1, dense 50) on the fused engine, one thread, input the RGB frame
 * `[84, 84, 3]` scaled to [0, 1], readout 6 policy logits + 1 value, one forward pass per frame.
 */
import { initBackend } from '@pathnet/backend';
import { PathNet, presets } from '@pathnet/core';
import { EnvRng, MAZE_ACTIONS, makeEnv } from '@pathnet/envs';
import { rate } from './machine.js';

/** The registered maze ids. */
export const MAZE_IDS = ['lab/SeekavoidArena01-v0', 'lab/LtChasm-v0', 'lab/StairwayToMelon-v0'];

/** One environment at one frame size. */
export interface MazeRate {
  env: string;
  /** Side of the square frame. */
  size: number;
  framesPerS: number;
}

/** What {@link measureMazes} returns. */
export interface MazeRates {
  envs: MazeRate[];
  /** Forward passes per second of one pathway on one 84×84×3 frame (batch 1). */
  networkForwardsPerS: number;
  /** Per task at 84×84: milliseconds per frame of the environment and of the network, and env ÷ network. */
  ratios: { env: string; envMs: number; networkMs: number; ratio: number }[];
}

const PATHWAY = [
  [0, 1, 2, 3],
  [4, 5, 6, 7],
  [1, 3, 8, 9],
  [0, 2, 5, 7],
];

function envRate(id: string, size: number, seconds: number): MazeRate {
  const env = makeEnv(id, { options: { size } });
  const rng = new EnvRng(123);
  env.reset({ seed: 1 });
  const r = rate(
    () => {
      const s = env.step(rng.int(MAZE_ACTIONS.length));
      if (s.terminated || s.truncated) env.reset({});
    },
    seconds,
    3,
    50,
  );
  env.close();
  return { env: id, size, framesPerS: r.perSecond };
}

/**
 * Measures every maze task at 84 and 42 pixels, then the network's forward pass per frame.
 * @param seconds - time per case (split into windows; the best window counts).
 */
export async function measureMazes(seconds: number): Promise<MazeRates> {
  const envs = MAZE_IDS.flatMap((id) => [84, 42].map((size) => envRate(id, size, seconds)));
  await initBackend({ backend: 'cpu' });
  const net = await PathNet.create(presets.labyrinth({ inputShape: [84, 84, 3] }), {
    seed: 1,
    engine: 'fused',
    threads: 1,
  }).ready();
  net.addReadout('lab', MAZE_ACTIONS.length + 1, 2);
  const frame = makeEnv(MAZE_IDS[0] as string).reset({ seed: 1 }).observation;
  const x = new Float32Array(frame.length);
  let networkForwardsPerS: number;
  try {
    networkForwardsPerS = rate(
      () => {
        for (let i = 0; i < frame.length; i++) x[i] = (frame[i] as number) / 255;
        net.forward(PATHWAY, 'lab', x, 1);
      },
      seconds,
      3,
      20,
    ).perSecond;
  } finally {
    net.dispose();
  }
  const networkMs = 1000 / networkForwardsPerS;
  const ratios = envs
    .filter((e) => e.size === 84)
    .map((e) => {
      const envMs = 1000 / e.framesPerS;
      return { env: e.env, envMs, networkMs, ratio: envMs / networkMs };
    });
  return { envs, networkForwardsPerS, ratios };
}
