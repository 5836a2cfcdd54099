import type { DashboardEvent, PathwayRows } from './model.js';

/** What the dashboard reads of a continual-learning run's record (`apps/continual` results). */
export interface ContinualRecordLike {
  method: string;
  seed: number;
  /** R: `accuracy[i][j]`, accuracy on task j after learning task i. */
  accuracy?: number[][];
  metrics?: { acc?: number | null; bwt?: number | null; fwt?: number | null };
  /** The pathway each task was learned on (PathNet's methods). */
  pathways?: PathwayRows[];
}

/** Whether a results record is a continual-learning run's. */
export const isContinualRecord = (record: unknown): record is ContinualRecordLike =>
  record !== null &&
  typeof record === 'object' &&
  typeof (record as { method?: unknown }).method === 'string' &&
  Array.isArray((record as { accuracy?: unknown }).accuracy);

/** The results table's columns for continual-learning runs. */
export const CONTINUAL_COLUMNS = ['method', 'seed', 'ACC', 'BWT', 'FWT'];

const fixed = (x: number | null | undefined) => (typeof x === 'number' ? x.toFixed(3) : null);

/** A run as dashboard events: each task's pathway as a finished phase, then its row. */
export function continualEvents(record: ContinualRecordLike): DashboardEvent[] {
  const events: DashboardEvent[] = (record.pathways ?? []).map((best, task) => ({
    type: 'phaseDone',
    seed: record.seed,
    phase: `${record.method} task ${task + 1}`,
    best,
  }));
  const m = record.metrics ?? {};
  events.push({
    type: 'row',
    cells: [record.method, record.seed, fixed(m.acc), fixed(m.bwt), fixed(m.fwt)],
  });
  return events;
}
