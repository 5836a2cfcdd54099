import type { LevelSpeedup, Summary } from '@pathnet/experiments';
import { describe, expect, it } from 'vitest';
import { paperDefaults } from '../options.js';
import { verdictSentence } from '../report.js';

const gens = (mean: number) => ({
  generations: { n: 30, mean, ci95: null },
  solved: 30,
  testAccuracy: { n: 30, mean: 0.94, ci95: null },
  cleanTestAccuracy: null,
  reusedModules: null,
  taskATestAccuracyAfter: null,
});

/** A summary whose pathnet-vs-independent speedup at the stop has these numbers. */
function summary(n: number, ci95: [number, number], pHolm: number): Summary {
  const s: LevelSpeedup = {
    condition: 'pathnet',
    control: 'independent',
    factor: 'weights',
    level: 0.998,
    n,
    ratio: (ci95[0] + ci95[1]) / 2,
    ci95,
    reached: { control: n, condition: n },
    test: { method: 'Wilcoxon signed-rank', nonZero: n, pValue: pHolm },
    pHolm,
  };
  return {
    seeds: n,
    taskA: {
      generations: gens(100).generations,
      solved: n,
      testAccuracy: gens(1).testAccuracy,
      cleanTestAccuracy: null,
    },
    conditions: { pathnet: gens(150), independent: gens(135) },
    levels: [0.998],
    speedups: [s],
  };
}

describe('verdictSentence', () => {
  const o = paperDefaults();
  it('names a direction only when the interval excludes 1 and the Holm p is below 0.05', () => {
    expect(verdictSentence(summary(30, [0.8, 0.95], 0.001), o)).toMatch(
      /^Found: PathNet transfer solved B slower/,
    );
    expect(verdictSentence(summary(30, [1.05, 1.3], 0.001), o)).toMatch(
      /^Found: PathNet transfer solved B faster/,
    );
    expect(verdictSentence(summary(30, [0.8, 0.95], 0.3), o)).toMatch(
      /cannot tell PathNet transfer/,
    );
  });
  it('gives no verdict below six seeds, however narrow the bootstrap interval', () => {
    expect(verdictSentence(summary(2, [0.79, 0.8], 0.5), o)).toMatch(/2 seed\(s\) cannot tell/);
  });
});
