/**
 * `lt_chasm`, in the spirit of the DeepMind Lab map of that name (Beattie et al.
 * 2016): a maze of corridors with apples (+1 each) to collect and pits (chasms)
 * in the floor; walking into a pit ends the episode at once (no further reward),
 * so the agent must see the pits on the floor and go round them. The episode
 * also ends when every apple is eaten (or at the time limit).
 *
 * Layout from the seed: a `mazeSize × mazeSize`-cell maze (recursive backtracker)
 * with a fraction `loops` of its dead ends opened into loops, each quadrant with
 * its own wall texture; the agent on a random tile facing an open corridor; `pits`
 * pits on corridor tiles away from the start, each only where the tiles left
 * walkable stay connected (a pit is a detour, never a wall that cuts off apples);
 * `apples` apples at the centres of distinct remaining tiles.
 *
 * @packageDocumentation
 */
import { checkProbability, InvalidEnvOptionError } from '../errors.js';
import type { EnvRng } from '../rng.js';
import { mazeLevel, squareMaze } from './level.js';
import {
  braid,
  type Cell,
  centre,
  connected,
  FLOOR,
  openHeading,
  PIT,
  pickDistinct,
  setTile,
  walkableCells,
} from './map.js';
import { checkIntOption, type MazeLevel, type MazeOptions, type MazeTask } from './maze-env.js';

/** Options of `lt_chasm`. */
export interface ChasmOptions extends MazeOptions {
  /** Maze side in cells (the map is `2·mazeSize + 1` tiles), integer in [2, 32]; default 5. */
  mazeSize: number;
  /** Probability that a dead end is opened into a loop, in [0, 1]; default 0.6. */
  loops: number;
  /** Pits, integer in [0, 256]; default 4 (fewer where no more fit without cutting the maze). */
  pits: number;
  /** Apples (+1 each), integer in [1, 256]; default 6. */
  apples: number;
}

/** Defaults of the task's own options. */
export const CHASM_DEFAULTS = Object.freeze({ mazeSize: 5, loops: 0.6, pits: 4, apples: 6 });

function validate(id: string, o: ChasmOptions): void {
  checkIntOption(id, 'mazeSize', o.mazeSize, 2, 32);
  checkProbability(id, 'loops', o.loops);
  checkIntOption(id, 'pits', o.pits, 0, 256);
  checkIntOption(id, 'apples', o.apples, 1, 256);
  const room = 2 * o.mazeSize * o.mazeSize - 2;
  if (o.apples + o.pits > room)
    throw new InvalidEnvOptionError(
      id,
      'apples',
      o.apples,
      `apples + pits <= ${room} for mazeSize ${o.mazeSize}`,
    );
}

function generate(rng: EnvRng, o: ChasmOptions): MazeLevel {
  const map = squareMaze(rng, o.mazeSize);
  braid(rng, map, o.loops);
  const tiles = walkableCells(map);
  const start = tiles[rng.int(tiles.length)] as Cell;
  const angle = openHeading(rng, map, start);
  const near = (c: Cell) => Math.abs(c.col - start.col) + Math.abs(c.row - start.row) <= 2;
  const candidates = pickDistinct(
    rng,
    tiles.filter((c) => !near(c)),
    tiles.length,
  );
  let pits = 0;
  for (const c of candidates) {
    if (pits === o.pits) break;
    setTile(map, c.col, c.row, PIT);
    if (connected(map)) pits++;
    else setTile(map, c.col, c.row, FLOOR);
  }
  const free = walkableCells(map).filter((c) => c.col !== start.col || c.row !== start.row);
  const objects = pickDistinct(rng, free, o.apples).map((c) => ({
    kind: 'apple' as const,
    ...centre(c),
    reward: 1,
    terminal: false,
  }));
  return mazeLevel(map, start, angle, objects, { endWhenCollected: true, style: { sky: false } });
}

/** The `lt_chasm` task (see the module comment). */
export const LT_CHASM: MazeTask<ChasmOptions> = { validate, generate };
