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
 *   ({@link runExperiment}).
 *
 * @packageDocumentation
 */
export { type EvolveSettings, evolve, trainAndScore } from './evolve.js';
export { type ExperimentRun, runExperiment } from './experiment.js';
export {
  CONDITIONS,
  type Condition,
  drawStreams,
  type ProtocolSettings,
  planTransfer,
  type SeedStreams,
  type TaskSpec,
  type TransferPlan,
} from './plan.js';
export {
  loadResults,
  newResults,
  type ResultsFile,
  ResumeError,
  resultsPath,
  saveResults,
  sortRecords,
  versions,
} from './results.js';
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
  bootstrapRatio,
  type ConditionSummary,
  type FormatSummaryOptions,
  formatSummary,
  type MeanCI,
  meanCI,
  type RatioCI,
  type Summary,
  type SummaryRanges,
  summarise,
} from './summary.js';
export {
  type ConditionRecord,
  makeSpecTask,
  type PhaseRecord,
  type ProgressListener,
  runCondition,
  runTaskA,
  sharedModules,
  type TaskAPhase,
} from './transfer.js';
