/**
 * An app's README "results" part, regenerated from its committed results: every
 * `<app>/docs/results/<name>/results.json` gives one section (its name, the run's
 * settings, its wall time, links to its files, the summary the current code computes
 * from its records), written between `<!-- <app>:results:start -->` and
 * `<!-- <app>:results:end -->`; the folder's pictures are redrawn beside it. A folder
 * added later needs no code change, and a run still going (`complete: false`) renders,
 * marked as partial. The same results always give the same bytes, and only changed
 * files are written (each atomically), so a rerun writes nothing and `--check` can
 * compare without running anything.
 *
 * The RL transfer apps (atari-transfer, labyrinth-transfer) share
 * {@link rlTransferReadme}; another app gives its own {@link ResultsReadme}.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ResultsFile } from './results.js';
import { describeGrid } from './rl-grid.js';
import { type TransferOptions, taskName, transferJobs } from './rl-options.js';
import { writeTransferPictures } from './rl-pictures.js';
import { type RLTransferSummary, summariseRLTransfer } from './rl-summary.js';
import { formatRLTransferMarkdown } from './rl-summary-format.js';
import type { RLTransferRecord } from './rl-transfer.js';
import type { MeanCI } from './summary.js';

/** A results file as the README generator reads it: any config, summary and records. */
// biome-ignore lint/suspicious/noExplicitAny: each app's spec narrows it.
export type AnyResults = ResultsFile<any, unknown, any>;

/**
 * How one app's README results are made from its results files.
 * @typeParam R - the app's results file.
 * @typeParam S - the summary it recomputes from the records.
 */
export interface ResultsReadme<R extends AnyResults = AnyResults, S = unknown> {
  /** The app's name: the markers are `<!-- <app>:results:start -->` and `…:end -->`. */
  app: string;
  /** The app's folder (absolute): `README.md` and `docs/results/` are read from it. */
  dir: string;
  /** The summary of a results file, recomputed from its records with the current code. */
  summarise: (results: R) => S;
  /** The run's settings in one line of markdown (no final full stop). */
  settings: (results: R) => string;
  /** The summary as markdown (tables and notes; no heading of level 1–3). */
  markdown: (results: R, summary: S) => string;
  /** Draws the run's pictures into the folder `out` (which exists); @returns the PNG paths written. */
  pictures: (results: R, summary: S, out: string) => Promise<string[]>;
  /** The number of jobs of the complete run (for `partial: N of M jobs`). */
  jobs: (results: R) => number;
}

/** A file to write: its path and its content (text, or bytes of a picture). */
export type ReadmeOutputs = Map<string, string | Buffer>;

/** The results folder of an app, relative to the app's folder (the README links are relative to it too). */
export const RESULTS_DIR = 'docs/results';

/**
 * The names of the folders under `<dir>/docs/results` that hold a `results.json`, sorted
 * (code-unit order, so every machine gives the same order); none when the folder is absent.
 * Reads the directory listing only.
 */
export async function resultsFolders(dir: string): Promise<string[]> {
  const root = path.join(dir, RESULTS_DIR);
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && existsSync(path.join(root, e.name, 'results.json')))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * `text` with everything between `<!-- <app>:results:start -->` and
 * `<!-- <app>:results:end -->` replaced by `body` (one empty line either side).
 * @param file - named in the error.
 * @throws {Error} when either marker is missing or the end comes first.
 */
export function replaceResultsSection(text: string, app: string, body: string, file: string) {
  const start = `<!-- ${app}:results:start -->`;
  const end = `<!-- ${app}:results:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${file}: no ${start} … ${end} markers`);
  return `${text.slice(0, a + start.length)}\n\n${body}\n\n${text.slice(b)}`;
}

/** Seconds as `941.9 s (15.7 min)`, `5323.4 s (1.48 h)`. */
export function formatWallTime(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return 'not recorded';
  const s = `${seconds.toFixed(1)} s`;
  if (seconds >= 3600) return `${s} (${(seconds / 3600).toFixed(2)} h)`;
  if (seconds >= 60) return `${s} (${(seconds / 60).toFixed(1)} min)`;
  return s;
}

/**
 * One results folder's section: a `###` heading with the folder's name (and
 * `(partial: N of M jobs)` while `complete` is false), the settings, the wall time
 * (`elapsedSeconds`), links to `results.json` and the pictures, then the summary.
 * Pure: reads nothing, writes nothing.
 * @param name - the folder's name under `docs/results`.
 * @param pictures - the pictures' file names in the folder (PNG), in the order drawn.
 */
export function resultsSection<R extends AnyResults, S>(
  spec: ResultsReadme<R, S>,
  name: string,
  results: R,
  summary: S,
  pictures: readonly string[],
): string {
  const folder = `${RESULTS_DIR}/${name}`;
  const partial = results.complete
    ? ''
    : ` (partial: ${results.seeds.length} of ${spec.jobs(results)} jobs)`;
  const links = pictures.map((p) => `[${p.replace(/\.png$/, '')}](${folder}/${p})`);
  return [
    `### ${name}${partial}`,
    [
      `${spec.settings(results)}.`,
      `Wall time ${formatWallTime(results.elapsedSeconds)}.`,
      `Results: [${folder}/results.json](${folder}/results.json)${links.length > 0 ? `; pictures: ${links.join(', ')}` : ''}.`,
    ].join('\n'),
    spec.markdown(results, summary).trim(),
  ].join('\n\n');
}

