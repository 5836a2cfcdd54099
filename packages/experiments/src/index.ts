/**
 * `@pathnet/experiments`: PathNet experiments as a library (Fernando et al.
 * 2017, "PathNet: Evolution Channels Gradient Descent in Super Neural
 * Networks", arXiv:1701.08734, Sec. 2.1, 2.3, 3.1–3.2):
 *
 * - evolving pathways on a registered supervised task with binary
 *   tournaments until a fitness threshold or a generation cap ({@link evolve});
 * - the transfer protocol A → B under `pathnet`, `independent` and
 *   `fine-tune` ({@link runTaskA}, {@link runCondition});
 * - a schedule of repetitions (seed × setting) whose phases run in worker
 *   threads with identical results for any number of workers, reporting
 *   progress as events ({@link runJobs});
 * - per-seed records, summary statistics with 95% intervals
 *   ({@link summarise}), `results.json` written atomically and resumed
 *   ({@link runExperiment});
 * - one runner for every experiment: a set of independent jobs of a
 *   registered kind ({@link registerJobKind}), run in worker threads here
 *   ({@link localExecutor}) or across machines through BullMQ on Redis
 *   ({@link queueExecutor}, served by `pathnet-worker` / {@link serveQueue}).
 *
 * @packageDocumentation
 */
