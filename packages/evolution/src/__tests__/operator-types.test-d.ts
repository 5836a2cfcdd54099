// Type-level tests, checked by `npm run typecheck` (tsc): createOperator is
// typed by name for the built-ins and for operators added to OperatorTypes.
import type { CrossoverOperator, MutationOperator, SelectionOperator } from '../index.js';
import { createOperator } from '../index.js';
import './fixtures/layer-reset.js';

export function typeChecks(): void {
  const params = { modules: 3, probability: 0.3 };
  const m: MutationOperator = createOperator('mutation', params);
  const s: SelectionOperator = createOperator('async-tournament', { others: 2 });
  const c: CrossoverOperator = createOperator('uniform-crossover', { mix: 0.5 });
  const custom: MutationOperator = createOperator('layer-reset', { modules: 4, probability: 1 });
  // @ts-expect-error: mutation needs M
  createOperator('mutation', { probability: 0.3 });
  // @ts-expect-error: a selection operator is not a mutation operator
  const wrong: MutationOperator = createOperator('binary-tournament', undefined);
  // names registered without an OperatorTypes entry are still accepted
  const dynamic = createOperator(String('my-op'), {});
  void [m, s, c, custom, wrong, dynamic];
}
