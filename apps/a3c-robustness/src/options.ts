import { makeEnv } from '@pathnet/envs';

/** Bad input on the command line: the app exits with 2 and this message. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

/** The sweep's settings (what `results.json` records as its config). */
export interface SweepOptions {
  games: string[];
  learningRates: number[];
  entropyCosts: number[];
  seeds: number;
  seed: number;
  frames: number;
  workers: number;
  units: number;
  modules: number;
  active: number;
  finalEpisodes: number;
  fraction: number;
  out: string;
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

const positiveInteger = (name: string, v: number) => {
  if (!Number.isInteger(v) || v < 1)
    throw new OptionError(`${name} must be an integer ≥ 1, got ${v}`);
};

/**
 * Checks every setting before anything runs.
 * @throws {OptionError} naming the flag and what it expects.
 */
export function validateOptions(o: SweepOptions): SweepOptions {
  for (const [flag, list] of [
    ['--learning-rates', o.learningRates],
    ['--entropy-costs', o.entropyCosts],
  ] as const) {
    if (list.length === 0 || list.some((v) => !(Number.isFinite(v) && v > 0))) {
      throw new OptionError(`${flag} expects positive numbers, got ${list.join(',') || '(none)'}`);
    }
    if (new Set(list).size !== list.length) throw new OptionError(`${flag} lists a value twice`);
  }
  if (o.entropyCosts.some((v) => v >= 1)) {
    throw new OptionError(`--entropy-costs must be below 1, got ${o.entropyCosts.join(',')}`);
  }
  positiveInteger('--seeds', o.seeds);
  if (!Number.isInteger(o.seed) || o.seed < 0) {
    throw new OptionError(`--seed must be an integer ≥ 0, got ${o.seed}`);
  }
  positiveInteger('--frames', o.frames);
  if (!Number.isInteger(o.workers) || o.workers < 2) {
    throw new OptionError(
      `--workers must be an integer ≥ 2 (a tournament needs another), got ${o.workers}`,
    );
  }
  positiveInteger('--units', o.units);
  positiveInteger('--modules', o.modules);
  positiveInteger('--active', o.active);
  positiveInteger('--final-episodes', o.finalEpisodes);
  if (o.active > o.modules) {
    throw new OptionError(`--active (N=${o.active}) cannot exceed --modules (M=${o.modules})`);
  }
  if (!(o.fraction > 0 && o.fraction <= 1)) {
    throw new OptionError(`--fraction must be in (0, 1], got ${o.fraction}`);
  }
  if (o.games.length === 0) throw new OptionError('--games lists no game');
  for (const game of o.games) {
    try {
      const env = makeEnv(game);
      const space = env.observationSpace;
      const shape = space.kind === 'box' ? space.shape : [];
      env.close();
      if (shape.length !== 3 || shape[0] !== 10 || shape[1] !== 10) {
        throw new OptionError(`--games: ${game} is not a MinAtar game (10×10×C frames)`);
      }
    } catch (e) {
      if (e instanceof OptionError) throw e;
      throw new OptionError(`--games: ${(e as Error).message}`);
    }
  }
  return o;
}
