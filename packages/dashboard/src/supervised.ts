import type { DashboardEvent, PathwayRows } from './model.js';

/** What the dashboard reads of a phase's record (`@pathnet/experiments` `PhaseRecord`). */
export interface PhaseRecordLike {
  generations: number;
  solved?: boolean;
  bestPathway: PathwayRows;
  curve?: readonly (readonly [number, number])[];
}

/** What the dashboard reads of a seed's record (`@pathnet/experiments` `SeedRecord`). */
export interface SeedRecordLike {
  seed: number;
  taskA?: unknown;
  taskB?: unknown;
  a: PhaseRecordLike;
  conditions: Partial<Record<string, PhaseRecordLike>>;
}

/**
 * Conditions whose task-B pathways keep task A's best pathway frozen (in `@pathnet/experiments`
 * `CONDITION_FACTORS`, weights `frozen-path`; a test keeps the two in step).
 */
export const FROZEN_PATH_CONDITIONS: readonly string[] = ['pathnet'];

/**
 * A task as a short label: digits `[a, b]` (or a task spec whose options hold `digits`) as
 * `a/b`, another registered task by its id.
 */
function taskLabel(task: unknown): string {
  if (Array.isArray(task)) return task.join('/');
  if (task !== null && typeof task === 'object') {
    const { id, options } = task as { id?: unknown; options?: { digits?: unknown } };
    if (Array.isArray(options?.digits)) return options.digits.join('/');
    if (id !== undefined) return String(id);
  }
  return task === undefined ? '' : String(task);
}

/** A phase's generations, marked `*` when it did not reach the threshold. */
function generations(record: PhaseRecordLike | undefined): string | null {
  if (record === undefined) return null;
  return record.solved === false ? `${record.generations}*` : String(record.generations);
}

/** The results table's columns for these conditions. */
export function seedColumns(conditions: readonly string[]): string[] {
  return ['seed', 'task A', 'task B', 'A gen', ...conditions.map((c) => `${c} gen`)];
}

/** A seed's row of the results table (see {@link seedColumns}). */
export function seedRow(
  record: SeedRecordLike,
  conditions: readonly string[],
): (string | number | null)[] {
  return [
    record.seed,
    taskLabel(record.taskA),
    taskLabel(record.taskB),
    generations(record.a),
    ...conditions.map((c) => generations(record.conditions[c])),
  ];
}

/**
 * A finished seed as dashboard events: every phase done with its recorded best pathway (and,
 * when `withCurves`, its whole curve, for a results folder), then its row of the table.
 */
export function seedEvents(
  record: SeedRecordLike,
  conditions: readonly string[],
  withCurves: boolean,
): DashboardEvent[] {
  const events: DashboardEvent[] = [];
  const phase = (name: string, r: PhaseRecordLike | undefined, frozen?: PathwayRows) => {
    if (r === undefined) return;
    if (withCurves) {
      for (const [generation, bestFitness] of r.curve ?? []) {
        events.push({
          type: 'progress',
          seed: record.seed,
          phase: name,
          generation,
          bestFitness,
          ...(frozen && { frozen }),
        });
      }
    }
    events.push({ type: 'phaseDone', seed: record.seed, phase: name, best: r.bestPathway });
  };
  phase('task A', record.a);
  for (const c of conditions) {
    const frozen = FROZEN_PATH_CONDITIONS.includes(c) ? record.a.bestPathway : undefined;
    phase(`task B ${c}`, record.conditions[c], frozen);
  }
  events.push({ type: 'row', cells: seedRow(record, conditions) });
  return events;
}
