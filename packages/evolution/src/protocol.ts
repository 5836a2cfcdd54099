/**
 * Fitness protocols of a binary tournament: in which order its two pathways
 * train on the shared parameters before their fitnesses are compared.
 *
 * @packageDocumentation
 */
import { InvalidConfigError, InvalidFitnessError } from './errors.js';
import type { Genotype } from './genotype.js';
import type { Rng } from './rng.js';

/**
 * How a tournament's two pathways are trained and scored, T steps each, fitness = the mean
 * of a pathway's step scores (in PathNet: its training accuracy during those steps, Sec. 2.2):
 * - `serial` (the paper, Sec. 2.1, and every public port): the first pathway takes its T
 *   steps, then the second. The pathways share modules and the task's readout, so the second
 *   starts from parameters the first has just trained: on a fresh grid two identical
 *   genotypes are not scored alike, the second usually wins.
 * - `interleaved`: the pathways take turns, one step each per round, the leading pathway going
 *   first in even rounds and second in odd rounds (ABBA…). After every two rounds each has seen
 *   the other's updates equally often. Which pathway leads is drawn per tournament from a
 *   seeded generator when one is given ({@link pairEvaluator}'s `rng`), so that neither slot is
 *   favoured; without one the first slot always leads, which leaves a small lean (measured
 *   53.6% [50.4, 56.8] of decided identical-genotype tournaments to the second slot).
 */
export type FitnessProtocol = 'serial' | 'interleaved';

/** The fitness protocols, the paper's first. */
export const FITNESS_PROTOCOLS: readonly FitnessProtocol[] = ['serial', 'interleaved'];

/**
 * One training step of a tournament member: trains `genotype` one step (in PathNet, one
 * minibatch) and returns that step's score, e.g. the minibatch accuracy of the step's forward
 * pass. `slot` is the member's place in the tournament (0 or 1), so that each can draw its own
 * data.
 */
export type TrainingStep = (genotype: Genotype, slot: 0 | 1) => number;

/**
 * Checks a fitness protocol name.
 * @throws {InvalidConfigError} unless `protocol` is one of {@link FITNESS_PROTOCOLS}.
 */
export function checkFitnessProtocol(protocol: unknown): FitnessProtocol {
  if (!FITNESS_PROTOCOLS.includes(protocol as FitnessProtocol)) {
    throw new InvalidConfigError(
      'protocol',
      protocol,
      `one of ${FITNESS_PROTOCOLS.map((p) => `"${p}"`).join(', ')}`,
    );
  }
  return protocol as FitnessProtocol;
}

/**
 * The pair evaluator of {@link evolveUntil} for a fitness protocol: trains both genotypes of a
 * tournament `steps` steps each, in the protocol's order, and returns their mean step scores.
 *
 * @param protocol - `serial` (the paper) or `interleaved` (no slot favoured).
 * @param steps - T, steps per pathway, an integer ≥ 1 (paper: 50 minibatches).
 * @param step - trains one step of one member and returns its score, a finite number.
 * @param rng - with `interleaved`: draws, per tournament, which slot leads (one `int(0, 1)`);
 *   without it slot 0 always leads. Unused by `serial`.
 * @returns `{ pair }`: `pair(first, second)` gives `[fitness of first, fitness of second]`.
 * @throws {InvalidConfigError} on an unknown protocol or a bad `steps` (at once).
 * @throws {InvalidFitnessError} (from `pair`) if a step returns NaN, ±Infinity or a non-number.
 */
export function pairEvaluator(
  protocol: FitnessProtocol,
  steps: number,
  step: TrainingStep,
  rng?: Rng,
): { readonly pair: (first: Genotype, second: Genotype) => [number, number] } {
  checkFitnessProtocol(protocol);
  if (!Number.isInteger(steps) || steps < 1) {
    throw new InvalidConfigError('steps', steps, 'an integer ≥ 1');
  }
  const scored = (genotype: Genotype, slot: 0 | 1): number => {
    const score = step(genotype, slot);
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      throw new InvalidFitnessError(`step score of slot ${slot}`, score, 'a finite number');
    }
    return score;
  };
  const pair = (first: Genotype, second: Genotype): [number, number] => {
    const sum: [number, number] = [0, 0];
    const genotypes = [first, second] as const;
    const run = (slot: 0 | 1): void => {
      sum[slot] += scored(genotypes[slot], slot);
    };
    if (protocol === 'serial') {
      for (let t = 0; t < steps; t++) run(0);
      for (let t = 0; t < steps; t++) run(1);
    } else {
      const leader: 0 | 1 = rng === undefined ? 0 : rng.int(0, 1) === 0 ? 0 : 1;
      for (let t = 0; t < steps; t++) {
        const lead = t % 2 === 0 ? leader : leader === 0 ? 1 : 0;
        run(lead);
        run(lead === 0 ? 1 : 0);
      }
    }
    return [sum[0] / steps, sum[1] / steps];
  };
  return { pair };
}
