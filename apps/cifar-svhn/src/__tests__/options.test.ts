import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { gridConfig, modulesPerLayer, paperDefaults } from '../options.js';

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
