/**
 * The maze tasks of labyrinth-transfer, the frame sides their grid fits, and the
 * app's own flags; no tensor imports, so that the command line's `--help` can name them.
 */
import { DEFAULT_DUPLICATION_RATE } from '@pathnet/evolution';
import { BOUNDS, numberFlag, switchFlag } from '@pathnet/experiments/cli';

/** The three maze tasks, in matrix order. */
export const MAZES = ['lab/SeekavoidArena01-v0', 'lab/LtChasm-v0', 'lab/StairwayToMelon-v0'];

/** Frame sides the Labyrinth grid's convolutions fit (8/4 → 4/2 → 3/1 need ≥ 36 pixels). */
export const SIZE_BOUND = { integer: true, min: 36, max: 1024 };

/** `--size`, `--duplication-rate` and `--no-duplication`. */
export const LABYRINTH_FLAGS = [
  numberFlag(
    '--size <px>',
    'frame side: 84 (the paper) or smaller, e.g. 42, for cheap runs',
    SIZE_BOUND,
    {
      default: 84,
    },
  ),
  numberFlag(
    '--duplication-rate <p>',
    'probability per pathway evaluation of a module duplication',
    BOUNDS.probability,
    { default: DEFAULT_DUPLICATION_RATE },
  ),
  switchFlag('--no-duplication', 'the ablation: no module duplication'),
];
