/**
 * What the dashboard shows: the state of a run (live or finished) and the events that change
 * it. Plain JSON, so the server sends the state as it is and the page applies the same events.
 */

/** A pathway on the grid: per layer, the indices of its active modules. */
export type PathwayRows = readonly (readonly number[])[];

/** The module grid's shape (Fernando et al. 2017: L layers of M modules, at most N active). */
export interface GridShape {
  /** L: layers of modules. */
  layers: number;
  /** M: modules per layer. */
  modules: number;
  /** N: at most this many active modules per layer in a pathway. */
  active: number;
}

/** The population on the grid after a generation. */
export interface PopulationSnapshot {
  /** `[L][M]`: how many pathways of the population use each module. */
  usage: readonly (readonly number[])[];
  /** Pathways in the population (the largest `usage` a module can have). */
  size: number;
  /** The population's best pathway so far (highest last fitness). */
  best: PathwayRows;
}

/** One phase of one seed (`task A`, `task B pathnet`, …) as the dashboard holds it. */
export interface PhaseState {
  seed: number;
  /** The phase's name, e.g. `task A` or `task B pathnet`. */
  phase: string;
  /** Generations done. */
  generation: number;
  /** Best fitness (or return) so far. */
  bestFitness: number | null;
  /** `[generation, best fitness so far]`, thinned to at most {@link MAX_CURVE_POINTS}. */
  curve: [number, number][];
  /** The latest population on the grid, where the run reports it. */
  population?: PopulationSnapshot;
  /** The best pathway: the population's while it runs, the recorded one when it is done. */
  best?: PathwayRows;
  /** Modules frozen in this phase (task A's best pathway in conditions that freeze it). */
  frozen?: PathwayRows;
  done: boolean;
}

/** The results table: one row per finished seed. */
export interface ResultsTable {
  columns: string[];
  rows: (string | number | null)[][];
}

/** The whole state of a dashboard: what `GET /api/state` returns. */
export interface DashboardState {
  title: string;
  /** `live`: a run in progress; `finished`: a run that ended, or a results folder. */
  mode: 'live' | 'finished';
  grid: GridShape | null;
  /** For ETA: the seeds of the run, phases per seed, the generation cap of a phase. */
  plan: { seeds: number; phasesPerSeed: number; maxGenerations: number } | null;
  /** Milliseconds since the epoch when the run started (live) or `null` (a folder). */
  startedAt: number | null;
  /** Milliseconds since the epoch when the run ended, or `null`. */
  finishedAt: number | null;
  /** Generations done over all phases (throughput = its rate). */
  generations: number;
  /** Phases by key `seed␀phase`, in the order they started. */
  phases: Record<string, PhaseState>;
  results: ResultsTable;
  /** Pictures of a results folder (`.svg` file names), served under `/pictures/`. */
  pictures: string[];
}

/** A generation of a phase finished. */
export interface ProgressUpdate {
  type: 'progress';
  seed: number;
  phase: string;
  generation: number;
  bestFitness: number;
  population?: PopulationSnapshot;
  frozen?: PathwayRows;
}

/** A phase finished; `best` is its recorded best pathway where known. */
export interface PhaseDoneUpdate {
  type: 'phaseDone';
  seed: number;
  phase: string;
  best?: PathwayRows;
}

/** A seed finished: its row of the results table (cells in the table's column order). */
export interface RowUpdate {
  type: 'row';
  cells: (string | number | null)[];
}

/** The run ended. */
export interface FinishedUpdate {
  type: 'finished';
  at: number;
}

/** Every change of a {@link DashboardState}. */
export type DashboardEvent = ProgressUpdate | PhaseDoneUpdate | RowUpdate | FinishedUpdate;

/** Curve points kept per phase; past it every other point is dropped (the ends stay). */
export const MAX_CURVE_POINTS = 1000;

/** The key of a phase in {@link DashboardState.phases}. */
export const phaseKey = (seed: number, phase: string): string => `${seed}\u0000${phase}`;

/** The state's entry of a phase, added if new. */
function phaseAt(state: DashboardState, seed: number, phase: string): PhaseState {
  const key = phaseKey(seed, phase);
  const existing = state.phases[key];
  if (existing !== undefined) return existing;
  const added: PhaseState = {
    seed,
    phase,
    generation: 0,
    bestFitness: null,
    curve: [],
    done: false,
  };
  state.phases[key] = added;
  return added;
}

/** Halves a curve that grew past the cap, keeping its first and last points. */
function thin(curve: [number, number][]): [number, number][] {
  if (curve.length <= MAX_CURVE_POINTS) return curve;
  const last = curve[curve.length - 1]!;
  const kept = curve.filter((_, i) => i % 2 === 0);
  if (kept[kept.length - 1] !== last) kept.push(last);
  return kept;
}

/**
 * Applies one event to a state, in place (the page runs the same rules on its copy).
 * @returns the phase the event touched, if any.
 */
export function applyEvent(state: DashboardState, event: DashboardEvent): PhaseState | undefined {
  switch (event.type) {
    case 'progress': {
      const phase = phaseAt(state, event.seed, event.phase);
      phase.generation = event.generation;
      phase.bestFitness = event.bestFitness;
      phase.curve.push([event.generation, event.bestFitness]);
      phase.curve = thin(phase.curve);
      if (event.population) {
        phase.population = event.population;
        phase.best = event.population.best;
      }
      if (event.frozen) phase.frozen = event.frozen;
      state.generations += 1;
      return phase;
    }
    case 'phaseDone': {
      const phase = phaseAt(state, event.seed, event.phase);
      phase.done = true;
      if (event.best) phase.best = event.best;
      return phase;
    }
    case 'row':
      state.results.rows.push(event.cells);
      return undefined;
    case 'finished':
      state.mode = 'finished';
      state.finishedAt = event.at;
      return undefined;
  }
}

/** An empty state. */
export function emptyState(title: string, mode: DashboardState['mode']): DashboardState {
  return {
    title,
    mode,
    grid: null,
    plan: null,
    startedAt: mode === 'live' ? Date.now() : null,
    finishedAt: null,
    generations: 0,
    phases: {},
    results: { columns: [], rows: [] },
    pictures: [],
  };
}
