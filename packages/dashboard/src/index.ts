/**
 * @pathnet/dashboard: watch a PathNet-TS run live in the browser, and browse finished results.
 * A small Hono server (127.0.0.1 by default) serves one page, its state and a stream of
 * server-sent events; the page draws the module grid and the curves with the bundled uPlot.
 */

export {
  CONTINUAL_COLUMNS,
  type ContinualRecordLike,
  continualEvents,
  isContinualRecord,
} from './continual.js';
export { DashboardFlagError, parseDashboardHost, parseDashboardPort } from './flags.js';
export {
  DashboardHub,
  DEFAULT_BUFFER_SIZE,
  type HubOptions,
  type NumberedEvent,
  type Subscriber,
} from './hub.js';
export {
  type LiveDashboard,
  type LiveProgress,
  type LiveRunSetup,
  startLiveDashboard,
} from './live.js';
export {
  applyEvent,
  type DashboardEvent,
  type DashboardState,
  emptyState,
  type FinishedUpdate,
  type GridShape,
  MAX_CURVE_POINTS,
  type PathwayRows,
  type PhaseDoneUpdate,
  type PhaseState,
  type PopulationSnapshot,
  type ProgressUpdate,
  phaseKey,
  type ResultsTable,
  type RowUpdate,
} from './model.js';
export { hubFromResultsFolder, ResultsFolderViewError } from './results-folder.js';
export {
  type DashboardApp,
  type DashboardServer,
  type DashboardServerOptions,
  dashboardApp,
  startDashboard,
} from './server.js';
export {
  FROZEN_PATH_CONDITIONS,
  type PhaseRecordLike,
  type SeedRecordLike,
  seedColumns,
  seedEvents,
  seedRow,
} from './supervised.js';
