/**
 * The RL transfer protocol (Fernando et al. 2017, Sec. 2.3, 3.3–3.4) with
 * PathNet-A3C (`@pathnet/rl`). Each condition differs from its control in one
 * thing (DESIGN.md, "Comparisons"):
 * - **task A** (the source): PathNet-A3C for the frame budget; its best
 *   pathway is the worker pathway with the highest latest fitness;
 * - **task B** (the target) for the same budget under
 *   - `independent`: PathNet-A3C from a fresh grid (the control of the
 *     PathNet-A3C conditions);
 *   - `plain-a3c`: plain A3C on one fixed pathway (modules 0 … N−1 of every
 *     layer) of the same fresh grid — the control of `fine-tune-fixed`, and
 *     against `independent` what evolution alone changes;
 *   - `pathnet`: A's best pathway frozen, every other module re-initialised, a
 *     new readout and a new random population evolving on B (B's pathways may
 *     use the frozen modules, which receive no gradient);
 *   - `fine-tune`: A's parameters, nothing frozen, a new readout and a new
 *     random population evolving on B — `independent`'s algorithm with A's weights;
 *   - `fine-tune-fixed`: A's parameters, nothing frozen, a new readout, and A's
 *     best pathway trained on B by plain A3C (PAPER.md: "start B from A's best
 *     path and keep training it") — `plain-a3c`'s algorithm with A's weights
 *     and pathway.
 *
 * One job ({@link RLTransferJob}) trains one source once and then runs every
 * target of the experiment from it (a target may be the source itself: the
 * positive control), or (source `null`) runs both controls of every target:
 * the controls do not depend on the source, so a matrix of S sources × T
 * targets costs S + 2·T + 3·S·T runs per seed.
 * Everything a run draws derives from the job's seed: same job, same record.
 *
 * @packageDocumentation
 */
import {
  activeModules,
  type EngineChoice,
  PathNet,
  type PathNetConfig,
  type Pathway,
} from '@pathnet/core';
import { type A3CArgs, type A3CResult, trainA3C } from '@pathnet/rl';
import { buildSpecEnv, type EnvSpec } from './rl-env.js';
import { type LearningCurve, learningCurve } from './rl-speedup.js';

/** The conditions of task B: the transfers, then the two controls. */
export const RL_CONDITIONS = [
  'pathnet',
  'fine-tune',
  'fine-tune-fixed',
  'independent',
  'plain-a3c',
] as const;
/** One of {@link RL_CONDITIONS}. */
export type RLCondition = (typeof RL_CONDITIONS)[number];

/** One job of the RL transfer protocol (plain data). */
export interface RLTransferJob {
  /** The repetition's seed. */
  readonly seed: number;
  /** Task A; `null`: this job runs both controls (`independent`, `plain-a3c`) of every target. */
  readonly source: EnvSpec | null;
  /** The tasks B (the source itself among them: the positive control B = A). */
  readonly targets: readonly EnvSpec[];
  /** Frame budget of every run (all workers' environment steps). */
  readonly frames: number;
  /** The grid (its input shape fits every task's observations). */
  readonly grid: PathNetConfig;
  /**
   * A3C arguments of every run (workers, learning rate, entropy cost, T, B,
   * duplication rate …); `seed`, `totalFrames`, `taskId`, `evolve` and
   * `fixedPathway` are set by the protocol.
   */
  readonly a3c: Partial<A3CArgs>;
  /** Episodes each learning-curve point averages. */
  readonly window: number;
  /** Points of each learning curve. */
  readonly points: number;
  /** A label keeping jobs of different settings apart in one results file (e.g. `no-duplication`). */
  readonly setting?: string;
  /** The engine of every grid (`PathNet.create`'s `engine`); default `'fused'`. */
  readonly engine?: EngineChoice;
  /** The controls a control job (`source: null`) runs, in this order; default both. */
  readonly controls?: readonly ('independent' | 'plain-a3c')[];
  /**
   * Where B's population starts in the evolving transfers (`pathnet`, `fine-tune`):
   * `random` (the default; Fernando et al. 2017, Sec. 2.3, "a new random population") or
   * `a-path` (every worker starts on A's best pathway and evolves from there; not the
   * paper's: it hands B the search for A's path). The controls always start at random.
   */
  readonly bStart?: BStart;
}

