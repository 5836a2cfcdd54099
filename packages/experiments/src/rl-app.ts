/**
 * The experiment loop of the RL transfer apps (Fernando et al. 2017, Sec.
 * 3.3–3.4): the jobs of a matrix of ordered pairs over seeds (the protocol
 * `pathnet/rl-transfer`), run in worker threads with `results.json` written
 * after every job and resumed from, then the summary table and the pictures.
 * `atari-transfer` and `labyrinth-transfer` differ only in their tasks, grid
 * and flags. The uniform-random agent's return on each target
 * (`randomAgentReturn`) is measured once per results folder and kept in
 * `results.json` (`randomAgent`): a curve counts as learned only above it.
 *
 * @packageDocumentation
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { formatBackendDescription, initBackend } from '@pathnet/backend';
import { enableRelaxedSimd } from '@pathnet/kernels';
import { Eta, FrameEta } from './eta.js';
import { runExperiment } from './experiment.js';
import { type Executor, executorOf } from './local-executor.js';
import { newResults, type ResultsFile, resultsPath } from './results.js';
import { type FolderMode, picturesLine } from './results-folder.js';
import type { EnvSpec } from './rl-env.js';
import { type TransferOptions, taskName, transferJobs } from './rl-options.js';
import { writeTransferPictures } from './rl-pictures.js';
import { randomAgentReturn } from './rl-random.js';
import { type RLTransferSummary, summariseRLTransfer } from './rl-summary.js';
import { formatRLTransferMarkdown, formatRLTransferSummary } from './rl-summary-format.js';
import {
  jobRuns,
  type RLProgressEvent,
  type RLTransferJob,
  type RLTransferRecord,
} from './rl-transfer.js';
import { RL_TRANSFER_JOB_KIND, rlTransferJobKind } from './rl-transfer-job.js';
import type { MeanCI } from './summary.js';

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

/** How an app runs: its name, results format and what it prints first. */
export interface TransferRun {
  app: string;
  format: string;
  /** How the run takes `out` (`folderModeOf` of `--resume`/`--force`); default as `runExperiment`. */
  mode?: FolderMode;
  /** Threads (jobs at once); default the cores, at most the jobs. */
  threads?: number;
  backend?: string;
  /** Where the jobs run instead of local worker threads (e.g. `queueExecutor`). */
  executor?: Executor;
  progress: boolean;
  /** One line describing the experiment (printed above the table). */
  describe: (o: TransferOptions) => string;
  /** Which grid the run uses and why (`gridLine`), printed first; absent: no such line. */
  gridLine?: string;
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
  if (run.gridLine !== undefined) console.error(run.gridLine);
  await initBackend(run.backend ? { backend: run.backend } : {});
  console.error(formatBackendDescription());
  const jobs = transferJobs(options);
  const todo = jobs.length - results.seeds.length;
  const threads = run.threads ?? Math.max(1, Math.min(availableParallelism(), todo));
  const executor = executorOf(run.executor, {
    workers: threads,
    ...(run.backend !== undefined && { backend: run.backend }),
    plugins: options.plugins ?? [],
  });
  console.error(
    `${todo} of ${jobs.length} jobs to do, on ${executor.description}: ${options.pairs.length} pair(s) × ${options.seeds} seed(s), ${options.nullSeeds ?? 0} null seed(s)\n` +
      '(per seed, a job per source: A, then pathnet, fine-tune, fine-tune-fixed on its targets; one for both controls)',
  );
  process.once('SIGINT', () => {
    console.error(
      `\ninterrupted: ${results.seeds.length} finished jobs are in ${resultsPath(options.out)}; continue with --resume ${options.out}`,
    );
    process.exit(130);
  });
  const eta = new Eta(todo, Math.min(threads, Math.max(1, todo)));
  const finished = new Set(results.seeds.map((r) => rlTransferJobKind.recordKey(r)));
  const frameEta = new FrameEta(
    jobs
      .filter((job) => !finished.has(rlTransferJobKind.key(job)))
      .reduce((sum, job) => sum + jobRuns(job) * job.frames, 0),
  );
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
    results,
    kind: RL_TRANSFER_JOB_KIND,
    jobs,
    summarise,
    executor,
    events: {
      progress: (e) => {
        frameEta.update(`${e.seed} ${e.run}`, e.frame, e.frames);
        if (run.progress) {
          console.error(
            `seed ${e.seed} ${e.run}: frame ${e.frame}/${e.frames}, mean return ${e.meanReturn.toFixed(2)}; ${frameEta}`,
          );
        }
      },
      record: (r) => {
        const progress = eta.tick();
        if (!run.progress) return;
        const runs = r.runs.map(
          (x) => `${taskName(x.task)} ${x.condition} ${x.finalScore.toFixed(2)}`,
        );
        console.error(
          `${progress}: seed ${r.seed} ${r.source ? `A ${taskName(r.source)} ${r.a?.finalScore.toFixed(2)}; ` : ''}${runs.join('; ')}`,
        );
      },
    },
  });
  const summary = summarise(results.seeds);
  const pictures = await writeTransferPictures(options, summary, results.seeds);
  const fps = results.seeds.flatMap((r) => [...(r.a ? [r.a] : []), ...r.runs]);
  const meanFps = fps.reduce((s, r) => s + r.framesPerSecond, 0) / Math.max(1, fps.length);
  console.log(
    `\n${run.describe(options)}\nengine ${options.engine ?? 'fused'}, kernels ${variant}`,
  );
  if (baselines) console.log(formatBaselines(baselines));
  console.log(formatRLTransferSummary(summary));
  const details = path.join(options.out, 'summary.md');
  await writeFile(details, `${formatRLTransferMarkdown(summary)}\n`);
  console.log(
    `wall time: ${(results.elapsedSeconds ?? 0).toFixed(1)} s; mean frames/s per run: ${meanFps.toFixed(0)}; results: ${resultsPath(options.out)}`,
  );
  console.log(picturesLine(options.out, pictures));
  console.log(`every detail (per-seed speedups, modules re-used): ${details}`);
  return summary;
}
