/**
 * GA operators as plugins: a typed {@link GeneticOperator} interface and one
 * registry (`Registry` from `@pathnet/registry`) that the built-ins and
 * third-party operators register through alike (DESIGN.md "Evolution").
 *
 * The built-ins are registered lazily, on the first call of any function
 * here, so importing the package has no side effects. The registry is one per
 * process (`processRegistry`): an operator registered through the ESM build is
 * seen by the CommonJS build.
 *
 * @packageDocumentation
 */
import { processRegistry } from '@pathnet/registry';
import { InvalidOperatorError } from './errors.js';
import type { Genotype } from './genotype.js';
import type { AsyncTournamentParams } from './operators/async-tournament.js';
import type { DuplicationParams, FrozenModules } from './operators/module-duplication.js';
import type { MutationParams } from './operators/mutation.js';
import { builtinOperatorNames, registerBuiltinOperators } from './operators/register-all.js';
import type { CrossoverParams } from './operators/uniform-crossover.js';
import type { Rng } from './rng.js';

/** What a tournament decided: the loser's genotype becomes a mutated copy of the winner's. */
export interface TournamentOutcome {
  /** Population index of the winner (unchanged by the tournament). */
  readonly winner: number;
  /** Population index of the loser (overwritten). */
  readonly loser: number;
}

/**
 * A proposal to copy module `source`'s parameters onto module `target` of
 * layer `layer` (Sec. 3.4, Labyrinth). The GA only proposes; `@pathnet/core`
 * copies the parameters and adds the perturbation.
 */
export interface DuplicationProposal {
  /** Layer index in `[0, L)`. */
  readonly layer: number;
  /** Module copied from, in `[0, M)`; active on the pathway it was drawn from. */
  readonly source: number;
  /** Module overwritten, in `[0, M)`, different from `source`. */
  readonly target: number;
  /** Half-width p of the uniform noise U(−p, p) core adds to each copied value (0 = exact copy). */
  readonly perturbation: number;
}

/** Changes one genotype: `(rng, genotype) => genotype`; must not modify its input. */
export interface MutationOperator {
  readonly kind: 'mutation';
  apply(rng: Rng, genotype: Genotype): Genotype;
}

/** Combines two parents into a child of the same shape; must not modify its inputs. */
export interface CrossoverOperator {
  readonly kind: 'crossover';
  apply(rng: Rng, a: Genotype, b: Genotype): Genotype;
}

/**
 * Chooses who competes (`pick`) and, once their fitnesses are known, who wins
 * (`decide`). Fitness is maximised; `null` means "not evaluated yet".
 */
export interface SelectionOperator {
  readonly kind: 'selection';
  /**
   * Member indices to evaluate, drawn from a population of `size`.
   * @param self - the member running the tournament, if any (async variant); it is returned first.
   */
  pick(rng: Rng, size: number, self?: number): number[];
  /**
   * The outcome for `members` with `fitness[i]` belonging to `members[i]`,
   * or `null` when nobody is overwritten.
   */
  decide(members: readonly number[], fitness: readonly (number | null)[]): TournamentOutcome | null;
}

/** Proposes a module duplication for a pathway (Sec. 3.4), or nothing. */
export interface DuplicationOperator {
  readonly kind: 'duplication';
  /**
   * @param frozen - `[L][M]`, `true` for frozen modules, which are never proposed as targets.
   * @returns a proposal, or `null` when the operator does not fire this time.
   */
  apply(rng: Rng, genotype: Genotype, frozen?: FrozenModules): DuplicationProposal | null;
}

/** Any GA operator; `kind` tells which interface it follows. */
export type GeneticOperator =
  | MutationOperator
  | CrossoverOperator
  | SelectionOperator
  | DuplicationOperator;

/** The operator kinds: `'mutation' | 'crossover' | 'selection' | 'duplication'`. */
export type OperatorKind = GeneticOperator['kind'];

/** The operator interface for one kind, e.g. `OperatorOfKind<'mutation'>` is {@link MutationOperator}. */
export type OperatorOfKind<K extends OperatorKind> = Extract<GeneticOperator, { kind: K }>;

/**
 * Builds an operator from its options. Factories validate their options and
 * throw {@link InvalidConfigError} on bad ones.
 */
export type OperatorFactory<O, K extends OperatorKind = OperatorKind> = (
  options: O,
) => OperatorOfKind<K>;

