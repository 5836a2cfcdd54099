/**
 * The checks of the robustness sweep's settings (Fernando et al. 2017, Sec.
 * 3.5); the settings and their defaults are in ./defaults.ts.
 */
import {
  BOUNDS,
  checkFlag,
  checkGridSizes,
  checkListFlag,
  checkSeeds,
  ENGINES,
} from '@pathnet/experiments/cli';
import { observationShape } from './cell.js';
import { ENTROPY_COST_BOUND, type SweepOptions } from './defaults.js';

export { defaults, logSpaced, quickOverrides, type SweepOptions } from './defaults.js';

/** Bad input on the command line: the app exits with 2 and this message. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

/**
 * Checks every setting before anything runs (given, `--quick`'s, or read back with
 * `--resume`), with the bounds the flags are declared with.
 * @throws {FlagError} naming the flag and what it expects.
 * @throws {OptionError} for a game nothing registered, or whose observations are not a box
 *   of numbers; for an engine other than auto, fused or tfjs.
 */
export function validateOptions(o: SweepOptions): SweepOptions {
  for (const [flag, list, bound] of [
    ['--learning-rates', o.learningRates, BOUNDS.learningRate],
    ['--entropy-costs', o.entropyCosts, ENTROPY_COST_BOUND],
  ] as const) {
    checkListFlag(flag, list, (v) => checkFlag(flag, v, bound));
  }
  checkListFlag('--games', o.games, () => {});
  checkSeeds(o);
  checkFlag('--frames', o.frames, BOUNDS.frames);
  checkFlag('--workers', o.workers, BOUNDS.a3cWorkers);
  checkGridSizes(o);
  checkFlag('--final-episodes', o.finalEpisodes, BOUNDS.episodes);
  checkFlag('--fraction', o.fraction, BOUNDS.fraction);
  for (const game of o.games) {
    try {
      observationShape(game);
    } catch (e) {
      throw new OptionError(`--games: ${(e as Error).message}`);
    }
  }
  if (o.engine !== undefined && !ENGINES.includes(o.engine)) {
    throw new OptionError(`--engine must be auto, fused or tfjs, got "${o.engine}"`);
  }
  return o;
}
