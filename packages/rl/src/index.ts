/**
 * `@pathnet/rl`: A3C (Mnih et al. 2016) with PathNet (Fernando et al. 2017,
 * Sec. 2.2): logical workers, each with one pathway, its own environment,
 * rollout and RNG, train the shared grid through one RMSProp; the
 * asynchronous binary tournament evolves the pathways. `evolve: false` is
 * plain A3C on one fixed pathway.
 *
 * @packageDocumentation
 */
export { type A3CArgs, defaultA3CArgs, resolveA3CArgs } from './args.js';
export { InvalidA3CArgsError, NonFiniteTrainingError, ObservationShapeError } from './errors.js';
export { type A3CLoss, type A3CLossInput, a3cLoss } from './loss.js';
export type { A3CNetwork } from './network.js';
export { type ObservationEncoder, observationEncoder } from './observation.js';
export { entropy, logSumExp, sampleAction, softmaxInto } from './policy.js';
export { advantages, bootstrapValue, nStepReturns, type RolloutEnd } from './returns.js';
export {
  collectRollout,
  type FinishedEpisode,
  type Rollout,
  type RolloutBuffers,
  rolloutBuffers,
  type WorkerState,
} from './rollout.js';
export {
  type A3CResult,
  type EpisodeRecord,
  type TrainA3COptions,
  trainA3C,
} from './runner.js';
export {
  a3cOptimizer,
  actionCount,
  buildEnv,
  createWorker,
  duplicationOperator,
  type EnvSource,
  ensureReadout,
  fixedPathway,
  pathwayShape,
  threadContext,
  workerRngs,
} from './setup.js';
export {
  runThread,
  type ThreadData,
  type ThreadMessage,
  type TrainA3CThreadsOptions,
  trainA3CThreads,
} from './threads.js';
export {
  AsyncPathwayTournament,
  type PathwayShape,
  PathwayTable,
  type TournamentResult,
} from './tournament.js';
export {
  COUNTER,
  COUNTERS,
  type IterationReport,
  type WorkerContext,
  workerIteration,
} from './worker.js';
