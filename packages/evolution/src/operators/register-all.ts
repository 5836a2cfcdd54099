/**
 * The built-in operators, registered through the same door as any plugin
 * ({@link registerOperator}). One line per operator file.
 *
 * @packageDocumentation
 */
import type { OperatorFactory, OperatorKind, registerOperator } from '../operator.js';
import { asyncTournamentOperator } from './async-tournament.js';
import { binaryTournamentOperator } from './binary-tournament.js';
import { moduleDuplicationOperator } from './module-duplication.js';
import { mutationOperator } from './mutation.js';
import { uniformCrossoverOperator } from './uniform-crossover.js';

/** Names of the built-in operators. */
export const builtinOperatorNames: readonly string[] = [
  'mutation',
  'binary-tournament',
  'async-tournament',
  'module-duplication',
  'uniform-crossover',
];

/**
 * Registers the built-ins through `register` (the public {@link registerOperator});
 * called once, lazily, by the operator registry.
 * @param only - register just these names (used by `resetOperators`).
 */
export function registerBuiltinOperators(
  register: typeof registerOperator,
  only: readonly string[] = builtinOperatorNames,
): void {
  const add = <O, K extends OperatorKind>(name: string, factory: OperatorFactory<O, K>) => {
    if (only.includes(name)) register(name, factory);
  };
  add('mutation', mutationOperator);
  add('binary-tournament', binaryTournamentOperator);
  add('async-tournament', asyncTournamentOperator);
  add('module-duplication', moduleDuplicationOperator);
  add('uniform-crossover', uniformCrossoverOperator);
}
