/**
 * `@pathnet/core`: the PathNet module grid (Fernando et al. 2017, arXiv:1701.08734,
 * Sec. 2 and 2.3). A {@link PathNet} holds L layers of M modules and one linear readout
 * per task; a {@link Pathway} selects at most N modules per layer, and only those are
 * evaluated and trained. Frozen modules never change.
 *
 * @packageDocumentation
 */

export { MissingKernelError } from '@pathnet/backend';
export {
  CHECKPOINT_LOCK_FILE,
  type ReadCheckpointOptions,
  readCheckpoint,
  writeCheckpoint,
} from './checkpoint.js';
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type CheckpointManifest,
  formatIssues,
  MANIFEST_FILE,
  MAX_SEED,
  MIN_SEED,
  manifestHash,
  manifestSchema,
  pathNetConfigSchema,
  type TensorEntry,
} from './checkpoint-manifest.js';
export {
  type Activation,
  type Conv2dModule,
  type DenseModule,
  type DensePresetOptions,
  type LayerConfig,
  type LayerShape,
  layerShapes,
  type ModuleSpec,
  type PathNetConfig,
  presets,
  type Reduction,
  validateConfig,
} from './config.js';
export {
  type Engine,
  type EngineChoice,
  fusedUnsupportedReason,
  resolveEngine,
} from './engines/engine.js';
export {
  CheckpointError,
  DisposedError,
  DuplicateReadoutError,
  EngineError,
  FolderLockedError,
  FrozenModuleError,
  InvalidConfigError,
  InvalidOptimizerError,
  InvalidPathwayError,
  type LockOwner,
  NonFiniteError,
  PathNetError,
  ShapeMismatchError,
  UnknownReadoutError,
} from './errors.js';
export {
  ElasticWeightConsolidation,
  type FisherOptions,
  fisherDiagonal,
  type ModuleFisher,
  type ModulePenaltyGradient,
} from './ewc.js';
export {
  type AcquireLockOptions,
  acquireFolderLock,
  type FolderLock,
  isStale,
  processAlive,
} from './folder-lock.js';
export {
  type AdamConfig,
  createOptimizer,
  type Optimizer,
  type OptimizerCommon,
  type OptimizerConfig,
  type RmspropConfig,
  type SgdConfig,
} from './optimizer.js';
export { PathNet } from './pathnet.js';
export { activeModules, type Pathway, validatePathway } from './pathway.js';
export {
  SHARED_GRID_FORMAT,
  type SharedGrid,
  type ShareOptions,
} from './shared-grid.js';
/** The shapes of every argument and result above (batches, losses, gradients, options). */
export type * from './types.js';
