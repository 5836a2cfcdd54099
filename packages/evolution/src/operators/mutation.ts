/**
 * Point mutation of a genotype (Fernando et al. 2017, Sec. 2.1): each gene,
 * independently with probability `1/(N·L)`, gets a uniform integer in
 * `[-2, 2]` added. Probability and range are configurable; an out-of-range
 * result is clamped (default) or wrapped (a decision of this project: the paper does not say).
 *
 * ## No drift, precisely
 * - The *drawn* delta is uniform on `{-maxDelta, ..., maxDelta}`: mean 0,
 *   whatever the bounds.
 * - `wrap`: the new gene is `(g + d) mod M` (always in `[0, M)`, also for
 *   negative `g + d`), so the realised change is the drawn delta modulo M.
 *   For `M > 2·maxDelta` the shortest signed change on the ring equals the
 *   drawn delta exactly, hence has mean 0.
 * - `clamp`: the new gene is `min(M-1, max(0, g + d))`. Near a border this
 *   moves genes toward the interior (gene 0 never decreases), so the
 *   realised change at a *given* gene is not 0 on average. Clamping is
 *   mirror-symmetric, `clamp(M-1-g, -d) = M-1-clamp(g, d)`, so the pull is
 *   equal at both borders and the realised change averaged over genes spread
 *   uniformly on `[0, M)` is exactly 0: no drift toward low or high module
 *   indices. That mean (over uniform genes) is what "no drift" means here,
 *   and what the property tests measure.
 *
 * The zero delta is part of the paper's range, so a selected gene stays
 * unchanged with probability `1/(2·maxDelta+1)` (more often at a clamped
 * border); the fraction of *selected* genes is the configured probability.
 *
 * @packageDocumentation
 */
import { InvalidConfigError } from '../errors.js';
import { type Genotype, genotypeSize, validateGenotype } from '../genotype.js';
import type { MutationOperator, OperatorFactory } from '../operator.js';
import type { Rng } from '../rng.js';

/** How an out-of-range `g + d` is brought back into `[0, M)`. */
export type Bounds = 'clamp' | 'wrap';

/** Mutation settings apart from M (Sec. 2.1 defaults). */
export interface MutationSettings {
  /** Probability that a gene is mutated, in `[0, 1]`. Default `1/(N·L)` of the genotype mutated. */
  readonly probability?: number;
  /** Deltas are uniform integers in `[-maxDelta, maxDelta]`; integer >= 0, default 2. */
  readonly maxDelta?: number;
  /** Out-of-range handling, default `'clamp'`. */
  readonly bounds?: Bounds;
}

/** Mutation parameters: the settings plus M, the number of modules per layer. */
export interface MutationParams extends MutationSettings {
  /** M: genes must stay in `[0, modules)`; integer >= 1. */
  readonly modules: number;
}

/** Per-gene record of one mutation, for tests and diagnostics. */
export interface MutationTrace {
  /** The mutated genotype, `[L][N]`. */
  readonly genotype: Genotype;
  /** `[L][N]`: whether each gene was selected for mutation. */
  readonly selected: readonly (readonly boolean[])[];
  /** `[L][N]`: the drawn delta per gene (0 where not selected). */
  readonly drawn: readonly (readonly number[])[];
}

/**
 * Validates mutation settings (M excluded).
 * @param prefix - prepended to field names in error messages.
 * @throws {InvalidConfigError} on probability outside `[0, 1]`, maxDelta not an integer >= 0, or unknown bounds.
 */
export function validateMutationSettings(settings: MutationSettings, prefix = 'mutation.'): void {
  if (typeof settings !== 'object' || settings === null) {
    throw new InvalidConfigError(prefix.replace(/\.$/, ''), settings, 'an object');
  }
  const { probability, maxDelta, bounds } = settings;
  if (
    probability !== undefined &&
    (typeof probability !== 'number' || !(probability >= 0 && probability <= 1))
  ) {
    throw new InvalidConfigError(`${prefix}probability`, probability, 'a number in [0, 1]');
  }
  if (
    maxDelta !== undefined &&
    (typeof maxDelta !== 'number' || !Number.isSafeInteger(maxDelta) || maxDelta < 0)
  ) {
    throw new InvalidConfigError(`${prefix}maxDelta`, maxDelta, 'an integer >= 0');
  }
  if (bounds !== undefined && bounds !== 'clamp' && bounds !== 'wrap') {
    throw new InvalidConfigError(`${prefix}bounds`, bounds, '"clamp" or "wrap"');
  }
}

