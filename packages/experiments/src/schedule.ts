import { rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { Condition, ProtocolSettings, TaskSpec, TransferPlan } from './plan.js';
import type { PopulationSnapshot } from './population-snapshot.js';
import {
  type ConditionRecord,
  type PhaseRecord,
  type ProgressListener,
  runCondition,
  runTaskA,
  type TaskAPhase,
} from './transfer.js';
import { reviveError, type SerializedError } from './worker-errors.js';

/** One repetition to run: a seed's plan under one setting. Plain data (it crosses worker threads). */
export interface TransferJob {
  /** The repetition's tasks and stream seeds. */
  readonly plan: TransferPlan;
  readonly settings: ProtocolSettings;
  /**
   * Name of the setting when an experiment runs several (e.g. `"cifar10→svhn"` and
   * `"svhn→cifar10"`); jobs are told apart by (setting, seed).
   */
  readonly setting?: string;
  /** Where to save the pathnet condition's grid, if anywhere. */
  readonly checkpointDir?: string;
  /** Folder for temporary files (task A's grid); default the system's temporary folder. */
  readonly scratchDir?: string;
}

/** One repetition's record: task A, then task B under each condition. */
export interface SeedRecord {
  seed: number;
  /** The job's setting, when it has one. */
  setting?: string;
  taskA: TaskSpec;
  taskB: TaskSpec;
  a: PhaseRecord;
  /** In the order the settings list the conditions. */
  conditions: Partial<Record<Condition, ConditionRecord>>;
  /** Compute time of the repetition: the sum of its phases' durations, in seconds. */
  wallSeconds: number;
}

/** One unit of work: task A of a job, or one task-B condition once its task A is done. */
export type PhaseJob =
  | { kind: 'task A'; job: TransferJob }
  | { kind: 'condition'; job: TransferJob; condition: Condition; taskA: TaskAPhase };

/** What a {@link PhaseJob} produced. */
export type PhaseResult =
  | { kind: 'task A'; key: string; taskA: TaskAPhase }
  | {
      kind: 'condition';
      key: string;
      condition: Condition;
      result: ConditionRecord;
      wallSeconds: number;
    };

/** A phase's progress: after every generation. */
export interface ProgressEvent {
  seed: number;
  setting?: string;
  /** `task A`, `task B pathnet`, `task B independent` or `task B fine-tune`. */
  phase: string;
  generation: number;
  /** Best fitness so far in this phase. */
  bestFitness: number;
  /** The population on the grid after this generation (module usage, best and frozen pathways). */
  population?: PopulationSnapshot;
}

/** A phase finished. */
export interface PhaseDoneEvent {
  seed: number;
  setting?: string;
  phase: string;
}

/** Callbacks of {@link runJobs}; all optional. A CLI renders them as bars. */
export interface ScheduleEvents {
  progress?: (event: ProgressEvent) => void;
  phaseDone?: (event: PhaseDoneEvent) => void;
  /** Each repetition's record as it finishes (in finishing order); awaited. */
  record?: (record: SeedRecord) => void | Promise<void>;
}

/** How {@link runJobs} runs phases. */
export interface ScheduleOptions {
  /** Phases at once, each in its own worker thread; 1 (default) runs everything in this thread. */
  workers?: number;
  /** Tensor backend each worker initialises (`@pathnet/backend` `initBackend`); default the best available. */
  backend?: string;
  /**
   * Modules each worker imports before its first phase (absolute paths or
   * `file:` URLs): the registrations of tasks and operators the jobs use.
   * Worker threads do not share this thread's registries.
   */
  plugins?: readonly string[];
}

/** What a worker posts back. */
export type WorkerMessage =
  | { type: 'ready' }
  | ({ type: 'progress' } & ProgressEvent)
  | { type: 'result'; result: PhaseResult }
  | { type: 'error'; seed: number; setting?: string; error: SerializedError };

/** The key that tells jobs apart, readable in messages: `seed 3`, or `cifar10→svhn seed 3` with a setting. */
export const jobKey = (setting: string | undefined, seed: number): string =>
  `${setting ? `${setting} ` : ''}seed ${seed}`;

const label = (job: TransferJob) => ({
  seed: job.plan.seed,
  ...(job.setting !== undefined && { setting: job.setting }),
});

/** Runs one phase in this thread (also what a worker runs). */
export async function runPhase(
  phase: PhaseJob,
  onProgress: ProgressListener,
): Promise<PhaseResult> {
  const { plan, settings, checkpointDir } = phase.job;
  const key = jobKey(phase.job.setting, plan.seed);
  if (phase.kind === 'task A') {
    return {
      kind: 'task A',
      key,
      taskA: await runTaskA(plan, settings, onProgress, phase.job.scratchDir),
    };
  }
  const keep =
    phase.condition === 'pathnet' && checkpointDir !== undefined
      ? async (net: { save(dir: string): Promise<unknown> }) => {
          await net.save(checkpointDir);
        }
      : undefined;
  const { result, wallSeconds } = await runCondition(
    plan,
    settings,
    phase.condition,
    phase.taskA,
    onProgress,
    keep,
  );
  return { kind: 'condition', key, condition: phase.condition, result, wallSeconds };
}

/**
 * Runs transfer jobs (repetitions) with `workers` phases at a time.
 *
 * Semantics: a job is task A, then one phase per task-B condition, all
 * started from task A's saved grid. Phases of different jobs are
 * independent, and so are the conditions of one job (each has its own grid,
 * population, data stream and seeds, all derived from the job's plan). So
 * running phases in parallel worker threads gives exactly the results of
 * running them one after another; only the order in which they finish
 * changes. Waiting conditions go before new task-A phases.
 *
 * @throws the first phase's error (from a worker thread: re-created with its class,
 *   fields and message, see {@link reviveError}), after the workers are stopped and
 *   the saved task-A grids removed.
 */
export async function runJobs(
  jobs: readonly TransferJob[],
  events: ScheduleEvents = {},
  options: ScheduleOptions = {},
): Promise<void> {
  const newJobs = [...jobs];
  const ready: PhaseJob[] = [];
  const running = new Map<
    string,
    { taskA?: TaskAPhase; conditions: SeedRecord['conditions']; left: number; seconds: number }
  >();
  const next = (): PhaseJob | undefined => {
    const waiting = ready.shift();
    if (waiting !== undefined) return waiting;
    const job = newJobs.shift();
    return job === undefined ? undefined : { kind: 'task A', job };
  };
  const jobOf = new Map(jobs.map((job) => [jobKey(job.setting, job.plan.seed), job]));
  if (jobOf.size !== jobs.length) {
    throw new TypeError('runJobs: two jobs have the same setting and seed');
  }
  const complete = async (r: PhaseResult): Promise<void> => {
    const job = jobOf.get(r.key)!;
    const conditions = job.settings.conditions;
    events.phaseDone?.({
      ...label(job),
      phase: r.kind === 'task A' ? 'task A' : `task B ${r.condition}`,
    });
    let s = running.get(r.key);
    if (s === undefined) {
      s = { conditions: {}, left: conditions.length, seconds: 0 };
      running.set(r.key, s);
    }
    if (r.kind === 'task A') {
      s.taskA = r.taskA;
      s.seconds += r.taskA.wallSeconds;
      for (const condition of conditions) {
        ready.push({ kind: 'condition', job, condition, taskA: r.taskA });
      }
    } else {
      s.conditions[r.condition] = r.result;
      s.seconds += r.wallSeconds;
      s.left -= 1;
    }
    if (s.left > 0 || s.taskA === undefined) return;
    running.delete(r.key);
    await rm(s.taskA.checkpoint, { recursive: true, force: true });
    await events.record?.({
      ...label(job),
      taskA: job.plan.taskA,
      taskB: job.plan.taskB,
      a: s.taskA.a,
      // In the order the settings list them, whatever order they finished in.
      conditions: Object.fromEntries(conditions.map((c) => [c, s.conditions[c]])),
      wallSeconds: s.seconds,
    });
  };
  const progress = (e: ProgressEvent) => events.progress?.(e);
  try {
    if ((options.workers ?? 1) <= 1) {
      for (let phase = next(); phase !== undefined; phase = next()) {
        const job = phase.job;
        await complete(
          await runPhase(phase, (p, generation, bestFitness, population) =>
            progress({
              ...label(job),
              phase: p,
              generation,
              bestFitness,
              ...(population && { population }),
            }),
          ),
        );
      }
    } else {
      await runOnWorkers(options, next, complete, progress);
    }
  } finally {
    for (const s of running.values()) {
      if (s.taskA) await rm(s.taskA.checkpoint, { recursive: true, force: true });
    }
  }
}

/** The worker script next to this file, in this build's module format. */
function workerUrl(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.cjs') ? './phase-worker.cjs' : './phase-worker.js', here);
}

/** Hands phases from `next` to idle workers until none is left and none runs. */
async function runOnWorkers(
  options: ScheduleOptions,
  next: () => PhaseJob | undefined,
  complete: (r: PhaseResult) => Promise<void>,
  progress: (e: ProgressEvent) => void,
): Promise<void> {
  const workerData = { backend: options.backend, plugins: [...(options.plugins ?? [])] };
  const pool = Array.from(
    { length: options.workers ?? 1 },
    () => new Worker(workerUrl(), { workerData }),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const idle: Worker[] = [];
      let running = 0;
      let failed = false;
      const dispatch = () => {
        while (idle.length > 0) {
          const phase = next();
          if (phase === undefined) break;
          running += 1;
          idle.pop()!.postMessage(phase);
        }
        if (running === 0) resolve();
      };
      const fail = (error: unknown) => {
        failed = true;
        reject(error);
      };
      for (const worker of pool) {
        worker.on('error', fail);
        worker.on('message', (m: WorkerMessage) => {
          if (m.type === 'progress') {
            const { type: _, ...event } = m;
            progress(event);
          } else if (m.type === 'error') {
            // The worker's error, re-created with its class and fields: it prints and
            // exits as the same error thrown on this thread would.
            fail(reviveError(m.error));
          } else if (m.type === 'ready') {
            idle.push(worker);
            dispatch();
          } else {
            complete(m.result).then(() => {
              running -= 1;
              idle.push(worker);
              if (!failed) dispatch();
            }, fail);
          }
        });
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
