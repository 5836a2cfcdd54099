/**
 * `@pathnet/experiments/cli`: the command-line layer every app composes, loaded
 * without tensors, environments or queues so that `--help` and bad flags answer
 * at once. Flags are declared once ({@link FlagSpec}) in groups ({@link seedFlags},
 * {@link folderFlags}, {@link runtimeFlags}, {@link pluginFlags}, {@link gridFlags},
 * {@link trainingFlags}, {@link a3cFlags}, {@link dashboardFlags}), each with its parser, bound and help;
 * {@link composeProgram} makes a program of them and {@link runCli} runs it with one
 * exit policy (bad input: one line, exit 2).
 *
 * @packageDocumentation
 */

export {
  type DashboardFlagValues,
  dashboardFlags,
  dashboardListen,
  PORT_BOUND,
} from './cli/dashboard-flags.js';
export {
  addFlags,
  type Bound,
  boundText,
  checkBound,
  checkFlagValue,
  checkNeeds,
  FlagError,
  type FlagGroup,
  type FlagSpec,
  longFlag,
  orList,
  toOption,
} from './cli/flag.js';
export {
  a3cFlags,
  BOUNDS,
  checkFlag,
  checkGridSizes,
  checkSeeds,
  ENGINES,
  folderFlags,
  gridFlags,
  MAX_SEED,
  pluginFlags,
  runtimeFlags,
  seedFlags,
  trainingFlags,
} from './cli/groups.js';
export {
  boundedNumber,
  checkListFlag,
  choiceFlag,
  jsonFlag,
  listFlag,
  nameFlag,
  numberFlag,
  oneOf,
  parseNumber,
  switchFlag,
} from './cli/kinds.js';
export {
  availableMemory,
  countBound,
  formatBytes,
  memoryLimit,
  UNIT_BYTES,
} from './cli/limits.js';
export {
  BAD_INPUT_ERRORS,
  composeProgram,
  givenOnCommandLine,
  isBadInput,
  quickValues,
  runCli,
  withGroups,
} from './cli/main.js';
export {
  type CommonFlags,
  type CommonValues,
  DENSE_GRID_DEFAULTS,
  GRID_CHOICES,
  type GridChoice,
  TRANSFER_DEFAULTS,
  TRANSFER_QUICK,
  type TransferDefaults,
  transferProgram,
} from './cli/rl-flags.js';
export { hogwildWarning, runtimeName } from './cli/runtime.js';
export {
  CONDITIONS_HELP,
  checkTrainingSettings,
  conditionFlags,
  SEC_3_1,
  type SupervisedDefaults,
  supervisedGroups,
  type TrainingSettings,
} from './cli/supervised.js';
export { FolderFlagsError, folderModeOf, resultsFolderHint } from './folder-flags.js';
export {
  B_PATHWAYS,
  type BPathways,
  CONDITION_FACTORS,
  CONDITIONS,
  type Condition,
} from './plan.js';
