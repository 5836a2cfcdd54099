/**
 * The binary-MNIST part of `docs/REPRODUCTION.md`, computed from the grid's committed
 * results files (`docs/results/<cell>/results.json`): per cell, PathNet against learning B
 * from scratch at every stopping level; for the default cell, every one-factor comparison;
 * a verdict per cell; and the forest plot's rows. Deterministic: the same files give the same
 * bytes (the bootstrap is seeded).
 */
import {
  formatP,
  type LevelSpeedup,
  type ResultsFile,
  type SeedRecord,
  type Summary,
} from '@pathnet/experiments';
import type { ForestRow } from '@pathnet/viz';
import { GRID_CELLS, type GridCell } from './grid-cells.js';
import { DEFAULT_REPORT_LEVELS, type ExperimentOptions } from './options.js';
import { PAPER_SPEEDUP, summaryOf } from './report.js';

/** A cell with its results file, when the grid has run it. */
export interface CellResults {
  readonly cell: GridCell;
  readonly results: ResultsFile<ExperimentOptions, Summary> | undefined;
}

/** The binary-MNIST section: Markdown, the README's headline and the forest plot's rows and groups. */
export interface ReproductionSection {
  readonly markdown: string;
  /** The headline table of the root README: the paper's claim and the controls at two levels. */
  readonly headline: string;
  readonly forest: { rows: ForestRow[]; groups: { start: number; label: string }[] };
}

/**
 * The level the report reads besides the paper's stop: below the noisy test accuracy (≈ 0.94
 * at noise 0.5), so that reaching it takes features that generalise, not memorised noise.
 */
export const GENERALISING_LEVEL = 0.9;

const f2 = (x: number) => x.toFixed(2);
const ci = (s: { ratio: number; ci95: [number, number] | null }) =>
  s.ci95 ? `${f2(s.ratio)} [${f2(s.ci95[0])}, ${f2(s.ci95[1])}]` : f2(s.ratio);

/**
 * What a speedup says, in words: `faster` / `slower` when its 95% interval excludes 1 and its
 * Holm-corrected p is below 0.05; the direction with `, n.s. after Holm` when only the
 * interval excludes 1; else `no difference detected`.
 */
export function verdictOf(s: Pick<LevelSpeedup, 'ci95' | 'pHolm'>): string {
  if (s.ci95 === null) return 'one seed: no verdict';
  const direction = s.ci95[0] > 1 ? 'faster' : s.ci95[1] < 1 ? 'slower' : null;
  if (direction === null) return 'no difference detected';
  return s.pHolm !== null && s.pHolm < 0.05 ? direction : `${direction}, n.s. after Holm`;
}

const find = (sum: Summary, condition: string, control: string, level: number) =>
  sum.speedups.find((s) => s.condition === condition && s.control === control && s.level === level);

/**
 * The section from the cells' results (cells not run yet are listed as such).
 * @throws {TypeError} if a results file lacks its config.
 */
