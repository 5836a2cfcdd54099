/**
 * What the app reports: the summary of a run's records at its levels, a title naming the run's
 * tasks and settings, and one closing sentence that says what the run found beside the paper's
 * figure.
 */
import { type SeedRecord, type Summary, summarise } from '@pathnet/experiments';
import { type ExperimentOptions, reportLevels } from './options.js';

/**
 * The summary statistics of a run's records at its settings: generations to its threshold and
 * every report level ({@link reportLevels}), intervals clipped to the cap and to L·N modules.
 */
export function summaryOf(records: readonly SeedRecord[], o: ExperimentOptions): Summary {
  return summarise(records, o.conditions, {
    maxGenerations: o.maxGenerations,
    maxModules: o.layers * o.active,
    threshold: o.threshold,
    levels: reportLevels(o),
  });
}

/** The paper's binary-MNIST speedup of PathNet over learning B independently (Sec. 3.1). */
export const PAPER_SPEEDUP = 1.18;

/** The fewest seeds whose two-sided Wilcoxon signed-rank test can reach p < 0.05 (2/2⁵ = 0.0625 at 5; 6 seeds). */
export const MIN_SEEDS_FOR_VERDICT = 6;

/** How the title names the tasks: fixed pairs, registered ids, B's relation to A, or random pairs. */
export function tasksTitle(o: ExperimentOptions): string {
  const a = o.taskSpecA?.id ?? (o.taskA ? o.taskA.join('v') : 'a random digit pair per seed');
  let b: string;
  if (o.bRelation !== undefined) b = `${o.bRelation} (made from A)`;
  else b = o.taskSpecB?.id ?? (o.taskB ? o.taskB.join('v') : 'a random pair of other digits');
  const mnist = o.taskSpecA === undefined || o.taskSpecB === undefined;
  return `${mnist ? 'binary MNIST' : 'registered tasks'}: A ${a} → B ${b}`;
}

/**
 * One sentence on PathNet against learning B from scratch at the stopping threshold, beside
 * the paper's 1.18: faster or slower only when the 95% interval excludes 1 and the
 * Holm-corrected Wilcoxon p is below 0.05 (at least {@link MIN_SEEDS_FOR_VERDICT} seeds);
 * null when the run lacks either condition.
 */
export function verdictSentence(summary: Summary, o: ExperimentOptions): string | null {
  const s = summary.speedups.find(
    (x) => x.condition === 'pathnet' && x.control === 'independent' && x.level === o.threshold,
  );
  const pathnet = summary.conditions.pathnet;
  const independent = summary.conditions.independent;
  if (s === undefined || pathnet === undefined || independent === undefined) return null;
  const ci = s.ci95 ? ` [${s.ci95[0].toFixed(2)}, ${s.ci95[1].toFixed(2)}]` : '';
  // A direction only where the interval excludes 1 and the Holm-corrected test agrees;
  // fewer than 5 seeds cannot reach p < 0.05 in a Wilcoxon test, so they get no verdict.
  const significant = s.pHolm !== null && s.pHolm < 0.05;
  const verdict =
    s.ci95 === null || s.n < MIN_SEEDS_FOR_VERDICT
      ? `${s.n} seed(s) cannot tell whether PathNet transfer is faster (run --seeds 30)`
      : significant && s.ci95[0] > 1
        ? 'PathNet transfer solved B faster than learning it from scratch'
        : significant && s.ci95[1] < 1
          ? 'PathNet transfer solved B slower than learning it from scratch'
          : 'the run cannot tell PathNet transfer from learning B from scratch';
  return (
    `Found: ${verdict} ` +
    `(${independent.generations.mean.toFixed(1)} vs ${pathnet.generations.mean.toFixed(1)} generations to ${o.threshold})\n` +
    `speedup independent ÷ pathnet ${s.ratio.toFixed(2)}${ci} over ${s.n} seed(s); the paper reports ${PAPER_SPEEDUP}.`
  );
}
