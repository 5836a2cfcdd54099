import { type MeanCI, meanCI } from '@pathnet/experiments';
import { type CellRecord, METHODS, type Method } from './cell.js';
import { METHOD_NAMES } from './pictures.js';

/** The sweep's grid: which values were run. */
export interface SweepGrid {
  games: readonly string[];
  learningRates: readonly number[];
  entropyCosts: readonly number[];
  seeds: readonly number[];
}

/** The grid of a sweep's settings: its games, learning rates, entropy costs and seeds. */
export const sweepGrid = (o: {
  games: readonly string[];
  learningRates: readonly number[];
  entropyCosts: readonly number[];
  seed: number;
  seeds: number;
}): SweepGrid => ({
  games: o.games,
  learningRates: o.learningRates,
  entropyCosts: o.entropyCosts,
  seeds: Array.from({ length: o.seeds }, (_, i) => o.seed + i),
});

/** Per method and game: `[learning rate][entropy cost]` mean over seeds (NaN where no record yet). */
export type CellMeans = Record<Method, Record<string, number[][]>>;

/** The robustness summary of a sweep (Sec. 3.5). */
export interface RobustnessSummary {
  /** The fraction of the best score a cell must reach to count. */
  fraction: number;
  /** Mean final score per cell over seeds. */
  finalScore: CellMeans;
  /** Mean area under the curve per cell over seeds. */
  auc: CellMeans;
  /**
   * Per method and game (and `all` games): the fraction of cells whose final
   * score reaches `fraction` × the best cell's of that game and seed (best over
   * both methods), as a mean over seeds with a Student-t 95% interval.
   */
  robust: Record<Method, Record<string, MeanCI>>;
  /** Per game, mean over seeds of the best cell's final score (both methods). */
  best: Record<string, MeanCI>;
  /** Records in the summary. */
  runs: number;
}

const mean = (xs: readonly number[]) =>
  xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
/** {@link meanCI}, or NaN without an interval for no values. */
const meanOf = (xs: readonly number[], range?: [number, number]): MeanCI =>
  xs.length === 0 ? { n: 0, mean: Number.NaN, ci95: null } : meanCI(xs, range);

function cellMeans(
  records: readonly CellRecord[],
  grid: SweepGrid,
  pick: (r: CellRecord) => number,
): CellMeans {
  const out = {} as CellMeans;
  for (const method of METHODS) {
    out[method] = {};
    for (const game of grid.games) {
      out[method][game] = grid.learningRates.map((lr) =>
        grid.entropyCosts.map((ent) =>
          mean(
            records
              .filter(
                (r) =>
                  r.method === method &&
                  r.game === game &&
                  r.learningRate === lr &&
                  r.entropyCost === ent,
              )
              .map(pick),
          ),
        ),
      );
    }
  }
  return out;
}

/**
 * The robustness summary: per cell the mean final score and AUC over seeds;
 * per method the fraction of cells reaching `fraction` of the best score,
 * computed per game and seed (a seed's best cell over both methods sets its
 * bar), then averaged over seeds with a 95% interval; `all` averages a
 * seed's fractions over the games first. Only complete (game, seed) grids count
 * towards the fractions.
 */
export function summariseSweep(
  records: readonly CellRecord[],
  grid: SweepGrid,
  fraction: number,
): RobustnessSummary {
  const robust = {} as RobustnessSummary['robust'];
  const best: RobustnessSummary['best'] = {};
  const perSeed: Record<Method, Map<number, number[]>> = { a3c: new Map(), pathnet: new Map() };
  for (const method of METHODS) robust[method] = {};
  const cells = grid.learningRates.length * grid.entropyCosts.length;
  for (const game of grid.games) {
    const bests: number[] = [];
    const fractions: Record<Method, number[]> = { a3c: [], pathnet: [] };
    for (const seed of grid.seeds) {
      const rs = records.filter((r) => r.game === game && r.seed === seed);
      if (rs.length < cells * METHODS.length) continue;
      const top = Math.max(...rs.map((r) => r.finalScore));
      bests.push(top);
      for (const method of METHODS) {
        const mine = rs.filter((r) => r.method === method);
        const f = mine.filter((r) => r.finalScore >= fraction * top).length / mine.length;
        fractions[method].push(f);
        perSeed[method].set(seed, [...(perSeed[method].get(seed) ?? []), f]);
      }
    }
    best[game] = meanOf(bests);
    for (const method of METHODS) robust[method][game] = meanOf(fractions[method], [0, 1]);
  }
  for (const method of METHODS) {
    const all = [...perSeed[method].values()]
      .filter((fs) => fs.length === grid.games.length)
      .map((fs) => mean(fs));
    robust[method].all = meanOf(all, [0, 1]);
  }
  return {
    fraction,
    finalScore: cellMeans(records, grid, (r) => r.finalScore),
    auc: cellMeans(records, grid, (r) => r.auc),
    robust,
    best,
    runs: records.length,
  };
}