export {
  baselinePathway,
  CONTINUAL_METHODS,
  type ContinualCapacity,
  type ContinualHooks,
  type ContinualMethod,
  type ContinualRecord,
  type ContinualSettings,
  type ContinualTask,
  continualSeed,
  runContinual,
  type TaskLearnedEvent,
} from './continual.js';
export {
  type AccuracyMatrix,
  AccuracyMatrixError,
  type ContinualMetrics,
  checkAccuracyMatrix,
  continualMetrics,
} from './continual-metrics.js';
export {
  type ContinualSummaryRow,
  continualLabel,
  summariseContinual,
} from './continual-summary.js';
export { Eta, FrameEta, formatDuration } from './eta.js';
export { type EvolveSettings, evolve } from './evolve.js';
export {
  checkResumedRecords,
  type ExperimentEvents,
  type ExperimentRun,
  runExperiment,
} from './experiment.js';
export {
  FORCE_FLAG_HELP,
  FolderFlagsError,
  folderModeOf,
  resultsFolderHint,
} from './folder-flags.js';
export {
  decodeJson,
  encodeJson,
  type Job,
  type JobContext,
  type JobKind,
  jobId,
  jobKind,
  jobKinds,
  type KindScheduleEvents,
  registerJobKind,
  type ScheduleThreads,
  unregisterJobKind,
} from './jobs.js';
export {
  type Executor,
  type ExecutorEvents,
  executorOf,
  type LocalOptions,
  localExecutor,
} from './local-executor.js';
export {
  availableMemory,
  estimateMemory,
  formatBytes,
  type MemoryEstimate,
  type MemoryPart,
} from './memory.js';
export { holmAdjusted, type PairedTest, pairedTest } from './paired-test.js';
export {
  B_PATHWAYS,
  type BPathways,
  COMPARISONS,
  CONDITION_FACTORS,
  CONDITIONS,
  type Comparison,
  type Condition,
  type ConditionFactors,
  drawStreams,
  type PopulationStart,
  type ProtocolSettings,
  planTransfer,
  type SeedStreams,
  type StartWeights,
  type TaskSpec,
  type TransferPlan,
} from './plan.js';
export {
  applyPluginFlags,
  checkRegistered,
  JsonOptionError,
  loadPlugins,
  operatorFromFlags,
  PluginError,
  type PluginFlagValues,
  type PluginSettings,
  parseJsonObject,
  resolvePlugin,
  taskSpecFromFlags,
} from './plugins.js';
export { JobPool, type PoolOptions, type PoolRequest, type PoolThreadMessage } from './pool.js';
export { type PopulationSnapshot, populationSnapshot } from './population-snapshot.js';
export {
  JobKindUnavailableError,
  QueueUnreachableError,
  redisStartCommand,
} from './queue-errors.js';
export {
  checkedQueue,
  DEFAULT_CONNECT_TIMEOUT_SECONDS,
  DEFAULT_QUEUE_NAME,
  type QueuedJobData,
  type QueueOptions,
  QueueUrlError,
  queueExecutor,
  redisConnection,
} from './queue-executor.js';
export { type QueueServer, type ServeOptions, serveQueue } from './queue-worker.js';
export {
  ignoredOnResume,
  loadResults,
  newResults,
  type ResultsFile,
  type ResultsSchemas,
  type ResumableConfig,
  ResumeError,
  type ResumeSpec,
  resultsPath,
  resumedSettings,
  runSettings,
  saveResults,
  sortRecords,
  versions,
} from './results.js';
export {
  checkResultsFolder,
  claimResultsFolder,
  type FolderMode,
  type FolderState,
  picturesLine,
  type ResultsFolder,
  ResultsFolderError,
  RUN_LOCK_FILE,
  SCRATCH_DIR,
} from './results-folder.js';
export {
  type AnyResults,
  formatWallTime,
  RESULTS_DIR,
  type ReadmeOutputs,
  type ResultsReadme,
  type RLTransferResults,
  replaceResultsSection,
  resultsFolders,
  resultsReadmeOutputs,
  resultsSection,
  rlTransferReadme,
  rlTransferReadmeMarkdown,
  rlTransferSettings,
  runResultsReadme,
  staleOutputs,
  writeOutputs,
} from './results-readme.js';
export { resultsFileSchema, seedRecordSchema } from './results-schema.js';
export {
  type RandomAgentBaselines,
  randomBaselines,
  runTransfer,
  type TransferRun,
} from './rl-app.js';
export {
  type AppSettings,
  commonOptions,
  describeRun,
  pickTransferGrid,
  type TransferApp,
  transferResultsFormat,
  transferRun,
} from './rl-cli.js';
export { buildSpecEnv, type EnvSpec, PadChannels, specSpaces } from './rl-env.js';
export {
  chooseTransferGrid,
  type DenseGridSizes,
  denseTransferGrid,
  describeGrid,
  type GridPick,
  gridKind,
  gridLine,
  type TaskShape,
  taskShapes,
} from './rl-grid.js';
export {
  type A3CMemoryRun,
  checkA3CMemory,
  checkRLMemory,
  gridParameters,
} from './rl-memory.js';
export {
  type CurveEstimator,
  MAX_SPLITS,
  type NullSummary,
  nullDistribution,
  nullOf,
  type PermutationResult,
  permutationTest,
  splits,
} from './rl-null.js';
export {
  checkGridFits,
  defaultRandomEpisodes,
  minatarSpecs,
  parsePairs,
  RLOptionError,
  TRANSFER_LAYOUTS,
  type TransferLayout,
  type TransferOptions,
  taskName,
  transferJobs,
  validateTransfer,
} from './rl-options.js';
export { writeTransferPictures } from './rl-pictures.js';
export { randomAgentReturn } from './rl-random.js';
export {
  type CurveEpisode,
  type CurvePoint,
  curveArea,
  framesToReach,
  groupSpeedup,
  type LearningCurve,
  learningCurve,
  meanCurve,
  pointsWithData,
  pooledLevel,
  randomUpper,
  type SpeedupMeasures,
  scoreLevel,
  speedupOf,
} from './rl-speedup.js';
export {
  controlsOf,
  learnedInEverySeed,
  RL_CONTROLS,
  type RLComparison,
  type RLConditionSummary,
  type RLControl,
  type RLMeans,
  type RLPairSummary,
  type RLTransferSummary,
  SAME_ALGORITHM,
  summariseRLTransfer,
  TRANSFER_CONDITIONS,
  type TransferCondition,
} from './rl-summary.js';
export { formatRLTransferMarkdown, formatRLTransferSummary } from './rl-summary-format.js';
export {
  B_STARTS,
  type BStart,
  bestPathway,
  conditionArgs,
  jobRuns,
  RL_CONDITIONS,
  type RLCondition,
  type RLConditionRecord,
  type RLProgressEvent,
  type RLRunRecord,
  type RLTransferJob,
  type RLTransferRecord,
  reusedPerLayer,
  rlTransferKey,
  runRLTransfer,
} from './rl-transfer.js';
export { RL_TRANSFER_JOB_KIND, rlTransferJob, rlTransferJobKind } from './rl-transfer-job.js';
export {
  jobKey,
  type PhaseDoneEvent,
  type PhaseJob,
  type PhaseResult,
  type ProgressEvent,
  runJobs,
  runPhase,
  type ScheduleEvents,
  type ScheduleOptions,
  type SeedRecord,
  type TransferJob,
  type WorkerMessage,
} from './schedule.js';
export {
  formatLevelSpeedups,
  formatP,
  generationsToLevel,
  type LevelSpeedup,
  levelSpeedups,
} from './speedups.js';
export {
  bootstrapRatio,
  type ConditionSummary,
  type FormatSummaryOptions,
  formatSummary,
  geometricMeanCI,
  type MeanCI,
  meanCI,
  type RatioCI,
  type SummariseOptions,
  type Summary,
  type SummaryRanges,
  summarise,
} from './summary.js';
export { type SupervisedPictureOptions, writeSupervisedPictures } from './supervised-pictures.js';
export {
  type ConditionRecord,
  type ConditionStart,
  conditionStart,
  makeSpecTask,
  type PhaseRecord,
  type ProgressListener,
  runCondition,
  runTaskA,
  sharedModules,
  type TaskAPhase,
  withPathway,
} from './transfer.js';
export { TRANSFER_JOB_KIND, transferJob, transferJobKind } from './transfer-job.js';
export { reviveError, type SerializedError, serializeError } from './worker-errors.js';
