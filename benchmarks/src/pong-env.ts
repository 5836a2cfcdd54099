/**
 * Registers `bench/Pong84-v5`: ALE Pong through the ALE bridge of
 * `@pathnet/envs` with the A3C preprocessing the PyTorch reference
 * (`benchmarks/python/a3c_reference.py --env pong`) reproduces: sticky actions
 * 0.25 and 4 emulator frames per step inside the bridge (rewards summed),
 * ALE's grayscale screen resized by area averaging to 84×84, rewards clipped
 * to their sign, 4 stacked frames → `uint8 [4, 84, 84]`. A module of its own
 * so that `trainA3CThreads` can `preload` it in every thread. The Python is
 * `PATHNET_PYTHON`, else the repository's `.reference-venv`.
 */
import path from 'node:path';
import { ALE_DEFAULTS, AleEnv, type AleOptions, envIds, registerEnv } from '@pathnet/envs';
import { REPO_ROOT } from './reference.js';

/** The registered id. */
export const PONG_84 = 'bench/Pong84-v5';

/** The Python with ale-py the bridge runs on. */
export const PONG_PYTHON =
  process.env.PATHNET_PYTHON ?? path.join(REPO_ROOT, '.reference-venv', 'bin', 'python');

if (!envIds().includes(PONG_84)) {
  registerEnv<AleOptions>(PONG_84, {
    create: (o, id) => new AleEnv(id, o),
    defaults: {
      ...ALE_DEFAULTS,
      game: 'pong',
      obsType: 'grayscale',
      frameskip: 4,
      python: PONG_PYTHON,
    },
    wrappers: { grayscaleResize: 84, clipRewards: true, frameStack: 4 },
    description: 'ALE Pong, 4 frames per step, 84×84 grayscale, clipped rewards, 4 stacked frames',
  });
}
