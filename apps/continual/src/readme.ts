/**
 * The README's results section, from the committed results files: per benchmark the settings,
 * the table of ACC/BWT/FWT with intervals, PathNet's capacity, the wall time and the pictures.
 * `scripts/readme.mjs` writes it between `<!-- continual:results:start -->` and
 * `<!-- continual:results:end -->`; the same files always give the same text.
 */
import type { ContinualRecord, ContinualSummaryRow, ResultsFile } from '@pathnet/experiments';
import type { ContinualOptions } from './options.js';
import { summaryTable } from './report.js';

/** A results file of this app. */
export type ContinualResults = ResultsFile<
  ContinualOptions,
  ContinualSummaryRow[],
  ContinualRecord
>;

/** The Markdown of one benchmark's results, with links relative to the README's folder. */
export function benchmarkSection(results: ContinualResults, folder: string): string {
  const o = results.config;
  const rows = results.summary ?? [];
  const seeds = [...new Set(results.seeds.map((r) => r.seed))].sort((a, b) => a - b);
  const pathnet = rows.find((r) => r.method === 'pathnet');
  const perTask = 2 * o.generations * o.steps;
  return [
    `### ${o.benchmark} (${o.tasks} tasks)`,
    '',
    `Seeds ${seeds[0]}–${seeds.at(-1)} (${seeds.length}); L=${o.layers} M=${o.modules} N=${o.active}, ` +
      `${o.units} units per module, P=${o.population} T=${o.steps} G=${o.generations} B=${o.batchSize}, ` +
      `SGD lr ${o.learningRate}, ${perTask} SGD steps per task for every method; engine ${o.engine}, ` +
      `${results.versions.runtime}. Wall time ${(results.elapsedSeconds ?? results.wallSeconds).toFixed(0)} s ` +
      'for the whole table on the shared 2-core machine (load: see Machine below). ' +
      `Intervals: 95% t-intervals over seeds. \`${folder}/results.json\`.`,
    '',
    summaryTable(rows),
    '',
    ...(pathnet?.meanFrozenPerLayer === undefined
      ? []
      : [
          `PathNet's grid: mean frozen modules per layer (of ${o.modules}) after each task.`,
          '',
          `| after task | ${pathnet.meanFrozenPerLayer[0]!.map((_, l) => `layer ${l + 1}`).join(' | ')} |`,
          `|---|${pathnet.meanFrozenPerLayer[0]!.map(() => '---').join('|')}|`,
          ...pathnet.meanFrozenPerLayer.map(
            (row, k) => `| ${k + 1} | ${row.map((v) => Number(v.toFixed(1))).join(' | ')} |`,
          ),
          '',
        ]),
    `![accuracy matrices](${folder}/accuracy-matrix.png)`,
    '',
    `[ACC](${folder}/acc.png) · [BWT](${folder}/bwt.png) · [FWT](${folder}/fwt.png)`,
  ].join('\n');
}

/**
 * `text` with the part between the results markers replaced by `body`.
 * @throws Error naming the missing marker.
 */
export function replaceResults(text: string, body: string): string {
  const start = '<!-- continual:results:start -->';
  const end = '<!-- continual:results:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README: expected the markers ${start} … ${end}`);
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`;
}