/** A mean with its 95% interval, `0.13 [0.08, 0.19]`; `n/a` for no values. */
export const formatCI = (m: MeanCI, digits = 2) =>
  Number.isNaN(m.mean)
    ? 'n/a'
    : `${m.mean.toFixed(digits)}${m.ci95 ? ` [${m.ci95[0].toFixed(digits)}, ${m.ci95[1].toFixed(digits)}]` : ''}`;

/** What the fraction table holds; its intervals are promised only where some mean has one (≥ 2 seeds). */
function fractionHeading(s: RobustnessSummary, grid: SweepGrid): string {
  const intervals = Object.values(s.robust.a3c).some((m) => m?.ci95);
  return (
    `of the ${grid.learningRates.length}×${grid.entropyCosts.length} cells whose final score reaches ${s.fraction} × the best cell's ` +
    `(per game and seed; ${intervals ? 'mean over seeds, 95% CI' : 'one seed: no interval'}):`
  );
}

/** The summary as text: best score per game, then the fraction table. */
export function formatSweepSummary(s: RobustnessSummary, grid: SweepGrid): string {
  const lines: string[] = [];
  const games = [...grid.games, 'all'];
  const width = Math.max(...games.map((g) => g.length), 12);
  lines.push(`fraction ${fractionHeading(s, grid)}`);
  lines.push(
    `${'game'.padEnd(width)}  ${'best score'.padEnd(22)}  ${'A3C'.padEnd(22)}  PathNet-A3C`,
  );
  for (const game of games) {
    const bestText = game === 'all' ? '' : formatCI(s.best[game]!, 2);
    lines.push(
      `${game.padEnd(width)}  ${bestText.padEnd(22)}  ${formatCI(s.robust.a3c[game]!).padEnd(22)}  ${formatCI(s.robust.pathnet[game]!)}`,
    );
  }
  return lines.join('\n');
}

/**
 * The summary as markdown, for the README: the fraction table of
 * {@link formatSweepSummary} (best score per game; per method the fraction of cells
 * near the best) under its caption, then each method's best cell per game (learning
 * rate, entropy cost, mean final score over seeds). Pure.
 */
export function formatSweepMarkdown(s: RobustnessSummary, grid: SweepGrid): string {
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const fractions = [
    row(['game', 'best score', 'A3C', 'PathNet-A3C']),
    row(['---', '---', '---', '---']),
    ...[...grid.games, 'all'].map((game) =>
      row([
        game,
        game === 'all' ? '' : formatCI(s.best[game]!),
        formatCI(s.robust.a3c[game]!),
        formatCI(s.robust.pathnet[game]!),
      ]),
    ),
  ];
  const bests = [
    row([
      'game',
      'method',
      'best cell: learning rate',
      'entropy cost',
      'final score (mean over seeds)',
    ]),
    row(['---', '---', '---', '---', '---']),
  ];
  for (const game of grid.games) {
    for (const method of METHODS) {
      let top = { lr: Number.NaN, ent: Number.NaN, v: Number.NEGATIVE_INFINITY };
      s.finalScore[method][game]!.forEach((vs, i) => {
        vs.forEach((v, j) => {
          if (v > top.v) top = { lr: grid.learningRates[i]!, ent: grid.entropyCosts[j]!, v };
        });
      });
      bests.push(
        Number.isFinite(top.v)
          ? row([game, METHOD_NAMES[method], String(top.lr), String(top.ent), top.v.toFixed(2)])
          : row([game, METHOD_NAMES[method], 'n/a', 'n/a', 'n/a']),
      );
    }
  }
  return [`Fraction ${fractionHeading(s, grid)}`, fractions.join('\n'), bests.join('\n')].join(
    '\n\n',
  );
}
