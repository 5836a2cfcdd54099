/**
 * The RL transfer summary (`rl-summary.ts`) as text: for the terminal, per pair
 * a table of scores and a table of speedups (each beside its null and
 * permutation p-value), then the means over pairs, every line within 120
 * columns; and as markdown, the same with every detail (per-seed speedups, the
 * modules of A that B's pathways re-use), for `summary.md` beside `results.json`.
 *
 * @packageDocumentation
 */
import Table from 'cli-table3';
import type { NullSummary } from './rl-null.js';
import { taskName } from './rl-options.js';
import {
  RL_CONTROLS,
  type RLComparison,
  type RLPairSummary,
  type RLTransferSummary,
  TRANSFER_CONDITIONS,
} from './rl-summary.js';
import { formatP } from './speedups.js';
import type { MeanCI } from './summary.js';

const fixed = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(2);
const score = (m: MeanCI) =>
  `${fixed(m.mean)}${m.ci95 ? ` ± ${((m.ci95[1] - m.ci95[0]) / 2).toFixed(2)}` : ''}`;
const nullText = (n: NullSummary | null) =>
  n === null ? '—' : `${fixed(n.median)} [${fixed(n.interval[0])}, ${fixed(n.interval[1])}]`;
const speedupText = (c: RLComparison) =>
  `${fixed(c.measures.speedup)}${c.sameAlgorithm ? '*' : ''}`;
const perSeedText = (c: RLComparison) => c.perSeed.map((m) => fixed(m.speedup)).join(' ');
const style = { head: [], border: [] };
/** `1 run`, `5 runs`: a count and its noun, plural unless the count is 1. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A pair's name: `setting: Source → Target`. */
const pairName = (p: RLPairSummary) =>
  `${p.setting ? `${p.setting}: ` : ''}${taskName(p.source)} → ${taskName(p.target)}`;

/** A pair's runs, each with its final score (independent: first point → final) and A's modules re-used. */
function scoreRows(p: RLPairSummary): string[][] {
  const rows = [
    [`A (${taskName(p.source)})`, '', score(p.sourceFinal), ''],
    [
      `independent (${plural(p.controlRuns.independent, 'run')})`,
      `${p.seeds} (${p.controlLearned})`,
      `${fixed(p.independentFirst.mean)} → ${score(p.independentFinal)}`,
      '',
    ],
  ];
  if (p.randomBaseline) rows.push(['random agent', '', score(p.randomBaseline), '']);
  for (const condition of TRANSFER_CONDITIONS) {
    const c = p.conditions[condition];
    rows.push([
      condition === 'plain-a3c'
        ? `plain-a3c (${plural(p.controlRuns['plain-a3c'], 'run')})`
        : condition,
      String(p.seeds),
      score(c.finalScore),
      c.reusedPerLayer.map((v) => v.toFixed(2)).join(' '),
    ]);
  }
  return rows;
}

/** A pair's comparisons: each condition against each control it has, with the null, p and AUC ratio. */
function speedupRows(p: RLPairSummary, perSeed: boolean): string[][] {
  return TRANSFER_CONDITIONS.flatMap((condition) =>
    RL_CONTROLS.flatMap((control) => {
      const c = p.conditions[condition].comparisons[control];
      if (c === undefined) return [];
      return [
        [
          condition,
          `${control}${c.sameAlgorithm ? '*' : ''}`,
          speedupText(c),
          ...(perSeed ? [perSeedText(c)] : []),
          nullText(c.null),
          c.test ? formatP(c.test.p) : '—',
          fixed(c.measures.aucRatio),
        ],
      ];
    }),
  );
}

const SCORE_HEAD = [
  'run',
  'seeds (control learned)',
  'final on B',
  'A modules on B pathway / layer',
];
const SPEEDUP_HEAD = ['condition', 'vs control', 'speedup', 'null [2.5%, 97.5%]', 'p', 'AUC ratio'];
const MEANS_HEAD = [
  'condition',
  'vs control',
  'pairs',
  'mean speedup',
  'geometric mean [95%]',
  'faster',
  'null median',
  'AUC ratio',
];

