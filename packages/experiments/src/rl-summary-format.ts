/**
 * The RL transfer summary (`rl-summary.ts`) as text tables: one row per pair
 * and condition, each speedup beside its null and permutation p-value, then
 * the means over pairs.
 *
 * @packageDocumentation
 */
import Table from 'cli-table3';
import type { NullSummary } from './rl-null.js';
import {
  RL_CONTROLS,
  type RLComparison,
  type RLControl,
  type RLTransferSummary,
  TRANSFER_CONDITIONS,
} from './rl-summary.js';
import type { MeanCI } from './summary.js';

const fixed = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(2);
const score = (m: MeanCI) =>
  `${fixed(m.mean)}${m.ci95 ? ` ± ${((m.ci95[1] - m.ci95[0]) / 2).toFixed(2)}` : ''}`;
const short = (id: string) => id.replace(/^.*\//, '').replace(/-v\d+$/, '');
const nullText = (n: NullSummary | null) =>
  n === null ? '—' : `${fixed(n.median)} [${fixed(n.interval[0])}, ${fixed(n.interval[1])}]`;

/** A comparison's cells: speedup (`*`: the same algorithm's control), per-seed values, null, p. */
function comparisonCells(c: RLComparison | undefined): string[] {
  if (c === undefined) return ['', '', ''];
  const perSeed = c.perSeed.map((m) => fixed(m.speedup)).join(' ');
  return [
    `${fixed(c.measures.speedup)}${c.sameAlgorithm ? '*' : ''} (${perSeed})`,
    nullText(c.null),
    c.test ? `${c.test.p.toFixed(2)}` : '—',
  ];
}

/**
 * The summary as text: per pair, the controls' rows (independent's first point
 * → final score, plain A3C's final score, A's final score) and one row per
 * condition with its speedup against each control, the null of that control
 * and the permutation p-value; then the definitions and the means over pairs.
 */
export function formatRLTransferSummary(s: RLTransferSummary): string {
  const head = (c: RLControl) => [`speedup vs ${c} (per seed)`, `null vs ${c}`, 'p'];
  const table = new Table({
    head: [
      'pair',
      'run',
      'seeds (control learned)',
      'final on B',
      ...RL_CONTROLS.flatMap(head),
      'AUC ratio*',
      'A modules on B pathway / layer',
    ],
    style: { head: [], border: [] },
  });
  for (const p of s.pairs) {
    const pair = `${p.setting ? `${p.setting}: ` : ''}${short(p.source)} → ${short(p.target)}`;
    const blank = Array.from({ length: 3 * RL_CONTROLS.length + 2 }, () => '');
    table.push([pair, `A (${short(p.source)})`, '', score(p.sourceFinal), ...blank]);
    table.push([
      pair,
      `independent (${p.controlRuns.independent} runs)`,
      `${p.seeds} (${p.controlLearned})`,
      `${fixed(p.independentFirst.mean)} → ${score(p.independentFinal)}`,
      ...blank,
    ]);
    if (p.randomBaseline) table.push([pair, 'random agent', '', score(p.randomBaseline), ...blank]);
    for (const condition of TRANSFER_CONDITIONS) {
      const c = p.conditions[condition];
      const same = Object.values(c.comparisons).find((x) => x.sameAlgorithm);
      const name =
        condition === 'plain-a3c' ? `plain-a3c (${p.controlRuns['plain-a3c']} runs)` : condition;
      table.push([
        pair,
        name,
        String(p.seeds),
        score(c.finalScore),
        ...RL_CONTROLS.flatMap((control) => comparisonCells(c.comparisons[control])),
        fixed(same?.measures.aucRatio),
        c.reusedPerLayer.map((v) => v.toFixed(2)).join(' '),
      ]);
    }
  }
  const means = new Table({
    head: [
      'condition',
      'vs control',
      'pairs',
      'mean speedup',
      'mean null median',
      'mean AUC ratio',
    ],
    style: { head: [], border: [] },
  });
  for (const m of s.means) {
    means.push([
      m.condition,
      `${m.control}${m.sameAlgorithm ? '*' : ''}`,
      String(m.pairs),
      fixed(m.speedup),
      fixed(m.nullMedian),
      fixed(m.aucRatio),
    ]);
  }
  const random = s.pairs.some((p) => p.randomBaseline)
    ? " above the random agent's upper 95% bound and"
    : '';
  return [
    table.toString(),
    `speedup = frames the control's mean curve needs ÷ frames the condition's needs to reach ${s.fraction} of the pooled curves' rise (both censored at the budget; 1 = no effect); * = the control that runs the condition's algorithm`,
    "null = the control's runs split against each other (median [2.5%, 97.5%]); p = permutation test over seeds (two-sided)",
    `control learned = the independent control's own curve ends${random} above its first point with data`,
    'means over the pairs whose independent control learned in every seed (modules re-used: over every pair)',
    means.toString(),
  ].join('\n');
}