const NONE = `No run's results are committed under \`${RESULTS_DIR}/\` yet.`;

/**
 * Every file the app's results give: the README with its results part regenerated
 * (the sections of {@link resultsFolders}, in that order) and, per folder, every
 * picture (`.svg` and `.png`) as `spec.pictures` draws it. Reads the README and each
 * `results.json`; draws the pictures in a temporary folder (removed after), so it
 * writes nothing of the app's: compare with {@link staleOutputs}, write with
 * {@link writeOutputs}.
 * @throws {Error} for a README without the markers, or a `results.json` that is not JSON
 *   (naming the file).
 */
export async function resultsReadmeOutputs<R extends AnyResults, S>(
  spec: ResultsReadme<R, S>,
): Promise<ReadmeOutputs> {
  const outputs: ReadmeOutputs = new Map();
  const sections: string[] = [];
  for (const name of await resultsFolders(spec.dir)) {
    const folder = path.join(spec.dir, RESULTS_DIR, name);
    const file = path.join(folder, 'results.json');
    let results: R;
    try {
      results = JSON.parse(await readFile(file, 'utf8')) as R;
    } catch (e) {
      throw new Error(`${file}: not a results file (${(e as Error).message})`);
    }
    const summary = spec.summarise(results);
    const scratch = await mkdtemp(path.join(tmpdir(), 'pathnet-readme-'));
    try {
      const pngs = await spec.pictures(results, summary, scratch);
      for (const f of (await readdir(scratch)).sort()) {
        outputs.set(path.join(folder, f), await readFile(path.join(scratch, f)));
      }
      sections.push(
        resultsSection(
          spec,
          name,
          results,
          summary,
          pngs.map((p) => path.basename(p)),
        ),
      );
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  const readme = path.join(spec.dir, 'README.md');
  const text = await readFile(readme, 'utf8');
  outputs.set(
    readme,
    replaceResultsSection(
      text,
      spec.app,
      sections.length > 0 ? sections.join('\n\n') : NONE,
      readme,
    ),
  );
  return outputs;
}

/** The paths of `outputs` whose file is missing or differs from the content (reads each file). */
export async function staleOutputs(outputs: ReadmeOutputs): Promise<string[]> {
  const stale: string[] = [];
  for (const [file, content] of outputs) {
    const now = existsSync(file) ? await readFile(file) : undefined;
    const want = typeof content === 'string' ? Buffer.from(content) : content;
    if (now === undefined || !now.equals(want)) stale.push(file);
  }
  return stale;
}

/**
 * Writes the files of `outputs` that are missing or differ ({@link staleOutputs}), each
 * to a temporary file beside it, then renamed over it (a reader never sees half a file).
 * @returns the paths written.
 */
export async function writeOutputs(outputs: ReadmeOutputs): Promise<string[]> {
  const stale = await staleOutputs(outputs);
  for (const file of stale) {
    const tmp = `${file}.tmp-${process.pid}`;
    try {
      await writeFile(tmp, outputs.get(file) as string | Buffer);
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }
  return stale;
}

/**
 * The body of an app's `npm run readme`: regenerates the README's results part and
 * the pictures ({@link resultsReadmeOutputs}) and writes what changed; with
 * `--check` in `argv`, writes nothing and reports the files that are not up to date.
 * Prints one line per file written (or the stale ones) to stderr.
 * @returns the exit code: 0, or 1 when `--check` found a stale file.
 * @throws what {@link resultsReadmeOutputs} throws.
 */
export async function runResultsReadme<R extends AnyResults, S>(
  spec: ResultsReadme<R, S>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<number> {
  const outputs = await resultsReadmeOutputs(spec);
  const rel = (f: string) => path.relative(spec.dir, f);
  if (argv.includes('--check')) {
    const stale = await staleOutputs(outputs);
    if (stale.length > 0) {
      console.error(
        `${spec.app}: not up to date with the committed results: ${stale.map(rel).join(', ')}; run npm run readme -w @pathnet/${spec.app}`,
      );
      return 1;
    }
    console.error(`${spec.app}: README up to date`);
    return 0;
  }
  const written = await writeOutputs(outputs);
  for (const f of written) console.error(`${spec.app}: wrote ${rel(f)}`);
  if (written.length === 0) console.error(`${spec.app}: README up to date`);
  return 0;
}

/** An RL transfer app's results file (`rl-app.ts` writes it). */
export type RLTransferResults = ResultsFile<
  TransferOptions,
  RLTransferSummary,
  RLTransferRecord
> & {
  randomAgent?: { episodes: number; seed: number; returns: Record<string, MeanCI> };
};

/** `first–last` of `count` seeds from `first` (`seed 3` for one). */
const seedRange = (first: number, count: number) =>
  count === 1 ? `seed ${first}` : `seeds ${first}–${first + count - 1}`;

/** The pairs: every ordered pair of the tasks in a few words, else each `A → B`. */
function pairsText(o: TransferOptions): string {
  const names = o.tasks.map((t) => taskName(t.id));
  const n = o.tasks.length;
  const distinct = new Set(o.pairs.map(([a, b]) => `${a} ${b}`));
  const every =
    n > 2 &&
    o.pairs.length === n * (n - 1) &&
    o.pairs.every(([a, b]) => a !== b) &&
    distinct.size === o.pairs.length;
  if (every) return `every ordered pair of ${names.join(', ')} (${o.pairs.length} pairs)`;
  return `${o.pairs.length === 1 ? 'pair' : 'pairs'} ${o.pairs.map(([a, b]) => `${taskName(a)} → ${taskName(b)}`).join(', ')}`;
}

/** The observation layout of the tasks (MinAtar's `semantic` or `padded`), with the grid's input shape. */
function layoutText(o: TransferOptions): string {
  const layouts = new Set(
    o.tasks.map((t) =>
      typeof t.options?.layout === 'string'
        ? t.options.layout
        : t.channels !== undefined
          ? `padded to ${t.channels} channels`
          : undefined,
    ),
  );
  const named = [...layouts].filter((l): l is string => l !== undefined);
  const input = `input [${o.grid.inputShape.join(', ')}]`;
  return named.length > 0 ? `layout ${named.join(' / ')} (${input})` : input;
}

/** `each action repeated 4 frames` where the tasks repeat actions (`wrappers.frameSkip`); else nothing. */
function frameSkipText(o: TransferOptions): string[] {
  const skips = [...new Set(o.tasks.map((t) => t.wrappers?.frameSkip ?? 1))];
  return skips.length === 1 && skips[0] === 1
    ? []
    : [`each action repeated ${skips.join(' / ')} frames (counted in the budget)`];
}

/**
 * The settings line of an RL transfer run: pairs, seeds, null seeds, frames, frame
 * skip (where actions repeat), A3C workers and arguments (module duplication where set), layout and input, grid,
 * engine, where B's population starts (when not the paper's random start) and the
 * setting's label. Pure.
 */
export function rlTransferSettings(o: TransferOptions): string {
  const a = o.a3c;
  const duplication =
    a.duplicationRate === undefined
      ? ''
      : `, module duplication ${a.duplicationRate > 0 ? `rate ${a.duplicationRate}` : 'off'}`;
  const nulls = o.nullSeeds ?? 0;
  return [
    pairsText(o),
    seedRange(o.seed, o.seeds),
    nulls > 0 ? `null ${seedRange(o.seed + o.seeds, nulls)}` : 'no null seeds',
    `${o.frames} frames per run`,
    ...frameSkipText(o),
    `${a.workers} workers (T=${a.evaluationEpisodes}, B=${a.tournamentSize}, lr ${a.learningRate}, β ${a.entropyCoef}${duplication})`,
    layoutText(o),
    `grid ${describeGrid(o.grid)}`,
    `engine ${o.engine ?? 'fused'}`,
    ...(o.bStart !== undefined && o.bStart !== 'random' ? [`\`--b-start ${o.bStart}\``] : []),
    ...(o.setting !== null ? [`setting ${o.setting}`] : []),
  ].join('; ');
}

/**
 * {@link formatRLTransferMarkdown} fitted into a README section: its level-1 title
 * dropped and each pair's level-2 heading made a bold line (a matrix's 20 pairs would
 * otherwise crowd the README's outline with headings of the same names).
 */
export const rlTransferReadmeMarkdown = (s: RLTransferSummary): string =>
  formatRLTransferMarkdown(s)
    .replace(/^# [^\n]*\n\n/, '')
    .replace(/^## (.*)$/gm, '**$1**');

/**
 * The {@link ResultsReadme} of an RL transfer app (atari-transfer, labyrinth-transfer):
 * the summary is `summariseRLTransfer(records, config.fraction, randomAgent.returns)`,
 * written by {@link rlTransferReadmeMarkdown}; the pictures are `writeTransferPictures`'
 * (speedup heatmap, curves and pathways per pair); the jobs are `transferJobs(config)`.
 * @param app - the app's name (its markers' and its workspace's).
 * @param dir - the app's folder.
 */
export function rlTransferReadme(
  app: string,
  dir: string,
): ResultsReadme<RLTransferResults, RLTransferSummary> {
  return {
    app,
    dir,
    summarise: (r) => summariseRLTransfer(r.seeds, r.config.fraction, r.randomAgent?.returns),
    settings: (r) => rlTransferSettings(r.config),
    markdown: (_, s) => rlTransferReadmeMarkdown(s),
    pictures: (r, s, out) => writeTransferPictures({ ...r.config, out }, s, r.seeds),
    jobs: (r) => transferJobs(r.config).length,
  };
}