/** What stands for the means table when no pair enters it (e.g. a positive control alone). */
const noMeans = (s: RLTransferSummary) =>
  s.means.every((m) => m.pairs === 0)
    ? 'no means over pairs: no pair of two tasks whose independent control learned in every seed'
    : null;

/** What the means table's columns are (printed only with the table). */
const MEANS_NOTES = [
  'means over the pairs of two tasks whose independent control learned in every seed (positive controls, a task to',
  '  itself, left out; modules re-used: over every pair):',
  '  geometric mean [95%] = t-interval of the log speedups over pairs; faster = pairs with speedup > 1;',
  "  null median and AUC ratio = the pairs' mean; plain-a3c vs independent: one per target (no source in it)",
];

/** The notes under the tables: what each figure is. */
function notes(s: RLTransferSummary): string[] {
  const random = s.pairs.some((p) => p.randomBaseline)
    ? " above the random agent's upper 95% bound and"
    : '';
  // The notes end within 120 columns, like the tables.
  return [
    `speedup = frames the control's mean curve needs ÷ frames the condition's needs to reach ${s.fraction} of the pooled curves' rise`,
    "(both censored at the budget; 1 = no effect); * = the control that runs the condition's algorithm",
    "null = the control's runs split against each other (median [2.5%, 97.5%]); p = permutation test over seeds (two-sided)",
    `control learned = the independent control's own curve ends${random}`,
    '  above its first point with data',
    ...(noMeans(s) === null ? MEANS_NOTES : []),
  ];
}

const geometricText = (g: MeanCI | null) =>
  g === null
    ? '—'
    : `${fixed(g.mean)}${g.ci95 ? ` [${fixed(g.ci95[0])}, ${fixed(g.ci95[1])}]` : ''}`;

const meansRows = (s: RLTransferSummary) =>
  s.means.map((m) => [
    m.condition,
    `${m.control}${m.sameAlgorithm ? '*' : ''}`,
    String(m.pairs),
    fixed(m.speedup),
    geometricText(m.geometricSpeedup),
    m.pairs ? `${m.faster} of ${m.pairs}` : '—',
    fixed(m.nullMedian),
    fixed(m.aucRatio),
  ]);

/**
 * The summary for the terminal: per pair its name, a table of the runs' final scores and
 * one of the speedups against each control with the null and p-value; then the notes
 * and the means over pairs. Every line fits 120 columns (the per-seed speedups are in
 * {@link formatRLTransferMarkdown}).
 */
export function formatRLTransferSummary(s: RLTransferSummary): string {
  const lines: string[] = [];
  for (const p of s.pairs) {
    const scores = new Table({ head: SCORE_HEAD, style });
    scores.push(...scoreRows(p));
    const speedups = new Table({ head: SPEEDUP_HEAD, style });
    speedups.push(...speedupRows(p, false));
    lines.push(pairName(p), scores.toString(), speedups.toString());
  }
  const means = new Table({ head: MEANS_HEAD, style });
  means.push(...meansRows(s));
  return [...lines, ...notes(s), noMeans(s) ?? means.toString()].join('\n');
}

/** A markdown table. */
const markdown = (head: string[], rows: string[][]) =>
  [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');

/**
 * The summary as markdown with every detail: per pair the scores, and the speedups with
 * each seed's beside the mean; then the means over pairs and the notes.
 */
export function formatRLTransferMarkdown(s: RLTransferSummary): string {
  const head = [...SPEEDUP_HEAD.slice(0, 3), 'per seed', ...SPEEDUP_HEAD.slice(3)];
  const sections = s.pairs.map((p) =>
    [
      `## ${pairName(p)}`,
      markdown(SCORE_HEAD, scoreRows(p)),
      markdown(head, speedupRows(p, true)),
    ].join('\n\n'),
  );
  return [
    '# RL transfer summary',
    ...sections,
    '## Means over pairs',
    noMeans(s) ?? markdown(MEANS_HEAD, meansRows(s)),
    notes(s).join('\n'),
  ].join('\n\n');
}
