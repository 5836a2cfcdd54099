/**
 * Gymnasium-style reinforcement-learning environments: MinAtar games and
 * first-person 3D mazes in TypeScript, Atari through ale-py, composable wrappers, a registry and a checker.
 *
 * @packageDocumentation
 */
export { ALE_DEFAULTS, AleEnv, type AleOptions, aleBridgeScript } from './ale.js';
export { ALE_GAMES, aleGameName } from './ale-games.js';
export { type CheckEnvOptions, type CheckEnvReport, checkEnv } from './check.js';
export { CARTPOLE_THETA_LIMIT, CARTPOLE_X_LIMIT, CartPole } from './classic/cartpole.js';
export {
  BaseEnv,
  type Env,
  type Info,
  type RenderedImage,
  type ResetArgs,
  type ResetResult,
  type StepResult,
  unwrapEnv,
  Wrapper,
} from './env.js';
export {
  AleBridgeError,
  AleUnavailableError,
  EnvCheckError,
  EnvClosedError,
  InvalidActionError,
  InvalidEnvIdError,
  InvalidEnvOptionError,
  ResetNeededError,
} from './errors.js';
export * from './lab/index.js';
export * from './minatar/index.js';
export {
  ATARI_PREPROCESSING,
  type EnvSpec,
  type EnvSpecInput,
  envIds,
  envSpec,
  type MakeEnvOptions,
  makeEnv,
  registerEnv,
  unregisterEnv,
  type WrapperConfig,
} from './registry.js';
export { renderGrid, renderRgb } from './render.js';
export { DEFAULT_SEED, deriveSeed, EnvRng } from './rng.js';
export {
  type BoxSpace,
  box,
  boxSize,
  contains,
  type DiscreteSpace,
  type Dtype,
  describeSpace,
  discrete,
  type Observation,
  type Space,
  sample,
} from './spaces.js';
export { ClipReward } from './wrappers/clip-reward.js';
export {
  EpisodeStatistics,
  type EpisodeSummary,
  rawEpisodeReturn,
} from './wrappers/episode-statistics.js';
export { FrameSkip } from './wrappers/frame-skip.js';
export { FrameStack } from './wrappers/frame-stack.js';
export { GrayscaleResize } from './wrappers/grayscale-resize.js';
export { NoopReset } from './wrappers/noop-reset.js';
export { StickyActions } from './wrappers/sticky-actions.js';
export { TimeLimit } from './wrappers/time-limit.js';
