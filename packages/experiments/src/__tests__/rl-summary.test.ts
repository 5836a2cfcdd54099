import { describe, expect, it } from 'vitest';
import type { LearningCurve } from '../rl-speedup.js';
import { summariseRLTransfer } from '../rl-summary.js';
import { formatRLTransferMarkdown, formatRLTransferSummary } from '../rl-summary-format.js';
import { A, B, control, controls, records } from './rl-fixtures.js';

const all = [...records(1), ...records(2)];
const find = (s: ReturnType<typeof summariseRLTransfer>, condition: string, control: string) =>
  s.means.find((m) => m.condition === condition && m.control === control);

describe('the RL transfer summary', () => {
  it('compares every transfer with both controls and marks the one of the same algorithm', () => {
    const p = summariseRLTransfer(all, 0.75).pairs[0]!;
    const { pathnet, 'fine-tune-fixed': fixed, 'plain-a3c': plain } = p.conditions;
    expect(pathnet.comparisons.independent?.sameAlgorithm).toBe(true);
    expect(pathnet.comparisons['plain-a3c']?.sameAlgorithm).toBe(false);
    expect(fixed.comparisons['plain-a3c']?.sameAlgorithm).toBe(true);
    expect(Object.keys(plain.comparisons)).toEqual(['independent']);
    // Pooled curve 1.5 → 4, level 3.375: the controls cross it at 84.4 frames, the transfers at 42.2.
    expect(pathnet.comparisons.independent?.measures.speedup).toBeCloseTo(2);
    expect(fixed.comparisons['plain-a3c']?.measures.speedup).toBe(1);
    expect(pathnet.comparisons.independent?.perSeed.map((m) => m.speedup)).toEqual(
      [2, 2].map(() => expect.closeTo(2)),
    );
  });

  it('the null pools every control run of the target, the extra null seeds among them', () => {
    const p = summariseRLTransfer([...all, controls(3), controls(4)], 0.75).pairs[0]!;
    expect(p.seeds).toBe(2);
    expect(p.controlRuns).toEqual({ independent: 4, 'plain-a3c': 4 });
    const n = p.conditions.pathnet.comparisons.independent?.null;
    // 4 identical control curves: every split reads exactly 1.
    expect(n).toMatchObject({ pool: 4, groupSize: 2, splits: 6, median: 1, interval: [1, 1] });
    // 2 transfer seeds and 2 control seeds: 6 relabellings, the observed one and its swap as extreme.
    expect(p.conditions.pathnet.comparisons.independent?.test?.p).toBeCloseTo(2 / 6);
  });

  it('a positive control (target = source) is summarised as any pair', () => {
    const s = summariseRLTransfer([...records(1, A), ...records(2, A)], 0.75);
    expect(s.pairs.map((p) => `${p.source} → ${p.target}`)).toEqual([`${A} → ${A}`]);
  });

  it("a control ending within the random agent's interval learned nothing: no speedup, not in the means", () => {
    const within = { n: 100, mean: 3.5, ci95: [3, 4] as [number, number] };
    const s = summariseRLTransfer(all, 0.75, { [B]: within });
    expect(s.pairs[0]?.controlLearned).toBe(0);
    expect(find(s, 'pathnet', 'independent')).toMatchObject({ pairs: 0, speedup: null });
    const below = { n: 100, mean: 0.5, ci95: [0.2, 0.8] as [number, number] };
    expect(
      find(summariseRLTransfer(all, 0.75, { [B]: below }), 'pathnet', 'independent'),
    ).toMatchObject({
      pairs: 1,
      speedup: expect.closeTo(2),
      geometricSpeedup: { n: 1, mean: expect.closeTo(2), ci95: null },
      faster: 1,
    });
  });

  it('the means over pairs leave out a positive control (source = target): it is no transfer between tasks', () => {
    const s = summariseRLTransfer([...all, ...records(1, A), ...records(2, A)], 0.75);
    expect(s.pairs.map((p) => `${p.source} → ${p.target}`)).toEqual([`${A} → ${B}`, `${A} → ${A}`]);
    expect(s.pairs.every((p) => p.controlLearned === 2)).toBe(true);
    expect(find(s, 'pathnet', 'independent')?.pairs).toBe(1);
    const alone = summariseRLTransfer([...records(1, A), ...records(2, A)], 0.75);
    expect(find(alone, 'pathnet', 'independent')).toMatchObject({ pairs: 0, speedup: null });
    for (const text of [formatRLTransferSummary(alone), formatRLTransferMarkdown(alone)]) {
      expect(text).toContain('no means over pairs: no pair of two tasks');
      expect(text).not.toContain('mean speedup');
      expect(text).not.toContain('geometric mean');
    }
  });

  it('plain-a3c against independent counts each target once: two controls, no source in it', () => {
    const fromB = (r: ReturnType<typeof records>[number]) =>
      r.source === null ? r : { ...r, source: B, a: { ...r.a!, task: B } };
    // A → B and B → A: two targets, two pairs everywhere.
    const cross = [...all, ...records(1, A).map(fromB), ...records(2, A).map(fromB)];
    const t = summariseRLTransfer(cross, 0.75);
    expect(t.pairs.map((p) => `${p.source} → ${p.target}`)).toEqual([`${A} → ${B}`, `${B} → ${A}`]);
    expect(find(t, 'plain-a3c', 'independent')?.pairs).toBe(2);
    expect(formatRLTransferSummary(t)).toContain('independent (2 runs)');
    const one = summariseRLTransfer(records(1), 0.75);
    expect(formatRLTransferMarkdown(one)).toContain('| independent (1 run) |');
    // A → B and a second source C → B share B's controls: plain-a3c counts B once.
    const C = 'minatar/Seaquest-v0';
    const fromC = (r: ReturnType<typeof records>[number]) =>
      r.source === null ? r : { ...r, source: C, a: { ...r.a!, task: C } };
    const s = summariseRLTransfer(
      [...all, ...records(1).map(fromC), ...records(2).map(fromC)],
      0.75,
    );
    expect(s.pairs.map((p) => `${p.source} → ${p.target}`)).toEqual([`${A} → ${B}`, `${C} → ${B}`]);
    expect(find(s, 'pathnet', 'independent')?.pairs).toBe(2);
    expect(find(s, 'plain-a3c', 'independent')?.pairs).toBe(1);
  });

  it('the mean over pairs leaves out a pair whose control learned in only some seeds', () => {
    const flat: LearningCurve = control.map(([f]) => [f, 1]);
    const partly = [...records(1), records(2)[0]!, controls(2, flat)];
    const s = summariseRLTransfer(partly, 0.75);
    expect(s.pairs[0]?.controlLearned).toBe(1);
    expect(find(s, 'pathnet', 'independent')?.pairs).toBe(0);
  });

  it('the tables name both controls, the null and the p-value, and fit 120 columns; the markdown has every seed', () => {
    const baseline = { n: 100, mean: 0.58, ci95: [0.42, 0.74] as [number, number] };
    const summary = summariseRLTransfer(all, 0.75, { [B]: baseline });
    const text = formatRLTransferSummary(summary);
    for (const s of [
      'vs control',
      'independent*',
      'plain-a3c',
      'null [2.5%, 97.5%]',
      'fine-tune-fixed',
      'random agent',
      '0.58 ± 0.16',
      '2.00*',
      'geometric mean [95%]',
      '1 of 1',
    ]) {
      expect(text).toContain(s);
    }
    const widest = Math.max(...text.split('\n').map((line) => [...line].length));
    expect(widest).toBeLessThanOrEqual(120);
    const md = formatRLTransferMarkdown(summary);
    expect(md).toMatch(/\| condition \| vs control \| speedup \| per seed \| null/);
    expect(md).toContain('A modules on B pathway / layer');
  });
});
