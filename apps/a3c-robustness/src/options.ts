/**
 * The checks of the robustness sweep's settings (Fernando et al. 2017, Sec.
 * 3.5); the settings and their defaults are in ./defaults.ts.
 */
import { makeEnv } from '@pathnet/envs';
import {
  BOUNDS,
  checkFlag,
  checkGridSizes,
  checkListFlag,
  checkSeeds,
} from '@pathnet/experiments/cli';
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
 * @throws {OptionError} for a game that is not a MinAtar one.
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
