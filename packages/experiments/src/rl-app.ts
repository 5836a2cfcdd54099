/**
 * The experiment loop of the RL transfer apps (Fernando et al. 2017, Sec.
 * 3.3–3.4): the jobs of a matrix of ordered pairs over seeds (the protocol
 * `pathnet/rl-transfer` of `@pathnet/experiments`), run in worker threads with
 * `results.json` written after every job and resumed from, then the summary
 * table and the pictures. `atari-transfer` and `labyrinth-transfer` differ
 * only in their tasks, grid and flags. The uniform-random agent's return on
 * each target (`randomAgentReturn`) is measured once per results folder and
 * kept in `results.json` (`randomAgent`): a control counts as learned only
 * above it.
 */
import { availableParallelism } from 'node:os';
import { formatBackendDescription, initBackend } from '@pathnet/backend';
import type { PathNetConfig } from '@pathnet/core';
import {
  type EnvSpec,
  type FolderMode,
  formatRLTransferSummary,
  loadResults,
  localExecutor,
  type MeanCI,
  newResults,
  type ResultsFile,
  RL_TRANSFER_JOB_KIND,
  type RLProgressEvent,
  type RLTransferJob,
  type RLTransferRecord,
  type RLTransferSummary,
  randomAgentReturn,
  resultsFolderHint,
  resultsPath,
  runExperiment,
  summariseRLTransfer,
} from '@pathnet/experiments';
import { enableRelaxedSimd } from '@pathnet/kernels';
import type { A3CArgs } from '@pathnet/rl';
import { writeTransferPictures } from './pictures.js';

/** Bad input on the command line: the app exits with 2 and this message. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

/** An experiment's settings (what `results.json` records as its config). */
export interface TransferOptions {
  /** Every task of the experiment, in matrix order (one observation layout). */
  tasks: EnvSpec[];
  /** Ordered pairs `[source id, target id]`. */
  pairs: Array<[string, string]>;
  seeds: number;
  /** First seed (seeds `seed … seed + seeds − 1`). */
  seed: number;
  /** Frame budget of every run. */
  frames: number;
  grid: PathNetConfig;
  /** A3C arguments of every run. */
  a3c: Partial<A3CArgs>;
  /** Episodes a learning-curve point averages. */
  window: number;
  /** Points per learning curve. */
  points: number;
  /** Fraction of the control's rise that defines the speedup's score level. */
  fraction: number;
  /**
   * Episodes of the uniform-random agent measured on each target: a control
   * must end above its return's upper 95% bound to count as learned; 0: no
   * baseline (the rise alone counts). Absent in results written before it existed.
   */
  randomEpisodes: number;
  /** A label of the setting (e.g. `no-duplication`), or null. */
  setting: string | null;
  out: string;
}

/** The random agent's returns on the targets, as `results.json` keeps them (`randomAgent`). */
export interface RandomAgentBaselines {
  /** Episodes per target. */
  episodes: number;
  /** The seed of its actions and episodes (the run's first seed). */
  seed: number;
  /** Per target task id, the mean return with its 95% interval (units of return). */
  returns: Record<string, MeanCI>;
}

type Results = ResultsFile<TransferOptions, RLTransferSummary, RLTransferRecord> & {
  /** Optional: absent in results written before the baseline existed, or with `--random-episodes 0`. */
  randomAgent?: RandomAgentBaselines;
};

/** The default of `--random-episodes`: 10 when a task is real Atari (ALE episodes are slow), else 100. */
export const defaultRandomEpisodes = (tasks: readonly EnvSpec[]) =>
  tasks.some((t) => t.id.startsWith('ale/')) ? 10 : 100;

