/**
 * The built-in operators, registered through the same door as any plugin
 * ({@link registerOperator}). One line per operator file.
 *
 * @packageDocumentation
 */
import type { registerOperator } from '../operator.js';
import { asyncTournamentOperator } from './async-tournament.js';
import { binaryTournamentOperator } from './binary-tournament.js';
import { moduleDuplicationOperator } from './module-duplication.js';
import { mutationOperator } from './mutation.js';
import { uniformCrossoverOperator } from './uniform-crossover.js';

/** Names of the built-in operators. */
export const builtinOperatorNames = [
  'mutation',
  'binary-tournament',
  'async-tournament',
  'module-duplication',
  'uniform-crossover',
] as const;

/** Registers every built-in; called once, lazily, by the operator registry. */
export function registerBuiltinOperators(register: typeof registerOperator): void {
  register('mutation', mutationOperator);
  register('binary-tournament', binaryTournamentOperator);
  register('async-tournament', asyncTournamentOperator);
  register('module-duplication', moduleDuplicationOperator);
  register('uniform-crossover', uniformCrossoverOperator);
}
