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
export {
  MINATAR_CHANNEL_GROUPS,
  MINATAR_LAYOUTS,
  MINATAR_PADDED_CHANNELS,
  MINATAR_SEMANTIC_CHANNELS,
  type MinAtarLayout,
  SEMANTIC_GROUPS,
  type SemanticGroup,
  semanticTargets,
} from './layout.js';
export { Seaquest } from './seaquest.js';
export { SpaceInvaders } from './space-invaders.js';
