/**
 * Genotypes: the L×N matrix of module indices that encodes a pathway
 * (Fernando et al. 2017, Sec. 2).
 *
 * @packageDocumentation
 */
import { InvalidConfigError, InvalidGenotypeError } from './errors.js';
import type { Rng } from './rng.js';

/**
 * A pathway's genotype: `layers` rows (one per layer) of `active` module
 * indices, each an integer in `[0, modules)`; shape `[L][N]`.
 *
 * Duplicate indices in a row are allowed and mean one active module (the
 * paper's "up to N modules per layer"). `@pathnet/core` declares its
 * `Pathway` with exactly this structural type, so a `Genotype` can be passed
 * where a `Pathway` is wanted and back, with no import between the packages.
 */
export type Genotype = readonly (readonly number[])[];

/** The size of the super network as the GA sees it (Fernando et al. 2017, Sec. 3, the experiments' grid sizes). */
export interface GenotypeShape {
  /** L: number of layers; integer >= 1. */
  readonly layers: number;
  /** M: modules per layer; integer >= 1. */
  readonly modules: number;
  /** N: genes per layer (at most N active modules); integer in `[1, M]`. */
  readonly active: number;
}

function requirePositiveInt(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidConfigError(field, value, 'an integer >= 1');
  }
}

/**
 * Checks L, M, N.
 * @param prefix - prepended to field names in error messages (e.g. `"config."`).
 * @throws {InvalidConfigError} if L, M or N is not an integer >= 1, or N > M.
 */
export function validateShape(shape: GenotypeShape, prefix = ''): GenotypeShape {
  if (typeof shape !== 'object' || shape === null) {
    throw new InvalidConfigError(
      `${prefix || 'shape'}`,
      shape,
      'an object {layers, modules, active}',
    );
  }
  requirePositiveInt(`${prefix}layers`, shape.layers);
  requirePositiveInt(`${prefix}modules`, shape.modules);
  requirePositiveInt(`${prefix}active`, shape.active);
  if (shape.active > shape.modules) {
    throw new InvalidConfigError(
      `${prefix}active`,
      shape.active,
      `at most modules = ${shape.modules} (N <= M)`,
    );
  }
  return shape;
}

/**
 * A genotype with every gene uniform in `[0, M)`, independently (Sec. 2.1:
 * "initialised at random"). Draws `L·N` integers from `rng`, row by row.
 * @returns a fresh `[L][N]` genotype.
 * @throws {InvalidConfigError} on a bad shape (see {@link validateShape}).
 */
export function randomGenotype(rng: Rng, shape: GenotypeShape): Genotype {
  validateShape(shape);
  const rows: number[][] = [];
  for (let l = 0; l < shape.layers; l++) {
    const row: number[] = [];
    for (let k = 0; k < shape.active; k++) row.push(rng.int(0, shape.modules - 1));
    rows.push(row);
  }
  return rows;
}

/**
 * Checks that `genotype` is an `[L][N]` array of integers in `[0, M)` for the
 * given shape and returns it.
 * @param path - name of the input in error messages.
 * @throws {InvalidGenotypeError} naming the first offending row or gene.
 */
export function validateGenotype(
  genotype: unknown,
  shape: GenotypeShape,
  path = 'genotype',
): Genotype {
  if (!Array.isArray(genotype) || genotype.length !== shape.layers) {
    throw new InvalidGenotypeError(
      path,
      genotype,
      `an array of L = ${shape.layers} rows`,
      Array.isArray(genotype) ? `${genotype.length} rows` : undefined,
    );
  }
  genotype.forEach((row: unknown, l) => {
    if (!Array.isArray(row) || row.length !== shape.active) {
      throw new InvalidGenotypeError(
        `${path}[${l}]`,
        row,
        `an array of N = ${shape.active} module indices`,
        Array.isArray(row) ? `${row.length} genes` : undefined,
      );
    }
    row.forEach((gene: unknown, k) => {
      if (
        typeof gene !== 'number' ||
        !Number.isInteger(gene) ||
        gene < 0 ||
        gene >= shape.modules
      ) {
        throw new InvalidGenotypeError(
          `${path}[${l}][${k}]`,
          gene,
          `an integer module index in [0, ${shape.modules})`,
        );
      }
    });
  });
  return genotype as Genotype;
}

/** The shape `{layers, active}` of a genotype (rows, genes in the first row). */
export function genotypeSize(genotype: Genotype): { layers: number; active: number } {
  return { layers: genotype.length, active: genotype[0]?.length ?? 0 };
}

/** A deep, mutable copy of `genotype`. */
export function copyGenotype(genotype: Genotype): number[][] {
  return genotype.map((row) => [...row]);
}

/** Whether two genotypes have the same shape and genes. */
export function genotypesEqual(a: Genotype, b: Genotype): boolean {
  return (
    a.length === b.length &&
    a.every((row, l) => {
      const other = b[l];
      return (
        other !== undefined && row.length === other.length && row.every((g, k) => g === other[k])
      );
    })
  );
}

/**
 * The set of active modules per layer: the distinct indices of each row,
 * sorted (duplicates collapse to one module, a decision of this project: the paper does not say).
 */
export function activeModules(genotype: Genotype): number[][] {
  return genotype.map((row) => [...new Set(row)].sort((x, y) => x - y));
}
