/**
 * The maze tasks of labyrinth-transfer and the frame sides their grid fits; no
 * imports, so that the command line's `--help` can name them.
 */

/** The three maze tasks, in matrix order. */
export const MAZES = ['lab/SeekavoidArena01-v0', 'lab/LtChasm-v0', 'lab/StairwayToMelon-v0'];

/** Frame sides the Labyrinth grid's convolutions fit (8/4 → 4/2 → 3/1 need ≥ 36 pixels). */
export const SIZE_BOUND = { integer: true, min: 36, max: 1024 };