/**
 * Validates full mutation parameters.
 * @throws {InvalidConfigError} as {@link validateMutationSettings}, or if `modules` is not an integer >= 1.
 */
export function validateMutationParams(params: MutationParams, prefix = 'mutation.'): void {
  validateMutationSettings(params, prefix);
  const { modules } = params;
  if (typeof modules !== 'number' || !Number.isSafeInteger(modules) || modules < 1) {
    throw new InvalidConfigError(`${prefix}modules`, modules, 'an integer >= 1');
  }
}

/**
 * Gene `gene` plus delta `delta`, brought back into `[0, modules)`.
 * `clamp`: `min(M-1, max(0, gene+delta))`; `wrap`: `(gene+delta) mod M`, non-negative.
 */
export function applyDelta(gene: number, delta: number, modules: number, bounds: Bounds): number {
  const moved = gene + delta;
  if (bounds === 'wrap') return ((moved % modules) + modules) % modules;
  return Math.min(modules - 1, Math.max(0, moved));
}

/**
 * {@link mutate}, also returning which genes were selected and the drawn deltas.
 *
 * Draw order (fixed, part of the determinism contract): for each layer, for
 * each gene, one `rng.float()` for selection and, if selected, one
 * `rng.int(-maxDelta, maxDelta)`.
 * @throws {InvalidConfigError} on bad parameters.
 * @throws {InvalidGenotypeError} if rows differ in length or a gene is outside `[0, M)`.
 */
export function mutateWithTrace(
  rng: Rng,
  genotype: Genotype,
  params: MutationParams,
): MutationTrace {
  validateMutationParams(params);
  const { layers, active } = genotypeSize(genotype);
  validateGenotype(genotype, { layers, active, modules: params.modules });
  const probability = params.probability ?? 1 / Math.max(1, layers * active);
  const maxDelta = params.maxDelta ?? 2;
  const bounds = params.bounds ?? 'clamp';
  const out: number[][] = [];
  const selected: boolean[][] = [];
  const drawn: number[][] = [];
  for (const row of genotype) {
    const outRow: number[] = [];
    const selRow: boolean[] = [];
    const drawnRow: number[] = [];
    for (const gene of row) {
      const hit = rng.bernoulli(probability);
      const delta = hit ? rng.int(-maxDelta, maxDelta) : 0;
      outRow.push(hit ? applyDelta(gene, delta, params.modules, bounds) : gene);
      selRow.push(hit);
      drawnRow.push(delta);
    }
    out.push(outRow);
    selected.push(selRow);
    drawn.push(drawnRow);
  }
  return { genotype: out, selected, drawn };
}

/**
 * A mutated copy of `genotype` (Sec. 2.1); the input is not modified.
 *
 * @param rng - advanced by the draws (see {@link mutateWithTrace} for the order).
 * @param genotype - `[L][N]` module indices in `[0, M)`.
 * @param params - M and the settings; `probability` defaults to `1/(N·L)`.
 * @returns a new `[L][N]` genotype with genes in `[0, M)`.
 * @throws {InvalidConfigError} on bad parameters.
 * @throws {InvalidGenotypeError} if rows differ in length or a gene is outside `[0, M)`.
 */
export function mutate(rng: Rng, genotype: Genotype, params: MutationParams): Genotype {
  return mutateWithTrace(rng, genotype, params).genotype;
}

/** Registered as `'mutation'`: options {@link MutationParams}. */
export const mutationOperator: OperatorFactory<MutationParams, 'mutation'> = (
  options,
): MutationOperator => {
  validateMutationParams(options, 'options.');
  return { kind: 'mutation', apply: (rng, genotype) => mutate(rng, genotype, options) };
};
