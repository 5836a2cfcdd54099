import type { Optimizer, PathNet, Pathway } from '@pathnet/core';
import type { SupervisedTask } from '@pathnet/envs';
import { BinaryTournament, type Population } from '@pathnet/evolution';

/** Settings of one evolution run on one task. */
export interface EvolveSettings {
  /** T: minibatches each pathway trains on per tournament. */
  steps: number;
  /** Minibatch size. */
  batchSize: number;
  /** Solved when a pathway's fitness reaches this. */
  threshold: number;
  /** Give up after this many generations (tournaments). */
  maxGenerations: number;
  /** Mutation probability per gene. */
  mutationProbability: number;
  /** Seed of the task's minibatch stream. */
  dataSeed: number;
}

/** What one evolution run on one task produced. */
export interface EvolveResult {
  /** Whether a pathway reached the threshold. */
  solved: boolean;
  /** Generations run (the solving one included); `maxGenerations` if unsolved. */
  generations: number;
  /** The pathway that reached the threshold, or the population's best at the cap. */
  best: { genotype: Pathway; fitness: number };
  /** Per generation: the best fitness of that generation's tournament. */
  curve: Array<[generation: number, fitness: number]>;
}

/**
 * Fitness of a pathway (Sec. 2.1): it trains on `steps` minibatches and its
 * fitness is the mean training accuracy over those minibatches.
 */
export function trainAndScore(
  net: PathNet,
  pathway: Pathway,
  taskId: string,
  nextBatch: () => { x: Float32Array; y: Int32Array; batchSize: number },
  steps: number,
  optimizer: Optimizer,
): number {
  let correct = 0;
  for (let t = 0; t < steps; t++) {
    correct += net.trainStep(pathway, taskId, nextBatch(), optimizer).accuracy;
  }
  return correct / steps;
}

/**
 * Evolves pathways for one task with binary tournaments (Sec. 2.1): each
 * generation two pathways train T minibatches each, the loser's genotype is
 * overwritten by a mutated copy of the winner's. Stops at the first pathway
 * whose fitness reaches the threshold, or at the generation cap.
 *
 * @param onGeneration - called after every generation (progress display).
 */
export function evolve(
  net: PathNet,
  taskId: string,
  task: SupervisedTask,
  population: Population,
  optimizer: Optimizer,
  settings: EvolveSettings,
  onGeneration?: (generation: number, bestFitness: number) => void,
): EvolveResult {
  const tournament = new BinaryTournament(population, {
    mutation: { probability: settings.mutationProbability, maxDelta: 2, bounds: 'clamp' },
  });
  const stream = task.trainStream({ batchSize: settings.batchSize, seed: settings.dataSeed });
  const nextBatch = () => stream.next();
  const curve: Array<[number, number]> = [];
  let bestSoFar = Number.NEGATIVE_INFINITY;
  for (let generation = 1; generation <= settings.maxGenerations; generation++) {
    const { genotypes } = tournament.ask();
    const fitness = genotypes.map((g) =>
      trainAndScore(net, g, taskId, nextBatch, settings.steps, optimizer),
    );
    tournament.tell(fitness);
    const top = Math.max(...fitness);
    bestSoFar = Math.max(bestSoFar, top);
    curve.push([generation, top]);
    onGeneration?.(generation, bestSoFar);
    if (top >= settings.threshold) {
      const winner = genotypes[fitness.indexOf(top)]!;
      return {
        solved: true,
        generations: generation,
        best: { genotype: winner, fitness: top },
        curve,
      };
    }
  }
  const best = population.best();
  return {
    solved: false,
    generations: settings.maxGenerations,
    best: { genotype: best.genotype, fitness: best.fitness },
    curve,
  };
}