export function reproductionSection(cells: readonly CellResults[]): ReproductionSection {
  const lines: string[] = [];
  const perCell: Record<'low' | 'stop', ForestRow[]> = { low: [], stop: [] };
  const rows: ForestRow[] = [];
  const groups: { start: number; label: string }[] = [];
  const levels = [...DEFAULT_REPORT_LEVELS, 0.998];
  lines.push(
    `| cell | role | differs from default | seeds | independent gens | pathnet gens | independent's noisy test acc. | ${levels.map((l) => `at ${l}`).join(' | ')} | PathNet at ${GENERALISING_LEVEL} | PathNet at 0.998 |`,
    `|---|---|---|---:|---:|---:|---:|${levels.map(() => '---:|').join('')}---|---|`,
  );
  let defaultSummary: Summary | undefined;
  const byCell = new Map<string, { low?: LevelSpeedup; stop?: LevelSpeedup }>();
  for (const { cell, results } of cells) {
    if (results === undefined || results.seeds.length === 0) {
      lines.push(
        `| ${cell.name} | ${cell.role} | ${cell.differs} | 0/${cell.seeds} | not run yet |${' |'.repeat(levels.length + 4)}`,
      );
      continue;
    }
    const sum = summaryOf(results.seeds as SeedRecord[], results.config);
    if (cell.name === 'default') defaultSummary = sum;
    const at = (level: number) => find(sum, 'pathnet', 'independent', level);
    const gens = (c: 'pathnet' | 'independent') =>
      sum.conditions[c]?.generations.mean.toFixed(1) ?? 'n/a';
    const acc = sum.conditions.independent?.testAccuracy.mean.toFixed(3) ?? 'n/a';
    const done = `${results.seeds.length}/${cell.seeds}`;
    byCell.set(cell.name, {
      ...(at(GENERALISING_LEVEL) && { low: at(GENERALISING_LEVEL)! }),
      ...(at(0.998) && { stop: at(0.998)! }),
    });
    const say = (s: LevelSpeedup | undefined) =>
      s ? `${verdictOf(s)}${s.pHolm !== null ? ` (p Holm ${formatP(s.pHolm)})` : ''}` : 'n/a';
    lines.push(
      `| ${cell.name} | ${cell.role} | ${cell.differs} | ${done} | ${gens('independent')} | ${gens('pathnet')} | ${acc} | ` +
        `${levels.map((l) => (at(l) ? ci(at(l)!) : 'n/a')).join(' | ')} | ${say(at(GENERALISING_LEVEL))} | ${say(at(0.998))} |`,
    );
    for (const [key, level] of [
      ['low', GENERALISING_LEVEL],
      ['stop', 0.998],
    ] as const) {
      const s = at(level);
      if (s?.ci95) {
        perCell[key].push({
          label: `${cell.name} (${done})`,
          estimate: s.ratio,
          ciLow: s.ci95[0],
          ciHigh: s.ci95[1],
          note: `${ci(s)} ${verdictOf(s)}`,
        });
      }
    }
  }
  groups.push({ start: 0, label: `independent ÷ pathnet at ${GENERALISING_LEVEL}, per cell` });
  rows.push(...perCell.low);
  groups.push({
    start: rows.length,
    label: "independent ÷ pathnet at 0.998 (the paper's stop), per cell",
  });
  rows.push(...perCell.stop);
  lines.push(
    '',
    `Speedup: mean generations of \`independent\` ÷ mean generations of \`pathnet\`, paired by seed, read from each run's`,
    'fitness curve at the level (first generation whose tournament reached it; the cap, 500, if none did); 95% percentile',
    "bootstrap intervals over seeds; p: two-sided Wilcoxon signed-rank, Holm-corrected over all of the cell's comparisons",
    `(6 with five conditions, 3 with three, 1 with two) × ${levels.length} levels, recomputed from the records (the summary stored`,
    'in each results.json was computed at the levels of its run). PathNet: faster / slower when the interval excludes 1',
    `and the Holm p < 0.05. The paper: ${PAPER_SPEEDUP}`,
    '(167 vs ≈195 generations, at 0.998). Levels above the noisy test accuracy (≈ 0.94) are reached only by memorising',
    `the fixed noisy training images; ${GENERALISING_LEVEL} is below it.`,
  );
  if (defaultSummary !== undefined) {
    const n = defaultSummary.seeds;
    lines.push(
      '',
      `**Every one-factor comparison in the default cell** (${n} seeds; speedup = control ÷ condition, > 1: the condition is faster):`,
      '',
      `| condition | control | differs in | ${levels.map((l) => `at ${l}`).join(' | ')} | p (Holm) at ${GENERALISING_LEVEL} | p (Holm) at 0.998 |`,
      `|---|---|---|${levels.map(() => '---:|').join('')}---:|---:|`,
    );
    groups.push({
      start: rows.length,
      label: `default cell (${n} seeds): each comparison at 0.998`,
    });
    const threshold = cells.find((c) => c.cell.name === 'default')!.results!.config.threshold;
    const pairs = [
      ...new Set(defaultSummary.speedups.map((s) => `${s.condition}\u0000${s.control}`)),
    ];
    for (const key of pairs) {
      const [condition, control] = key.split('\u0000') as [string, string];
      const at = (level: number) => find(defaultSummary!, condition, control, level);
      const last = at(threshold)!;
      lines.push(
        `| ${condition} | ${control} | ${last.factor} | ${levels.map((l) => (at(l) ? ci(at(l)!) : 'n/a')).join(' | ')} | ${formatP(at(GENERALISING_LEVEL)?.pHolm)} | ${formatP(last.pHolm)} |`,
      );
      if (last.ci95) {
        rows.push({
          label: `${control} ÷ ${condition}`,
          estimate: last.ratio,
          ciLow: last.ci95[0],
          ciHigh: last.ci95[1],
        });
      }
    }
  }
  return { markdown: lines.join('\n'), headline: headline(byCell), forest: { rows, groups } };
}

/** The root README's headline: the paper's setting and the controls, at the generalising level and at the stop. */
function headline(byCell: Map<string, { low?: LevelSpeedup; stop?: LevelSpeedup }>): string {
  const cell = (s: LevelSpeedup | undefined) => (s ? `${ci(s)} ${verdictOf(s)}` : 'not run yet');
  const row = (name: string, label: string, paper: string) => {
    const c = byCell.get(name) ?? {};
    return `| ${label} | ${paper} | ${cell(c.low)} | ${cell(c.stop)} |`;
  };
  return [
    `| binary MNIST: independent ÷ pathnet generations [95% CI] | paper | to ${GENERALISING_LEVEL} training acc. | to 0.998 (the paper's stop) |`,
    '|---|---:|---|---|',
    row('default', "two pairs of distinct digits (the paper's setting)", String(PAPER_SPEEDUP)),
    row('same', 'positive control: B = A, same noisy images', '—'),
    row('same-renoised', "positive control: A's digits, new noise", '—'),
    row('permuted', 'negative control: same-renoised with pixels permuted', '—'),
  ].join('\n');
}

/** The grid's cells in report order. */
export { GRID_CELLS };
