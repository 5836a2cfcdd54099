export { Asterix } from './asterix.js';
export { Breakout } from './breakout.js';
export { Freeway } from './freeway.js';
export {
  type GameAction,
  GRID,
  MINATAR_ACTIONS,
  MINATAR_DEFAULTS,
  MinAtarEnv,
  type MinAtarGame,
  type MinAtarOptions,
} from './game.js';
export { Seaquest } from './seaquest.js';
export { SpaceInvaders } from './space-invaders.js';
