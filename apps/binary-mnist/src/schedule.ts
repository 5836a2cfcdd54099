import { rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import {
  type ConditionResult,
  runCondition,
  runTaskA,
  type SeedResult,
  type TaskAPhase,
} from './experiment.js';
import type { Condition, ExperimentOptions } from './options.js';
import type { SeedPlan } from './seeds.js';

/** One repetition to run. */
export interface SeedJob {
  plan: SeedPlan;
  options: ExperimentOptions;
  /** Where to save the pathnet condition's grid, if anywhere. */
  checkpointDir?: string;
}

/** One unit of work: task A of a repetition, or one task-B condition once its task A is done. */
export type PhaseJob =
  | { kind: 'task A'; job: SeedJob }
  | { kind: 'condition'; job: SeedJob; condition: Condition; taskA: TaskAPhase };

/** What a {@link PhaseJob} produced. */
export type PhaseResult =
  | { kind: 'task A'; seed: number; taskA: TaskAPhase }
  | {
      kind: 'condition';
      seed: number;
      condition: Condition;
      result: ConditionResult;
      wallSeconds: number;
    };

/** What a worker posts back. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; seed: number; phase: string; generation: number; best: number }
  | { type: 'result'; result: PhaseResult }
  | { type: 'error'; seed: number; message: string };

/** Listeners of {@link runSeeds}. */
export interface ScheduleListeners {
  progress: (seed: number, phase: string, generation: number, bestFitness: number) => void;
  /** Called as each phase finishes, with the phase's progress name. */
  phaseDone: (seed: number, phase: string) => void;
  /** Called as each repetition finishes (in finishing order). */
  result: (result: SeedResult) => Promise<void>;
}

/** Runs one phase in this thread (also what a worker runs). */
export async function runPhase(
  phase: PhaseJob,
  onProgress: (phase: string, generation: number, best: number) => void,
): Promise<PhaseResult> {
  const { plan, options, checkpointDir } = phase.job;
  if (phase.kind === 'task A') {
    return { kind: 'task A', seed: plan.seed, taskA: await runTaskA(plan, options, onProgress) };
  }
  const keep =
    phase.condition === 'pathnet' && checkpointDir !== undefined
      ? async (net: { save(dir: string): Promise<unknown> }) => {
          await net.save(checkpointDir);
        }
      : undefined;
  const { result, wallSeconds } = await runCondition(
    plan,
    options,
    phase.condition,
    phase.taskA,
    onProgress,
    keep,
  );
  return { kind: 'condition', seed: plan.seed, condition: phase.condition, result, wallSeconds };
}

/**
 * Runs repetitions of the experiment with `workers` phases at a time.
 *
 * Semantics: a repetition is task A, then one phase per task-B condition,
 * all started from task A's saved grid. Phases of different repetitions are
 * independent, and so are the conditions of one repetition (each has its own
 * grid, population, data stream and seeds, all derived from the repetition's
 * seed). So running phases in parallel worker threads gives exactly the
 * results of running them one after another; only the order in which they
 * finish changes. Waiting conditions go before new task-A phases. With
 * `workers = 1` everything runs in this thread.
 *
 * @throws the first phase's error, after the workers are stopped and the
 *   saved task-A grids removed.
 */
export async function runSeeds(
  jobs: readonly SeedJob[],
  workers: number,
  backend: string | undefined,
  on: ScheduleListeners,
): Promise<void> {
  const newSeeds = [...jobs];
  const ready: PhaseJob[] = [];
  const seeds = new Map<
    number,
    { taskA?: TaskAPhase; conditions: SeedResult['conditions']; left: number; seconds: number }
  >();
  const next = (): PhaseJob | undefined => {
    const waiting = ready.shift();
    if (waiting !== undefined) return waiting;
    const job = newSeeds.shift();
    return job === undefined ? undefined : { kind: 'task A', job };
  };
  const jobOf = new Map(jobs.map((job) => [job.plan.seed, job]));
  const complete = async (r: PhaseResult): Promise<void> => {
    const job = jobOf.get(r.seed)!;
    const conditions = job.options.conditions;
    on.phaseDone(r.seed, r.kind === 'task A' ? 'task A' : `task B ${r.condition}`);
    let s = seeds.get(r.seed);
    if (s === undefined) {
      s = { conditions: {}, left: conditions.length, seconds: 0 };
      seeds.set(r.seed, s);
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
    seeds.delete(r.seed);
    await rm(s.taskA.checkpoint, { recursive: true, force: true });
    await on.result({
      seed: r.seed,
      taskA: job.plan.taskA,
      taskB: job.plan.taskB,
      a: s.taskA.a,
      // In the order the options list them, whatever order they finished in.
      conditions: Object.fromEntries(conditions.map((c) => [c, s.conditions[c]])),
      wallSeconds: s.seconds,
    });
  };
  try {
    if (workers <= 1) {
      for (let phase = next(); phase !== undefined; phase = next()) {
        const seed = phase.job.plan.seed;
        await complete(await runPhase(phase, (p, g, best) => on.progress(seed, p, g, best)));
      }
    } else {
      await runOnWorkers(workers, backend, next, complete, on.progress);
    }
  } finally {
    for (const s of seeds.values()) {
      if (s.taskA) await rm(s.taskA.checkpoint, { recursive: true, force: true });
    }
  }
}

/** Hands phases from `next` to idle workers until none is left and none runs. */
async function runOnWorkers(
  workers: number,
  backend: string | undefined,
  next: () => PhaseJob | undefined,
  complete: (r: PhaseResult) => Promise<void>,
  progress: ScheduleListeners['progress'],
): Promise<void> {
  const pool = Array.from(
    { length: workers },
    () => new Worker(new URL('./seed-worker.js', import.meta.url), { workerData: { backend } }),
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
            progress(m.seed, m.phase, m.generation, m.best);
          } else if (m.type === 'error') {
            fail(new Error(`seed ${m.seed}: ${m.message}`));
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
