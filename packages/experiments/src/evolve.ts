import type { Optimizer, PathNet, Pathway } from '@pathnet/core';
import type { SupervisedTask } from '@pathnet/envs';
import {
  BinaryTournament,
  createRng,
  type EvolveUntilResult,
  evolveUntil,
  type FitnessProtocol,
  InvalidConfigError,
  type OperatorRef,
  type Population,
  pairEvaluator,
} from '@pathnet/evolution';

/** Mixed into the data seed for the generator that orders interleaved tournaments. */
const ORDER_SALT = 0x9e3779b9;

/** Settings of one evolution run on one task (Fernando et al. 2017, Sec. 2.1 and 3.1). */
export interface EvolveSettings {
  /** T: minibatches each pathway trains on per tournament. */
  steps: number;
  /** Minibatch size B. */
  batchSize: number;
  /** Solved when a pathway's fitness reaches this (a training accuracy in [0, 1]). */
  threshold: number;
  /** Give up after this many generations (tournaments). */
  maxGenerations: number;
  /** Mutation probability per gene (of the built-in mutation). */
  mutationProbability: number;
  /**
   * A registered mutation operator replacing the built-in (`createOperator(operator,
   * {modules: M, ...options})`, e.g. a plugin's); default the built-in with
   * `mutationProbability`, maxDelta 2, clamped.
   */
  mutation?: OperatorRef;
  /** Seed of the task's minibatch stream. */
  dataSeed: number;
  /**
   * In which order a tournament's two pathways train (`@pathnet/evolution` `FitnessProtocol`):
   * `serial` (the paper: T minibatches of the first, then T of the second, in stream order) or
   * `interleaved` (one minibatch each per round, ABBA order, the leading pathway drawn per
   * tournament, so neither slot is favoured).
   */
  protocol: FitnessProtocol;
  /**
   * 1: one pathway step at a time, in the protocol's order; 2: both pathways' steps at once,
   * round by round (hogwild, via `PathNet.trainConcurrently`), taking minibatches from the
   * stream alternately — an interleaved protocol, so only with `protocol: 'interleaved'`.
   */
  concurrency: number;
  /**
   * The pathway a genotype runs (default: the genotype itself), e.g. the genotype with A's
   * frozen modules added (`--b-pathways include-frozen`). Rows may hold up to the grid's N.
   */
  express?: (genotype: Pathway) => Pathway;
}

/**
 * Evolves pathways for one task with binary tournaments (Sec. 2.1): each
 * generation two pathways train T minibatches each (in the order of `settings.protocol`),
 * a pathway's fitness being its mean training accuracy over them, in [0, 1]; the loser's genotype is
 * overwritten by a mutated copy of the winner's (mutation clamped to [0, M),
 * or the registered operator `settings.mutation`).
 * Stops at the first pathway whose fitness reaches the threshold, or at the cap
 * (the paper's stopping rule, Sec. 3.1).
 *
 * @param readoutId - the readout of `net` the pathways train (added by the caller).
 * @param onGeneration - called after every generation with the best fitness so far and the
 *   population as it stands.
 * @throws {InvalidConfigError} (from `@pathnet/evolution`) on bad mutation or stop settings, an
 *   unknown protocol, or concurrency 2 with the serial protocol.
 * @throws {UnknownIdError} (from `@pathnet/registry`) if `settings.mutation` names no registered operator.
 */
export function evolve(
  net: PathNet,
  readoutId: string,
  task: SupervisedTask,
  population: Population,
  optimizer: Optimizer,
  settings: EvolveSettings,
  onGeneration?: (generation: number, bestFitness: number, population: Population) => void,
): EvolveUntilResult {
  const report =
    onGeneration &&
    ((generation: number, best: number) => onGeneration(generation, best, population));
  const tournament = new BinaryTournament(population, {
    mutation: settings.mutation ?? {
      probability: settings.mutationProbability,
      maxDelta: 2,
      bounds: 'clamp',
    },
  });
  const stream = task.trainStream({ batchSize: settings.batchSize, seed: settings.dataSeed });
  // One minibatch buffer refilled for every step (the engines copy it): no garbage per
  // step, so memory stays flat over long runs.
  const B = settings.batchSize;
  const size = B * task.inputShape.reduce((a, b) => a * b, 1);
  const buffer = () => ({ x: new Float32Array(size), y: new Int32Array(B), batchSize: B });
  const batch = buffer();
  const stop = { threshold: settings.threshold, maxGenerations: settings.maxGenerations };
  const express = settings.express ?? ((genotype: Pathway) => genotype);
  if (settings.concurrency === 1) {
    const step = (genotype: Pathway): number =>
      net.trainStep(express(genotype), readoutId, stream.next(batch), optimizer).accuracy;
    // Which pathway leads an interleaved tournament: drawn per tournament from a generator of
    // its own, seeded from the data stream's seed (a different seed, so a different sequence).
    const order = createRng((settings.dataSeed ^ ORDER_SALT) >>> 0);
    return evolveUntil(
      tournament,
      pairEvaluator(settings.protocol, settings.steps, step, order),
      stop,
      report,
    );
  }
  if (settings.protocol !== 'interleaved') {
    throw new InvalidConfigError(
      'concurrency',
      settings.concurrency,
      `1 with protocol "${settings.protocol}" (two pathways at once is an interleaved protocol)`,
    );
  }
  const second = buffer();
  const pair = (a: Pathway, b: Pathway): [number, number] => {
    let correct: [number, number] = [0, 0];
    for (let t = 0; t < settings.steps; t++) {
      const [ra, rb] = net.trainConcurrently(
        [
          { pathway: express(a), taskId: readoutId, batch: stream.next(batch) },
          { pathway: express(b), taskId: readoutId, batch: stream.next(second) },
        ],
        optimizer,
      );
      correct = [correct[0] + ra!.accuracy, correct[1] + rb!.accuracy];
    }
    return [correct[0] / settings.steps, correct[1] / settings.steps];
  };
  return evolveUntil(tournament, { pair }, stop, report);
}
