/**
 * Module duplication (Fernando et al. 2017, Sec. 3.4, Labyrinth): propose
 * copying the parameters of a module on a pathway onto another module of the
 * same layer, with a small perturbation. This operator only draws the
 * proposal; `@pathnet/core`'s `PathNet.copyModule(layer, source, target,
 * {perturbation, seed})` performs it (and refuses a frozen target).
 *
 * The paper names the operator and varies its rate, but gives no rule. The rule
 * here (decisions of this project):
 * - **When**: once per call, i.e. once per evaluation of a pathway in the
 *   tournament (for A3C: each time a worker finishes its T episodes and has run
 *   its tournament), the operator fires with probability `rate`.
 * - **Rate**: default 0.05. Gene mutation changes about one gene per overwritten
 *   genotype (probability 1/(N·L) per gene); a duplication changes parameters
 *   every pathway through the target shares, so it is made rarer: with 64 workers,
 *   about three duplications per round of evaluations.
 * - **Which module, where**: a layer drawn uniformly; the source drawn uniformly
 *   from the distinct modules the pathway uses in that layer (so a module whose
 *   features this pathway's fitness vouches for, frozen ones included: copying a
 *   frozen task-A module gives task B a trainable variant of it); the target
 *   drawn uniformly from that layer's modules that are neither the source nor
 *   frozen. Only layers and sources that have such a target are drawn; when
 *   there is none at all, nothing is proposed. Frozen modules are never targets.
 * - **Perturbation**: uniform noise U(−p, p) added by core to every copied
 *   value, default p = 0.01 — about a tenth of the Glorot-uniform range of the
 *   paper's conv modules (≈ ±0.09 for 8×8×4 → 8), so the copy starts as a close
 *   variant and then diverges under its own gradients.
 *
 * @packageDocumentation
 */
import { InvalidConfigError } from '../errors.js';
import { activeModules, type Genotype, genotypeSize } from '../genotype.js';
import type { DuplicationOperator, DuplicationProposal, OperatorFactory } from '../operator.js';
import type { Rng } from '../rng.js';

/** Settings of module duplication. */
export interface DuplicationParams {
  /** M: modules per layer; integer >= 2 (a copy needs another module). */
  readonly modules: number;
  /** Probability that one call proposes a duplication, in [0, 1]; default {@link DEFAULT_DUPLICATION_RATE}. */
  readonly rate?: number;
  /** Half-width p of the uniform noise U(−p, p) core adds to each copied value; finite, >= 0; default 0.01. */
  readonly perturbation?: number;
}

/** Default probability per call (per pathway evaluation) that a duplication is proposed. */
export const DEFAULT_DUPLICATION_RATE = 0.05;
/** Default half-width of the copy's uniform perturbation. */
export const DEFAULT_DUPLICATION_PERTURBATION = 0.01;

/** Which modules are frozen: `frozen[layer][module]`, as `PathNet.frozenModules()` returns. */
export type FrozenModules = readonly (readonly boolean[])[];

/**
 * Validates {@link DuplicationParams}.
 * @throws {InvalidConfigError} if `modules` is not an integer >= 2, `rate` is not in [0, 1],
 *   or `perturbation` is negative or not finite.
 */
export function validateDuplicationParams(params: DuplicationParams, prefix = ''): void {
  const { modules, rate, perturbation } = (params ?? {}) as Partial<DuplicationParams>;
  if (typeof modules !== 'number' || !Number.isSafeInteger(modules) || modules < 2) {
    throw new InvalidConfigError(`${prefix}modules`, modules, 'an integer M >= 2');
  }
  if (rate !== undefined && (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))) {
    throw new InvalidConfigError(`${prefix}rate`, rate, 'a probability in [0, 1]');
  }
  if (
    perturbation !== undefined &&
    (typeof perturbation !== 'number' || !Number.isFinite(perturbation) || perturbation < 0)
  ) {
    throw new InvalidConfigError(`${prefix}perturbation`, perturbation, 'a finite number >= 0');
  }
}

function checkFrozen(frozen: FrozenModules | undefined, layers: number, modules: number): void {
  if (frozen === undefined) return;
  const ok =
    Array.isArray(frozen) &&
    frozen.length === layers &&
    frozen.every(
      (row) =>
        Array.isArray(row) && row.length === modules && row.every((f) => typeof f === 'boolean'),
    );
  if (!ok) {
    throw new InvalidConfigError(
      'frozen',
      frozen,
      `booleans [${layers}][${modules}] (frozen[layer][module])`,
    );
  }
}

/**
 * With probability `rate`, proposes "copy module `source` onto module `target` of
 * layer `layer`" for the pathway `genotype` (rule in the module comment).
 * Draws one float for the rate and, when it fires, three integers (layer,
 * source, target).
 *
 * @param genotype - `[L][N]`, genes in `[0, M)`.
 * @param frozen - `[L][M]`, `true` for frozen modules (never proposed as targets); default none frozen.
 * @returns the proposal, or `null` when it does not fire or no layer has a module it may overwrite.
 * @throws {InvalidConfigError} on bad parameters, an empty genotype, or a `frozen` of the wrong shape.
 */
export function proposeDuplication(
  rng: Rng,
  genotype: Genotype,
  params: DuplicationParams,
  frozen?: FrozenModules,
): DuplicationProposal | null {
  validateDuplicationParams(params);
  const { layers, active } = genotypeSize(genotype);
  if (layers < 1 || active < 1) {
    throw new InvalidConfigError('genotype', genotype, 'at least one layer with one gene');
  }
  const M = params.modules;
  checkFrozen(frozen, layers, M);
  if (!rng.bernoulli(params.rate ?? DEFAULT_DUPLICATION_RATE)) return null;
  const targetsOf = (layer: number, source: number) => {
    const out: number[] = [];
    for (let m = 0; m < M; m++) if (m !== source && !frozen?.[layer]?.[m]) out.push(m);
    return out;
  };
  const choices = activeModules(genotype)
    .map((sources, layer) => ({
      layer,
      sources: sources.filter((s) => targetsOf(layer, s).length > 0),
    }))
    .filter((c) => c.sources.length > 0);
  if (choices.length === 0) return null;
  const { layer, sources } = choices[rng.int(0, choices.length - 1)] as (typeof choices)[number];
  const source = sources[rng.int(0, sources.length - 1)] as number;
  const targets = targetsOf(layer, source);
  const target = targets[rng.int(0, targets.length - 1)] as number;
  return {
    layer,
    source,
    target,
    perturbation: params.perturbation ?? DEFAULT_DUPLICATION_PERTURBATION,
  };
}

/** Registered as `'module-duplication'`: options {@link DuplicationParams}. */
export const moduleDuplicationOperator: OperatorFactory<DuplicationParams, 'duplication'> = (
  options,
): DuplicationOperator => {
  validateDuplicationParams(options, 'options.');
  return {
    kind: 'duplication',
    apply: (rng, genotype, frozen) => proposeDuplication(rng, genotype, options, frozen),
  };
};
