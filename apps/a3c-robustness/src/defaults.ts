/**
 * The settings of the robustness sweep with their defaults and `--quick`
 * values; no imports, so that the command line's `--help` can show them.
 */

/** The settings every run of the sweep shares (each cell's job has them). */
export interface RunSettings {
  /** Frame budget (all workers' environment steps). */
  frames: number;
  /** A3C workers (≥ 2): the population of PathNet-A3C, parallel actors of plain A3C. */
  workers: number;
  /** Units per module and modules per layer (M); N active per layer. */
  units: number;
  modules: number;
  active: number;
  /** Episodes the final score averages (the last ones of the run). */
  finalEpisodes: number;
}

/** The sweep's settings (what `results.json` records as its config). */
export interface SweepOptions extends RunSettings {
  games: string[];
  learningRates: number[];
  entropyCosts: number[];
  /** Seeds per cell, the first `seed`. */
  seeds: number;
  seed: number;
  /** Share of the best final score a cell must reach to count as near the best. */
  fraction: number;
  out: string;
  /** The engine of every grid (`auto`: fused unless a native tfjs backend runs); absent: `fused`. */
  engine?: 'auto' | 'fused' | 'tfjs';
  /** `file:` URLs of the `--plugin` modules (imported by every job thread and on `--resume`). */
  plugins?: string[];
}

/** `count` values from `lo` to `hi`, evenly spaced in log scale, 3 significant digits. */
export function logSpaced(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) =>
    Number((lo * (hi / lo) ** (count === 1 ? 0 : i / (count - 1))).toPrecision(3)),
  );
}

/**
 * The defaults: five learning rates from 1e-4 to 1e-2 and five entropy costs
 * from 1e-4 to 1e-1, log-spaced (the kind of ranges A3C sweeps use; the
 * paper's exact grid is not available), two MinAtar games, two seeds.
 */
export function defaults(): SweepOptions {
  return {
    games: ['minatar/Breakout-v1', 'minatar/SpaceInvaders-v1'],
    learningRates: logSpaced(1e-4, 1e-2, 5),
    entropyCosts: logSpaced(1e-4, 1e-1, 5),
    seeds: 2,
    seed: 1,
    frames: 50_000,
    workers: 8,
    units: 16,
    modules: 6,
    active: 3,
    finalEpisodes: 50,
    fraction: 0.75,
    out: 'results/a3c-robustness',
  };
}

/** `--quick`: a 2×2 grid on one game, one seed, 3000 frames: a smoke run in seconds. */
export function quickOverrides(): Partial<SweepOptions> {
  return {
    games: ['minatar/Breakout-v1'],
    learningRates: [1e-3, 1e-2],
    entropyCosts: [1e-3, 1e-2],
    seeds: 1,
    frames: 3000,
    workers: 4,
    finalEpisodes: 10,
    out: 'results/a3c-robustness-quick',
  };
}

/** Entropy costs the sweep takes: above 0, below 1. */
export const ENTROPY_COST_BOUND = { above: 0, below: 1 } as const;
