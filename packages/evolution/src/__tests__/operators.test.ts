import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  builtinOperatorNames,
  createOperator,
  createRng,
  DuplicateRegistrationError,
  InvalidOperatorError,
  mutate,
  operatorNames,
  randomGenotype,
  registerOperator,
  resetOperators,
  unregisterOperator,
} from '../index.js';
import { inShape, seedArb, shapeArb } from './arbitraries.js';
import { layerReset } from './fixtures/layer-reset.js';

describe('operator registry', () => {
  it('lists every built-in and the example operator, which registered through the same door', () => {
    expect(operatorNames()).toEqual(
      expect.arrayContaining([...builtinOperatorNames, 'layer-reset']),
    );
    expect(builtinOperatorNames).toHaveLength(5);
  });

  it('throws on a duplicate name, built-ins included', () => {
    expect(() =>
      registerOperator('mutation', () => ({ kind: 'mutation', apply: (_r, g) => g })),
    ).toThrow(DuplicateRegistrationError);
  });

  it('rejects a factory result that is not an operator, and unregister frees the name', () => {
    registerOperator('broken', () => ({ kind: 'teleport' }) as never);
    expect(() => createOperator('broken')).toThrow(InvalidOperatorError);
    expect(unregisterOperator('broken')).toBe(true);
    expect(operatorNames()).not.toContain('broken');
  });

  test.prop([shapeArb, seedArb])(
    'the registered mutation operator draws exactly what mutate() draws',
    (shape, seed) => {
      const g = randomGenotype(createRng(seed), shape);
      const params = { modules: shape.modules, probability: 0.3 };
      expect(createOperator('mutation', params).apply(createRng((seed + 1) % 2 ** 32), g)).toEqual(
        mutate(createRng((seed + 1) % 2 ** 32), g, params),
      );
    },
    60_000,
  );

  it('binary-tournament and async-tournament selection operators pick and decide', () => {
    const rng = createRng(9);
    const bin = createOperator('binary-tournament', undefined);
    const [i, j] = bin.pick(rng, 5);
    expect(i).not.toBe(j);
    expect(bin.decide([3, 1], [2, 2])).toEqual({ winner: 3, loser: 1 });
    expect(bin.decide([3, 1], [1, 2])).toEqual({ winner: 1, loser: 3 });
    const asyncOp = createOperator('async-tournament', { others: 2 });
    const members = asyncOp.pick(rng, 5, 4);
    expect(members[0]).toBe(4);
    expect(members).toHaveLength(3);
    expect(asyncOp.decide([4, 0, 2], [1, null, 5])).toEqual({ winner: 2, loser: 4 });
    expect(asyncOp.decide([4, 0, 2], [5, 5, null])).toBeNull();
  });
});

describe('the example operator from the README ("layer-reset")', () => {
  test.prop([shapeArb, seedArb])(
    'keeps genes in [0, M) and shape L×N',
    (shape, seed) => {
      const rng = createRng(seed);
      const op = createOperator('layer-reset', { modules: shape.modules, probability: 0.5 });
      expect(inShape(op.apply(rng, randomGenotype(rng, shape)), shape)).toBe(true);
    },
    60_000,
  );

  test.prop([shapeArb, seedArb, fc.boolean()])(
    'probability 0 keeps the pathway; probability 1 redraws every layer from the generator',
    (shape, seed, all) => {
      const rng = createRng(seed);
      const g = randomGenotype(rng, shape);
      const op = createOperator('layer-reset', {
        modules: shape.modules,
        probability: all ? 1 : 0,
      });
      const before = rng.clone();
      const out = op.apply(rng, g);
      if (!all) expect(out).toEqual(g);
      else {
        // each layer: one float for the coin, then N genes
        const expected = g.map((row) => {
          before.float();
          return row.map(() => before.int(0, shape.modules - 1));
        });
        expect(out).toEqual(expected);
      }
    },
    60_000,
  );
});

describe('resetOperators', () => {
  it('removes added names and restores unregistered built-ins', () => {
    registerOperator('identity', () => ({ kind: 'mutation', apply: (_r, g) => g }));
    unregisterOperator('mutation');
    resetOperators();
    expect(operatorNames()).toEqual([...builtinOperatorNames].sort());
    expect(createOperator('mutation', { modules: 4 }).kind).toBe('mutation');
    registerOperator('layer-reset', layerReset); // what the fixture registered, for later tests
  });
});
