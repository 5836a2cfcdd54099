/**
 * Uniform crossover of two pathways: each gene of the child comes from
 * parent `b` with probability `mix`, else from parent `a`. Not part of the
 * paper's algorithm (Sec. 2.1 uses mutation only); offered for experiments
 * with recombination, in the evosax `simple_ga` manner.
 *
 * @packageDocumentation
 */
import { InvalidConfigError, InvalidGenotypeError } from '../errors.js';
import { type Genotype, genotypeSize } from '../genotype.js';
import type { CrossoverOperator, OperatorFactory } from '../operator.js';
import type { Rng } from '../rng.js';

/** Settings of uniform crossover. */
export interface CrossoverParams {
  /** Probability that a gene is taken from parent `b`; in `[0, 1]`, default 0.5. */
  readonly mix?: number;
}

/**
 * Validates {@link CrossoverParams}.
 * @throws {InvalidConfigError} if `mix` is outside `[0, 1]`.
 */
export function validateCrossoverParams(params: CrossoverParams | undefined, prefix = ''): void {
  const mix = params?.mix;
  if (mix !== undefined && (typeof mix !== 'number' || !(mix >= 0 && mix <= 1))) {
    throw new InvalidConfigError(`${prefix}mix`, mix, 'a number in [0, 1]');
  }
}

/**
 * A child of `a` and `b`, gene by gene (one `rng.float()` per gene, row by row).
 * @param a - `[L][N]` parent.
 * @param b - `[L][N]` parent of the same shape.
 * @returns a new `[L][N]` genotype; every gene equals `a`'s or `b`'s at that position.
 * @throws {InvalidGenotypeError} if the shapes differ.
 * @throws {InvalidConfigError} if `mix` is outside `[0, 1]`.
 */
export function uniformCrossover(
  rng: Rng,
  a: Genotype,
  b: Genotype,
  params: CrossoverParams = {},
): Genotype {
  validateCrossoverParams(params);
  const sa = genotypeSize(a);
  const sb = genotypeSize(b);
  if (sa.layers !== sb.layers || a.some((row, l) => row.length !== b[l]?.length)) {
    throw new InvalidGenotypeError(
      'b',
      `shape [${sb.layers}][${sb.active}]`,
      `the shape of a, [${sa.layers}][${sa.active}]`,
    );
  }
  const mix = params.mix ?? 0.5;
  return a.map((row, l) =>
    row.map((gene, k) => (rng.bernoulli(mix) ? ((b[l] as readonly number[])[k] as number) : gene)),
  );
}

/** Registered as `'uniform-crossover'`: options {@link CrossoverParams}. */
export const uniformCrossoverOperator: OperatorFactory<CrossoverParams | undefined, 'crossover'> = (
  options,
): CrossoverOperator => {
  validateCrossoverParams(options, 'options.');
  return { kind: 'crossover', apply: (rng, a, b) => uniformCrossover(rng, a, b, options ?? {}) };
};
