import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  defaultMutationProbability,
  gridConfig,
  modulesPerLayer,
  paperDefaults,
} from '../options.js';

describe('the grid a run builds', () => {
  test.prop([fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 64 })], {
    numRuns: 50,
  })(
    'modulesPerLayer (what --operator is checked against) is its M for every input size and unit count',
    (inputSize, units) => {
      const o = { ...paperDefaults(), units };
      expect(modulesPerLayer(o)).toBe(gridConfig(o, inputSize).modulesPerLayer);
    },
  );
});

describe('the default mutation probability', () => {
  test.prop([fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 64 })], {
    numRuns: 50,
  })(
    'is 1/(N·L) of the configured grid for every input size and unit count',
    (inputSize, units) => {
      const o = { ...paperDefaults(), units };
      const grid = gridConfig(o, inputSize);
      expect(defaultMutationProbability(o)).toBe(1 / (grid.maxActivePerLayer * grid.layers.length));
    },
  );

  test('is 1/15 for the paper defaults (N=5, L=3), as paperDefaults holds', () => {
    expect(defaultMutationProbability(paperDefaults())).toBe(1 / 15);
    expect(paperDefaults().mutationProbability).toBe(1 / 15);
  });
});
