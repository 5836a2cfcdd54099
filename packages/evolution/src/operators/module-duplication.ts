/**
 * Module duplication (Fernando et al. 2017, Sec. 3.4, Labyrinth): propose
 * copying the parameters of a module on the pathway onto another module of
 * the same layer, with a small perturbation. This operator only draws the
 * proposal; `@pathnet/core` copies the parameters.
 *
 * Decisions (the paper gives no detail): the layer is uniform in `[0, L)`, the
 * source is a uniformly drawn gene of that layer of the pathway (so an active
 * module), the target is uniform over the other `M - 1` modules; the default
 * perturbation is 0.01 (standard deviation of the noise core adds).
 *
 * @packageDocumentation
 */
import { InvalidConfigError } from '../errors.js';
import { type Genotype, genotypeSize } from '../genotype.js';
import type { DuplicationOperator, DuplicationProposal, OperatorFactory } from '../operator.js';
import type { Rng } from '../rng.js';

/** Settings of module duplication. */
export interface DuplicationParams {
  /** M: modules per layer; integer >= 2 (a copy needs another module). */
  readonly modules: number;
  /** Standard deviation of the noise for core to add; number >= 0, default 0.01. */
  readonly perturbation?: number;
}

/**
 * Validates {@link DuplicationParams}.
 * @throws {InvalidConfigError} if `modules` is not an integer >= 2 or `perturbation` is negative or not finite.
 */
export function validateDuplicationParams(params: DuplicationParams, prefix = ''): void {
  const { modules, perturbation } = (params ?? {}) as Partial<DuplicationParams>;
  if (typeof modules !== 'number' || !Number.isSafeInteger(modules) || modules < 2) {
    throw new InvalidConfigError(`${prefix}modules`, modules, 'an integer M >= 2');
  }
  if (
    perturbation !== undefined &&
    (typeof perturbation !== 'number' || !Number.isFinite(perturbation) || perturbation < 0)
  ) {
    throw new InvalidConfigError(`${prefix}perturbation`, perturbation, 'a finite number >= 0');
  }
}

/**
 * Proposes "copy module `source` onto module `target` of layer `layer`" for
 * the pathway `genotype` (draws three integers: layer, gene, target).
 * @param genotype - `[L][N]`, genes in `[0, M)`.
 * @throws {InvalidConfigError} on bad parameters or an empty genotype.
 */
export function proposeDuplication(
  rng: Rng,
  genotype: Genotype,
  params: DuplicationParams,
): DuplicationProposal {
  validateDuplicationParams(params);
  const { layers, active } = genotypeSize(genotype);
  if (layers < 1 || active < 1) {
    throw new InvalidConfigError('genotype', genotype, 'at least one layer with one gene');
  }
  const layer = rng.int(0, layers - 1);
  const source = (genotype[layer] as readonly number[])[rng.int(0, active - 1)] as number;
  let target = rng.int(0, params.modules - 2);
  if (target >= source) target += 1;
  return { layer, source, target, perturbation: params.perturbation ?? 0.01 };
}

/** Registered as `'module-duplication'`: options {@link DuplicationParams}. */
export const moduleDuplicationOperator: OperatorFactory<DuplicationParams, 'duplication'> = (
  options,
): DuplicationOperator => {
  validateDuplicationParams(options, 'options.');
  return {
    kind: 'duplication',
    apply: (rng, genotype) => proposeDuplication(rng, genotype, options),
  };
};
