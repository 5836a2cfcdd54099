import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  defaultMutationProbability,
  gridConfig,
  modulesPerLayer,
  paperDefaults,
} from '../options.js';

/** Every input size and unit count a grid may be built for, with the grid of the defaults at that size. */
const gridProp = test.prop([fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 64 })], {
  numRuns: 50,
});
const settingsAndGrid = (inputSize: number, units: number) => {
  const o = { ...paperDefaults(), units };
  return { o, grid: gridConfig(o, inputSize) };
};

describe('the grid a run builds', () => {
  gridProp(
    'modulesPerLayer (what --operator is checked against) is its M for every input size and unit count',
    (inputSize, units) => {
      const { o, grid } = settingsAndGrid(inputSize, units);
      expect(modulesPerLayer(o)).toBe(grid.modulesPerLayer);
    },
  );
});

describe('the default mutation probability', () => {
  gridProp(
    'is 1/(N·L) of the configured grid for every input size and unit count',
    (inputSize, units) => {
      const { o, grid } = settingsAndGrid(inputSize, units);
      expect(defaultMutationProbability(o)).toBe(1 / (grid.maxActivePerLayer * grid.layers.length));
    },
  );

  test('is 1/15 for the paper defaults (N=5, L=3), as paperDefaults holds', () => {
    expect(defaultMutationProbability(paperDefaults())).toBe(1 / 15);
    expect(paperDefaults().mutationProbability).toBe(1 / 15);
  });
});
