import type { PathNetConfig } from './config.js';
import { InvalidPathwayError } from './errors.js';

/**
 * A pathway, i.e. the genotype of the genetic algorithm (Fernando et al. 2017, Sec. 2.1): L rows (one per layer)
 * of at most N module indices in [0, M). Duplicate indices within a row collapse to one
 * active module (a decision of this project: the paper does not say).
 *
 * `@pathnet/evolution` declares its `Genotype` with this same structural type, so values
 * pass between the two packages without either importing the other.
 */
export type Pathway = readonly (readonly number[])[];

/**
 * The distinct active modules of each layer, sorted ascending. Does not check bounds
 * (see {@link validatePathway}).
 *
 * @param pathway L rows of module indices.
 * @returns `number[][]`, L rows of sorted distinct indices.
 */
export function activeModules(pathway: Pathway): number[][] {
  return pathway.map((row) => [...new Set(row)].sort((a, b) => a - b));
}

/**
 * Checks a pathway against a grid and returns its active modules.
 *
 * @throws InvalidPathwayError if the pathway has not L rows, a row is empty or holds more
 *   than N entries, or an index is not an integer in [0, M).
 */
export function validatePathway(pathway: Pathway, config: PathNetConfig): number[][] {
  const L = config.layers.length;
  const M = config.modulesPerLayer;
  const N = config.maxActivePerLayer;
  if (!Array.isArray(pathway)) {
    throw new InvalidPathwayError(`pathway: expected an array of ${L} rows; got ${typeof pathway}`);
  }
  if (pathway.length !== L) {
    throw new InvalidPathwayError(
      `pathway: expected ${L} rows (one per layer); got ${pathway.length}`,
    );
  }
  pathway.forEach((row, l) => {
    if (!Array.isArray(row) || row.length === 0 || row.length > N) {
      throw new InvalidPathwayError(
        `pathway[${l}]: expected 1..${N} module indices (N = ${N}); got ${Array.isArray(row) ? `${row.length}: [${row.join(', ')}]` : typeof row}`,
      );
    }
    row.forEach((m, k) => {
      if (!Number.isInteger(m) || m < 0 || m >= M) {
        throw new InvalidPathwayError(
          `pathway[${l}][${k}]: expected a module index in [0, ${M}); got ${m}`,
        );
      }
    });
  });
  return activeModules(pathway);
}