/**
 * Options and kind per registered name, used to type {@link createOperator}.
 * Extend it for your own operator with declaration merging:
 * `declare module '@pathnet/evolution' { interface OperatorTypes { 'my-op': { options: MyOptions; kind: 'mutation' } } }`.
 * Names not listed here still work, typed as {@link GeneticOperator}.
 */
export interface OperatorTypes {
  mutation: { options: MutationParams; kind: 'mutation' };
  'binary-tournament': { options: Record<string, never> | undefined; kind: 'selection' };
  'async-tournament': { options: AsyncTournamentParams; kind: 'selection' };
  'module-duplication': { options: DuplicationParams; kind: 'duplication' };
  'uniform-crossover': { options: CrossoverParams | undefined; kind: 'crossover' };
}

/** Stored factories; their options are checked by each factory at run time. */
type StoredFactory = (options: never) => GeneticOperator;

/** The options type of the operator registered as `N` (from {@link OperatorTypes}). */
export type OperatorOptions<N extends keyof OperatorTypes> = (OperatorTypes[N] & {
  options: unknown;
})['options'];

/** The kind of the operator registered as `N` (from {@link OperatorTypes}). */
export type OperatorKindOf<N extends keyof OperatorTypes> = (OperatorTypes[N] & {
  kind: OperatorKind;
})['kind'];

/**
 * The operator registry, one per process (shared by this package's ESM and
 * CJS builds); the built-ins are registered when it is first made.
 */
const operators = () =>
  processRegistry<StoredFactory>('@pathnet/evolution:operators@1', 'GA operator', (registry) =>
    registerBuiltinOperators((name, factory) => registry.register(name, factory)),
  );

/**
 * Registers an operator factory under `name`.
 * @throws {TypeError} if `name` is empty.
 * @throws {DuplicateRegistrationError} (from `@pathnet/registry`) if `name` is taken, built-ins included.
 */
export function registerOperator<O, K extends OperatorKind>(
  name: string,
  factory: OperatorFactory<O, K>,
): void {
  const stored: StoredFactory = factory;
  operators().register(name, stored);
}

/** Removes a registered operator; returns whether it was there (for tests and hot reloads). */
export function unregisterOperator(name: string): boolean {
  return operators().unregister(name);
}

/**
 * Puts the registry back to the built-ins only: removes every other name and
 * re-registers any built-in that was unregistered. For test cleanup. (It is
 * in the main entry, not a `./testing` one: a second CJS entry would bundle
 * its own copy of the registry.)
 */
export function resetOperators(): void {
  const registry = operators();
  for (const name of registry.ids()) {
    if (!builtinOperatorNames.includes(name)) registry.unregister(name);
  }
  const missing = builtinOperatorNames.filter((name) => !registry.has(name));
  registerBuiltinOperators(registerOperator, missing);
}

/** Every registered operator name, sorted. */
export function operatorNames(): string[] {
  return operators().ids();
}

const methodsByKind: Record<OperatorKind, readonly string[]> = {
  mutation: ['apply'],
  crossover: ['apply'],
  duplication: ['apply'],
  selection: ['pick', 'decide'],
};

/**
 * Builds the operator registered under `name` with `options`.
 * @throws {UnknownIdError} (from `@pathnet/registry`) for an unregistered name, with did-you-mean suggestions.
 * @throws {InvalidConfigError} from the factory on bad options.
 * @throws {InvalidOperatorError} if the factory's result lacks a known `kind` or its methods.
 */
export function createOperator<N extends keyof OperatorTypes>(
  name: N,
  options: OperatorOptions<N>,
): OperatorOfKind<OperatorKindOf<N>>;
export function createOperator<S extends string>(
  name: S extends keyof OperatorTypes ? never : S,
  options?: unknown,
): GeneticOperator;
export function createOperator(name: string, options?: unknown): GeneticOperator {
  const factory = operators().get(name) as (options: unknown) => unknown;
  const op = factory(options);
  if (typeof op !== 'object' || op === null) {
    throw new InvalidOperatorError(name, `factory returned ${String(op)}, expected an object`);
  }
  const kind = (op as { kind?: unknown }).kind;
  const methods = methodsByKind[kind as OperatorKind];
  if (methods === undefined) {
    throw new InvalidOperatorError(
      name,
      `kind is ${JSON.stringify(kind)}, expected one of ${Object.keys(methodsByKind).join(', ')}`,
    );
  }
  for (const m of methods) {
    if (typeof (op as Record<string, unknown>)[m] !== 'function') {
      throw new InvalidOperatorError(name, `a ${String(kind)} operator needs a method ${m}()`);
    }
  }
  return op as GeneticOperator;
}