/** @throws {OptionError} unless `v` is an integer in [min, max]. */
export function checkInteger(flag: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new OptionError(
      `${flag} must be an integer ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`}, got ${v}`,
    );
  }
}

/**
 * Checks the settings both apps share before anything runs.
 * @throws {OptionError} naming the flag and what it expects.
 */
export function validateTransfer(o: TransferOptions): TransferOptions {
  checkInteger('--seeds', o.seeds, 1);
  checkInteger('--seed', o.seed, 0);
  checkInteger('--frames', o.frames, 1);
  checkInteger('--workers', o.a3c.workers ?? 0, 2);
  checkInteger('--evaluation-episodes', o.a3c.evaluationEpisodes ?? 0, 1);
  checkInteger('--tournament-size', o.a3c.tournamentSize ?? 0, 1, (o.a3c.workers ?? 2) - 1);
  checkInteger('--window', o.window, 1);
  checkInteger('--points', o.points, 2);
  checkInteger('--random-episodes', o.randomEpisodes, 0);
  const rate = o.a3c.duplicationRate ?? 0;
  if (!(rate >= 0 && rate <= 1)) {
    throw new OptionError(`--duplication-rate must be in [0, 1], got ${rate}`);
  }
  if (!((o.a3c.learningRate ?? 0) > 0)) {
    throw new OptionError(`--learning-rate must be > 0, got ${o.a3c.learningRate}`);
  }
  if (!((o.a3c.entropyCoef ?? -1) >= 0)) {
    throw new OptionError(`--entropy-cost must be ≥ 0, got ${o.a3c.entropyCoef}`);
  }
  if (!(o.fraction > 0 && o.fraction <= 1)) {
    throw new OptionError(`--fraction must be in (0, 1], got ${o.fraction}`);
  }
  return o;
}

/** A task's short name: `minatar/SpaceInvaders-v0` → `SpaceInvaders`. */
export const taskName = (id: string) => id.replace(/^.*\//, '').replace(/-v\d+$/, '');

/**
 * The jobs of an experiment, per seed: one job per source (A trained once,
 * then its targets) and one job of independent controls for every target.
 */
export function transferJobs(o: TransferOptions): RLTransferJob[] {
  const spec = (id: string) => o.tasks.find((t) => t.id === id) as EnvSpec;
  const sources = [...new Set(o.pairs.map(([s]) => s))];
  const targets = [...new Set(o.pairs.map(([, t]) => t))];
  const jobs: RLTransferJob[] = [];
  for (let seed = o.seed; seed < o.seed + o.seeds; seed++) {
    const base = {
      seed,
      frames: o.frames,
      grid: o.grid,
      a3c: o.a3c,
      window: o.window,
      points: o.points,
      ...(o.setting !== null && { setting: o.setting }),
    };
    for (const s of sources) {
      const ts = o.pairs.filter(([x]) => x === s).map(([, t]) => spec(t));
      jobs.push({ ...base, source: spec(s), targets: ts });
    }
    jobs.push({ ...base, source: null, targets: targets.map(spec) });
  }
  return jobs;
}

/** Parses `--pairs`: `all`, or `A:B` pairs separated by commas, names as in `names`. */
export function parsePairs(
  value: string,
  tasks: readonly EnvSpec[],
  flag = '--pairs',
): Array<[string, string]> {
  const byName = new Map(tasks.map((t) => [taskName(t.id).toLowerCase(), t.id]));
  const names = tasks.map((t) => taskName(t.id)).join(', ');
  if (value.trim() === 'all') {
    return tasks.flatMap((a) =>
      tasks.filter((b) => b !== a).map((b) => [a.id, b.id] as [string, string]),
    );
  }
  const pairs = value.split(',').map((p) => {
    const [a, b, ...rest] = p.split(':').map((s) => s.trim().toLowerCase());
    const ida = byName.get(a ?? '');
    const idb = byName.get(b ?? '');
    if (rest.length > 0 || ida === undefined || idb === undefined) {
      throw new OptionError(`${flag} expects all or SOURCE:TARGET pairs of ${names}; got "${p}"`);
    }
    if (ida === idb) throw new OptionError(`${flag}: "${p}" transfers a task to itself`);
    return [ida, idb] as [string, string];
  });
  if (new Set(pairs.map((p) => p.join())).size !== pairs.length) {
    throw new OptionError(`${flag} lists a pair twice`);
  }
  return pairs;
}

/** How an app runs: its name, results format and what it prints first. */
export interface TransferRun {
  app: string;
  format: string;
  /** How the run takes `out` (`folderModeOf` of `--resume`/`--force`); default as `runExperiment`. */
  mode?: FolderMode;
  /** Threads (jobs at once); default the cores, at most the jobs. */
  threads?: number;
  backend?: string;
  progress: boolean;
  /** One line describing the experiment (printed above the table). */
  describe: (o: TransferOptions) => string;
}

/**
 * Loads a results folder to continue (its settings are kept; `seeds` may raise
 * the count; `randomEpisodes`, when given, replaces the recorded count, which
 * results written before it existed lack: they get {@link defaultRandomEpisodes}).
 */
export async function resumeOptions(
  dir: string,
  format: string,
  seeds?: number,
  randomEpisodes?: number,
): Promise<{ options: TransferOptions; results: Results }> {
  const results: Results = await loadResults<TransferOptions, RLTransferSummary, RLTransferRecord>(
    dir,
    format,
  );
  const options = { ...results.config, out: dir };
  if (seeds !== undefined) options.seeds = Math.max(seeds, options.seeds);
  options.randomEpisodes =
    randomEpisodes ?? options.randomEpisodes ?? defaultRandomEpisodes(options.tasks);
  return { options, results };
}

/**
 * The random agent's return on every target of `o`: those `kept` holds for the
 * same episodes and seed are re-used, the others measured (`randomAgentReturn`,
 * seeded by the run's first seed); undefined with `randomEpisodes` 0.
 */
export function randomBaselines(
  o: TransferOptions,
  kept?: RandomAgentBaselines,
): RandomAgentBaselines | undefined {
  if (o.randomEpisodes === 0) return undefined;
  const same = kept?.episodes === o.randomEpisodes && kept.seed === o.seed;
  const returns: Record<string, MeanCI> = {};
  for (const id of new Set(o.pairs.map(([, t]) => t))) {
    const spec = o.tasks.find((t) => t.id === id) as EnvSpec;
    returns[id] = (same && kept.returns[id]) || randomAgentReturn(spec, o.randomEpisodes, o.seed);
  }
  return { episodes: o.randomEpisodes, seed: o.seed, returns };
}

const formatBaselines = (b: RandomAgentBaselines) =>
  `random agent (uniform actions, ${b.episodes} episodes, seed ${b.seed}): ${Object.entries(
    b.returns,
  )
    .map(
      ([id, r]) =>
        `${taskName(id)} ${r.mean.toFixed(2)}${r.ci95 ? ` [${r.ci95[0].toFixed(2)}, ${r.ci95[1].toFixed(2)}]` : ''}`,
    )
    .join(', ')}`;

/**
 * Runs the jobs not yet in `results.json`, then prints the summary and writes the pictures.
 * @returns the summary.
 */
export async function runTransfer(
  run: TransferRun,
  options: TransferOptions,
  resumed?: Results,
): Promise<RLTransferSummary> {
  const results: Results = resumed ?? newResults(run.format, options);
  results.config = options;
  const variant = enableRelaxedSimd();
  await initBackend(run.backend ? { backend: run.backend } : {});
  console.error(formatBackendDescription());
  const jobs = transferJobs(options);
  const todo = jobs.length - results.seeds.length;
  const threads = run.threads ?? Math.max(1, Math.min(availableParallelism(), todo));
  const executor = localExecutor({
    workers: threads,
    ...(run.backend !== undefined && { backend: run.backend }),
  });
  console.error(
    `${todo} of ${jobs.length} jobs to do (${options.pairs.length} pair(s) × ${options.seeds} seed(s): per seed, one job per source task — A, then pathnet and fine-tune on each of its targets — and one running the independent control of every target), on ${executor.description}`,
  );
  process.once('SIGINT', () => {
    console.error(
      `\ninterrupted: ${results.seeds.length} finished jobs are in ${resultsPath(options.out)}; continue with --resume ${options.out}`,
    );
    process.exit(130);
  });
  const baselines = randomBaselines(options, results.randomAgent);
  if (baselines) results.randomAgent = baselines;
  else delete results.randomAgent;
  const summarise = (records: readonly RLTransferRecord[]) =>
    summariseRLTransfer(records, options.fraction, baselines?.returns);
  // A resumed folder's summary is recomputed now (with the baseline): written even when no job is left.
  if (results.seeds.length > 0) results.summary = summarise(results.seeds);
  await runExperiment<
    TransferOptions,
    RLTransferSummary,
    RLTransferJob,
    RLTransferRecord,
    RLProgressEvent
  >({
    out: options.out,
    ...(run.mode !== undefined && { mode: run.mode }),
    folderHint: resultsFolderHint(options.out),
    results,
    kind: RL_TRANSFER_JOB_KIND,
    jobs,
    summarise,
    executor,
    events: {
      progress: (e) => {
        if (run.progress) {
          console.error(
            `${e.run}: frame ${e.frame}/${e.frames}, mean return ${e.meanReturn.toFixed(2)}`,
          );
        }
      },
      record: (r) => {
        if (!run.progress) return;
        const runs = r.runs.map(
          (x) => `${taskName(x.task)} ${x.condition} ${x.finalScore.toFixed(2)}`,
        );
        console.error(
          `done: seed ${r.seed} ${r.source ? `A ${taskName(r.source)} ${r.a?.finalScore.toFixed(2)}; ` : ''}${runs.join('; ')}`,
        );
      },
    },
  });
  const summary = summarise(results.seeds);
  const pictures = await writeTransferPictures(options, summary, results.seeds);
  const fps = results.seeds.flatMap((r) => [...(r.a ? [r.a] : []), ...r.runs]);
  const meanFps = fps.reduce((s, r) => s + r.framesPerSecond, 0) / Math.max(1, fps.length);
  console.log(`\n${run.describe(options)}; kernels ${variant}`);
  if (baselines) console.log(formatBaselines(baselines));
  console.log(formatRLTransferSummary(summary));
  console.log(
    `wall time: ${(results.elapsedSeconds ?? 0).toFixed(1)} s; mean frames/s per run: ${meanFps.toFixed(0)}; results: ${resultsPath(options.out)}`,
  );
  console.log(`pictures: ${pictures.join(', ')}`);
  return summary;
}
