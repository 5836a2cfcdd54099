import type { Pathway } from '@pathnet/core';
import type { Population } from '@pathnet/evolution';

/** The population on the grid after a generation: what a live view draws. */
export interface PopulationSnapshot {
  /** `[L][M]`: how many pathways of the population use each module (a module once per pathway). */
  usage: number[][];
  /** P: pathways in the population. */
  size: number;
  /** The member with the highest last fitness (the first pathway before any fitness). */
  best: number[][];
  /** Modules frozen in this phase: task A's best pathway in conditions that freeze it. */
  frozen?: number[][];
}

/**
 * Counts each module's pathways in a population and takes its best member.
 * @param modules - M, modules per layer.
 * @param frozen - the phase's frozen pathway, if it has one.
 */
export function populationSnapshot(
  population: Population,
  modules: number,
  frozen?: Pathway,
): PopulationSnapshot {
  const { genotypes } = population;
  const layers = genotypes[0]?.length ?? 0;
  const usage = Array.from({ length: layers }, () => new Array<number>(modules).fill(0));
  for (const genotype of genotypes) {
    genotype.forEach((row, l) => {
      for (const m of new Set(row)) usage[l]![m]! += 1;
    });
  }
  const scored = population.state.fitness.some((f) => f !== null);
  const best = scored ? population.best().genotype : genotypes[0]!;
  return {
    usage,
    size: genotypes.length,
    best: best.map((row) => [...row]),
    ...(frozen && { frozen: frozen.map((row) => [...row]) }),
  };
}
