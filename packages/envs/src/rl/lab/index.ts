/**
 * First-person 3D maze environments in the spirit of the DeepMind Lab levels of
 * PathNet's Labyrinth experiment (Fernando et al. 2017, Sec. 3.4).
 *
 * @packageDocumentation
 */
export { CHASM_DEFAULTS, type ChasmOptions, LT_CHASM } from './chasm.js';
export { FLOOR, PIT, STEP, type TileMap, WALL } from './map.js';
export {
  AGENT_RADIUS,
  MAZE_ACTIONS,
  MAZE_DEFAULTS,
  MazeEnv,
  type MazeLevel,
  type MazeOptions,
  type MazeTask,
  TOUCH_DISTANCE,
} from './maze-env.js';
export { shortestPathAction } from './oracle.js';
export { SEEKAVOID_ARENA, SEEKAVOID_DEFAULTS, type SeekAvoidOptions } from './seekavoid-arena.js';
export type { ObjectKind, WorldObject } from './sprites.js';
export { STAIRWAY_DEFAULTS, STAIRWAY_TO_MELON, type StairwayOptions } from './stairway-to-melon.js';
