/**
 * The maze tasks of labyrinth-transfer, how each is built (frame side, frame skip),
 * the frame sides their grid fits, and the app's own flags; no tensor imports, so
 * that the command line's `--help` can name them and `benchmarks/` can build the
 * same tasks (`@pathnet/labyrinth-transfer/mazes`).
 */
import { envSpec } from '@pathnet/envs';
import { DEFAULT_DUPLICATION_RATE } from '@pathnet/evolution';
import type { EnvSpec } from '@pathnet/experiments';
import { BOUNDS, numberFlag, switchFlag } from '@pathnet/experiments/cli';

/** The three maze tasks, in matrix order. */
export const MAZES = ['lab/SeekavoidArena01-v0', 'lab/LtChasm-v0', 'lab/StairwayToMelon-v0'];

/**
 * A maze task at frame side `size`, each action repeated for `skip` frames (no max-pool:
 * the mazes do not flicker) and its time limit ÷ `skip` steps, rounded up, so that an
 * episode lasts the task's frames.
 */
export function mazeSpec(id: string, size: number, skip: number): EnvSpec {
  if (skip === 1) return { id, options: { size } };
  const limit = envSpec(id).maxEpisodeSteps;
  return {
    id,
    options: { size },
    wrappers: { frameSkip: skip, maxPool: false },
    maxEpisodeSteps: limit === null ? null : Math.ceil(limit / skip),
  };
}

/** Frame sides the Labyrinth grid's convolutions fit (8/4 → 4/2 → 3/1 need ≥ 36 pixels). */
export const SIZE_BOUND = { integer: true, min: 36, max: 1024 };

/** Frame skips `--frame-skip` accepts. */
export const FRAME_SKIP_BOUND = { integer: true, min: 1, max: 16 };

/** `--size`, `--frame-skip`, `--duplication-rate` and `--no-duplication`. */
export const LABYRINTH_FLAGS = [
  numberFlag(
    '--size <px>',
    'frame side, 36–1024: 84 (the paper), or e.g. 42 for cheap runs',
    SIZE_BOUND,
    {
      default: 84,
    },
  ),
  numberFlag(
    '--frame-skip <k>',
    "frames each action is repeated for, 1–16 (DeepMind Lab agents' usual action repeat: 4); " +
      'every frame counts toward --frames, and the time limit in steps is divided by k, so an ' +
      "episode's length in frames is the task's",
    FRAME_SKIP_BOUND,
    { default: 1 },
  ),
  numberFlag(
    '--duplication-rate <p>',
    'probability per pathway evaluation of a module duplication',
    BOUNDS.probability,
    { default: DEFAULT_DUPLICATION_RATE },
  ),
  switchFlag('--no-duplication', 'the ablation: no module duplication'),
];
