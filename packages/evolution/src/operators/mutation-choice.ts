/**
 * What a tournament mutates the winner's copy with: the built-in mutation's
 * settings, a mutation operator object, or a registered operator by name —
 * so a plugin operator replaces the built-in with one option.
 *
 * @packageDocumentation
 */
import { InvalidConfigError, InvalidOperatorError } from '../errors.js';
import { type Genotype, genotypeSize, validateGenotype } from '../genotype.js';
import { createOperator, type MutationOperator } from '../operator.js';
import type { Rng } from '../rng.js';
import { type MutationSettings, mutateWithTrace, validateMutationSettings } from './mutation.js';

/** A registered operator by name with its options (`createOperator(operator, {modules, ...options})`). */
export interface OperatorRef {
  /** The registered name, e.g. `"mutation"` or a plugin's `"my-mutation"`. */
  readonly operator: string;
  /** The factory's options; the tournament adds `modules` (M). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/**
 * The mutation of a tournament: the built-in's settings
 * (`{probability, maxDelta, bounds}`), a {@link MutationOperator}, a
 * registered operator's name (built with `{modules: M}`), or an
 * {@link OperatorRef} (built with `{modules: M, ...options}`).
 */
export type MutationChoice = MutationSettings | MutationOperator | OperatorRef | string;

/** A mutation ready to apply to genotypes with genes in `[0, modules)`. */
export interface ResolvedMutation {
  /**
   * The mutated copy of `genotype` and how many genes were selected for
   * mutation (built-in) or changed (operator).
   * @throws {InvalidGenotypeError} if an operator returns a genotype of another shape or out of range.
   */
  apply(rng: Rng, genotype: Genotype): { genotype: Genotype; mutatedGenes: number };
}

const isOperator = (c: object): c is MutationOperator => 'kind' in c || 'apply' in c;
const isRef = (c: object): c is OperatorRef => 'operator' in c;

function fromOperator(op: MutationOperator, modules: number): ResolvedMutation {
  return {
    apply(rng, genotype) {
      const { layers, active } = genotypeSize(genotype);
      const out = validateGenotype(
        op.apply(rng, genotype),
        { layers, active, modules },
        'mutated genotype',
      );
      let mutatedGenes = 0;
      out.forEach((row, l) => {
        row.forEach((gene, k) => {
          if (gene !== genotype[l]?.[k]) mutatedGenes += 1;
        });
      });
      return { genotype: out, mutatedGenes };
    },
  };
}

function byName(name: string, options: object, modules: number): MutationOperator {
  const op = createOperator(name, { ...options, modules });
  if (op.kind !== 'mutation') {
    throw new InvalidOperatorError(
      name,
      `a tournament needs a mutation operator, got a ${op.kind} operator`,
    );
  }
  return op;
}

/**
 * Resolves a {@link MutationChoice} once, for genes in `[0, modules)`
 * (`undefined`: the built-in with its defaults).
 * @throws {InvalidConfigError} on bad built-in settings or a choice of no known form.
 * @throws {UnknownIdError} (from `@pathnet/registry`) for an unregistered name.
 * @throws {InvalidOperatorError} if the named operator is not a mutation operator.
 */
export function resolveMutation(
  choice: MutationChoice | undefined,
  modules: number,
): ResolvedMutation {
  if (typeof choice === 'string') return fromOperator(byName(choice, {}, modules), modules);
  if (choice === undefined || choice === null || typeof choice !== 'object') {
    if (choice !== undefined) {
      throw new InvalidConfigError(
        'mutation',
        choice,
        'mutation settings, a mutation operator, or a registered operator name',
      );
    }
  } else if (isRef(choice)) {
    return fromOperator(byName(choice.operator, choice.options ?? {}, modules), modules);
  } else if (isOperator(choice)) {
    if (choice.kind !== 'mutation' || typeof choice.apply !== 'function') {
      throw new InvalidConfigError(
        'mutation',
        choice,
        "a mutation operator: { kind: 'mutation', apply(rng, genotype) }",
      );
    }
    return fromOperator(choice, modules);
  }
  const settings: MutationSettings = choice ?? {};
  validateMutationSettings(settings);
  return {
    apply(rng, genotype) {
      const trace = mutateWithTrace(rng, genotype, { ...settings, modules });
      return {
        genotype: trace.genotype,
        mutatedGenes: trace.selected.flat().filter(Boolean).length,
      };
    },
  };
}
