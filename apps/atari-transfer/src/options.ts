/**
 * The tasks and grid of the Atari transfer experiment (Fernando et al. 2017,
 * Sec. 3.3): MinAtar by default, real Atari through ALE with `--ale`.
 */
import { type PathNetConfig, presets } from '@pathnet/core';
import { ATARI_PREPROCESSING } from '@pathnet/envs';
import { type EnvSpec, minatarSpecs, type TransferLayout } from '@pathnet/experiments';
import { ALE_GAMES } from './games.js';

export { ALE_GAMES };

/**
 * The five MinAtar games in one layout: the `-v0` ids (all six actions:
 * no-op, left, up, right, down, fire) and frames padded with zero channels to
 * Seaquest's 10. Any pair can then transfer with nothing changed but the task:
 * the grid's first layer reads the same `[10, 10, 10]` input, and B's new
 * readout has the same six outputs as A's with each index meaning the same
 * move in every game. The games with smaller minimal sets (Breakout and
 * Freeway 3, Space Invaders 4, Asterix 5) pay for it with a few actions that
 * do what another does or nothing.
 */
export const MINATAR_CHANNELS = 10;
/** The five MinAtar games, in matrix order. */
export const MINATAR_GAMES = ['Breakout', 'Asterix', 'Freeway', 'Seaquest', 'SpaceInvaders'];
export const MINATAR_TASKS: EnvSpec[] = minatarSpecs(MINATAR_GAMES, 'padded').tasks;

/**
 * The MinAtar tasks and grid of `--layout`: `padded` ({@link MINATAR_TASKS}, 10 channels)
 * or `semantic` (15 channels meaning the same object kind in every game).
 */
export function minatarSetup(layout: TransferLayout): { tasks: EnvSpec[]; grid: PathNetConfig } {
  const { tasks, channels } = minatarSpecs(MINATAR_GAMES, layout);
  return { tasks, grid: minatarGrid(channels) };
}

/**
 * The MinAtar grid, shaped like the paper's Atari grid (L=4, M=10, N=4; three
 * conv layers of 8-filter modules, then a dense layer of 50 units, ReLU, sum)
 * but sized for 10×10 frames: 3×3 kernels with stride 1 (10 → 8 → 6 → 4),
 * where the paper's 8/4/3 kernels with strides 4/2/1 would not fit.
 */
export function minatarGrid(channels = MINATAR_CHANNELS): PathNetConfig {
  const conv = {
    module: { kind: 'conv2d' as const, filters: 8, kernelSize: 3, strides: 1 },
    activation: 'relu' as const,
    reduction: 'sum' as const,
  };
  return {
    inputShape: [10, 10, channels],
    layers: [
      conv,
      conv,
      conv,
      { module: { kind: 'dense', units: 50 }, activation: 'relu', reduction: 'sum' },
    ],
    modulesPerLayer: 10,
    maxActivePerLayer: 4,
  };
}

/**
 * Real Atari through ale-py: `ale/<Game>-v5` with the DQN/A3C preprocessing
 * (no-op starts, frame skip 4 with max-pooling, grayscale 84×84, rewards
 * clipped, 4 frames stacked) and each game's minimal action set (the readout
 * is new for B in every condition, so the sets need not match; the full
 * 18-action set would slow every game's learning). Grid: `presets.atari()`,
 * the paper's.
 */
export const aleTask = (game: string): EnvSpec => ({
  id: `ale/${game}-v5`,
  options: { frameskip: 1 },
  wrappers: { ...ATARI_PREPROCESSING },
});
export const aleGrid = (): PathNetConfig => presets.atari({ inputShape: [84, 84, 4] });