/** Where B's population starts in `pathnet` and `fine-tune`: see {@link RLTransferJob.bStart}. */
export type BStart = 'random' | 'a-path';
/** The values of {@link BStart}. */
export const B_STARTS: readonly BStart[] = ['random', 'a-path'];

/** What one A3C run of the protocol did. */
export interface RLRunRecord {
  /** Environment id of the task. */
  task: string;
  /** Frames run (the budget, or a little more: the last rollouts finish). */
  frames: number;
  episodes: number;
  /** Mean return of the last `window` episodes. */
  finalScore: number;
  /** The learning curve (see {@link learningCurve}). */
  curve: LearningCurve;
  /** The best pathway at the end, `[L][N]`. */
  bestPathway: Pathway;
  /** Tournaments run and tournaments that overwrote a genotype. */
  tournaments: number;
  copies: number;
  /** Modules copied by module duplication (`a3c.duplicationRate > 0`). */
  duplications: number;
  /** Frames per second of the run (wall clock, this thread). */
  framesPerSecond: number;
}

/** Task B under one condition. */
export interface RLConditionRecord extends RLRunRecord {
  condition: RLCondition;
  /** Per layer, how many of B's best pathway's distinct modules are A's (frozen for `pathnet`); null for the controls. */
  reusedPerLayer: number[] | null;
}

/** One job's outcome. */
export interface RLTransferRecord {
  seed: number;
  setting: string | null;
  /** Environment id of task A, or null for a control job. */
  source: string | null;
  /** Task A's run (null for a control job). */
  a: RLRunRecord | null;
  /** Task B's runs: per target, `pathnet`, `fine-tune` and `fine-tune-fixed` (source jobs) or `independent` and `plain-a3c` (control jobs). */
  runs: RLConditionRecord[];
}

/** The record key of a job: setting, seed and source (`independent` for control jobs). */
export function rlTransferKey(job: {
  seed: number;
  setting?: string | null | undefined;
  source: string | null;
}): string {
  return `${job.setting ? `${job.setting} ` : ''}seed ${job.seed} ${job.source ?? 'independent'}`;
}

/** Progress of a job: which run, its frame and the mean return of its latest episodes. */
export interface RLProgressEvent {
  /** The job's seed (runs of different seeds share their names). */
  seed: number;
  run: string;
  frame: number;
  frames: number;
  meanReturn: number;
}

/**
 * How many A3C runs a job trains: a source job A and, per target, `pathnet`,
 * `fine-tune` and `fine-tune-fixed`; a control job its controls on every target.
 */
export function jobRuns(job: RLTransferJob): number {
  return job.source === null
    ? (job.controls?.length ?? 2) * job.targets.length
    : 1 + 3 * job.targets.length;
}

/** Seeds of the job's runs (distinct streams per role and target). */
function runSeed(seed: number, role: number, target = 0): number {
  return (seed * 1_000_003 + role * 7919 + target * 104_729) % 2 ** 31;
}

/** The pathway of the worker with the highest latest fitness (worker 0's when none has one). */
export function bestPathway(result: A3CResult): Pathway {
  let best = 0;
  let bestFitness = Number.NEGATIVE_INFINITY;
  result.fitness.forEach((f, i) => {
    if (f !== null && f > bestFitness) {
      bestFitness = f;
      best = i;
    }
  });
  return (result.pathways[best] as Pathway).map((row) => [...row]);
}

/** Per layer, the distinct modules of `b` that `a` also uses. */
export function reusedPerLayer(a: Pathway, b: Pathway): number[] {
  const sa = activeModules(a);
  return activeModules(b).map((row, l) => row.filter((m) => sa[l]?.includes(m)).length);
}

function train(
  job: RLTransferJob,
  net: PathNet,
  spec: EnvSpec,
  args: Partial<A3CArgs>,
  name: string,
  progress: (e: RLProgressEvent) => void,
): { result: A3CResult; record: RLRunRecord } {
  const started = performance.now();
  const every = Math.max(1, Math.floor(job.frames / job.points));
  let next = every;
  const recent: number[] = [];
  const result = trainA3C({
    env: () => buildSpecEnv(spec),
    net,
    args: { ...job.a3c, ...args, totalFrames: job.frames },
    onIteration: (r) => {
      if (r.episode) {
        recent.push(r.episode.rawReturn);
        if (recent.length > job.window) recent.shift();
      }
      if (r.frame >= next) {
        next += every;
        const meanReturn = recent.length ? recent.reduce((s, v) => s + v, 0) / recent.length : 0;
        progress({ seed: job.seed, run: name, frame: r.frame, frames: job.frames, meanReturn });
      }
    },
  });
  // Scores are game scores (unclipped, `rawReturn`); the agent trained on clipped rewards.
  const scores = result.episodes.map((e) => ({ frame: e.frame, return: e.rawReturn }));
  const last = scores.slice(-job.window);
  const seconds = (performance.now() - started) / 1000;
  return {
    result,
    record: {
      task: spec.id,
      frames: result.frames,
      episodes: result.episodes.length,
      finalScore: last.length ? last.reduce((s, e) => s + e.return, 0) / last.length : 0,
      curve: learningCurve(scores, job.frames, job.window, job.points),
      bestPathway: bestPathway(result),
      tournaments: result.tournaments,
      copies: result.copies,
      duplications: result.duplications,
      framesPerSecond: seconds > 0 ? result.frames / seconds : 0,
    },
  };
}

/**
 * The A3C arguments of a condition on target `t` (the seed of its population and rollouts,
 * its algorithm, and with `bStart` `a-path` the start of `pathnet`'s and `fine-tune`'s population).
 */
export function conditionArgs(
  seed: number,
  t: number,
  condition: RLCondition,
  pathwayA: Pathway,
  bStart: BStart = 'random',
): Partial<A3CArgs> {
  const base = { seed: runSeed(seed, 2, t), taskId: 'B' };
  if (condition === 'plain-a3c') return { ...base, evolve: false, fixedPathway: null };
  if (condition === 'fine-tune-fixed') return { ...base, evolve: false, fixedPathway: pathwayA };
  const transfer = condition === 'pathnet' || condition === 'fine-tune';
  if (transfer && bStart === 'a-path') return { ...base, evolve: true, initialPathway: pathwayA };
  return { ...base, evolve: true };
}

/**
 * Runs one job of the protocol on this thread (deterministic by the job on the
 * fused engine; `job.engine`, default `'fused'`, picks the engine of every grid).
 * @throws whatever `makeEnv`, `PathNet.create` (an engine that cannot run the grid) or `trainA3C` throw.
 */
export function runRLTransfer(
  job: RLTransferJob,
  progress: (e: RLProgressEvent) => void = () => {},
): RLTransferRecord {
  const runs: RLConditionRecord[] = [];
  const setting = job.setting ?? null;
  const engine = job.engine ?? 'fused';
  if (job.source === null) {
    job.targets.forEach((target, t) => {
      for (const condition of job.controls ?? (['independent', 'plain-a3c'] as const)) {
        // Both controls start from the same grid and seeds: they differ in the algorithm alone.
        const net = PathNet.create(job.grid, { seed: runSeed(job.seed, 1, t), engine });
        try {
          const args = conditionArgs(job.seed, t, condition, []);
          const name = `${target.id} ${condition}`;
          const { record } = train(job, net, target, args, name, progress);
          runs.push({ ...record, condition, reusedPerLayer: null });
        } finally {
          net.dispose();
        }
      }
    });
    return { seed: job.seed, setting, source: null, a: null, runs };
  }
  const source = job.source;
  const netA = PathNet.create(job.grid, { seed: runSeed(job.seed, 3), engine });
  let a: RLRunRecord;
  try {
    const args = { seed: runSeed(job.seed, 4), taskId: 'A', evolve: true };
    a = train(job, netA, source, args, `${source.id} (task A)`, progress).record;
    const valuesA = netA.toValues();
    job.targets.forEach((target, t) => {
      for (const condition of ['pathnet', 'fine-tune', 'fine-tune-fixed'] as const) {
        const net = PathNet.fromValues(valuesA, { engine });
        try {
          if (condition === 'pathnet') {
            net.freeze(a.bestPathway);
            net.reinitializeUnfrozen(runSeed(job.seed, 5, t));
          }
          const args = conditionArgs(job.seed, t, condition, a.bestPathway, job.bStart);
          const name = `${source.id} → ${target.id} ${condition}`;
          const { record } = train(job, net, target, args, name, progress);
          runs.push({
            ...record,
            condition,
            reusedPerLayer: reusedPerLayer(a.bestPathway, record.bestPathway),
          });
        } finally {
          net.dispose();
        }
      }
    });
  } finally {
    netA.dispose();
  }
  return { seed: job.seed, setting, source: source.id, a, runs };
}
