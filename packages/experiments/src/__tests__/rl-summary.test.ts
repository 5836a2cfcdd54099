import { describe, expect, it } from 'vitest';
import type { LearningCurve } from '../rl-speedup.js';
import { formatRLTransferSummary, summariseRLTransfer } from '../rl-summary.js';
import type { RLCondition, RLConditionRecord, RLTransferRecord } from '../rl-transfer.js';

const A = 'minatar/Breakout-v0';
const B = 'minatar/Asterix-v0';
// The control rises from 1 to 4 over 100 frames; the conditions learn twice as fast.
const control: LearningCurve = [
  [25, 1],
  [50, 2],
  [75, 3],
  [100, 4],
];
const faster: LearningCurve = [
  [25, 2],
  [50, 4],
  [75, 4],
  [100, 4],
];
const run = (condition: RLCondition, curve: LearningCurve): RLConditionRecord => ({
  task: B,
  frames: 100,
  episodes: 40,
  finalScore: (curve[curve.length - 1] as [number, number])[1],
  curve,
  bestPathway: [[0]],
  tournaments: 0,
  copies: 0,
  duplications: 0,
  framesPerSecond: 1,
  condition,
  reusedPerLayer: condition === 'independent' ? null : [1],
});
const records = (seed: number): RLTransferRecord[] => [
  {
    seed,
    setting: null,
    source: A,
    a: { ...run('pathnet', control), task: A },
    runs: [run('pathnet', faster), run('fine-tune', faster)],
  },
  { seed, setting: null, source: null, a: null, runs: [run('independent', control)] },
];
const all = [...records(1), ...records(2)];

describe('the RL transfer summary with a random baseline', () => {
  it("a control ending within the random agent's interval learned nothing: no speedup", () => {
    const within = { n: 100, mean: 3.5, ci95: [3, 4] as [number, number] };
    const s = summariseRLTransfer(all, 0.75, { [B]: within });
    const p = s.pairs[0]!;
    expect(p.randomBaseline).toEqual(within);
    expect(p.controlLearned).toBe(0);
    expect(p.conditions.pathnet.speedup).toBeNull();
    expect(p.conditions.pathnet.perSeed.every((m) => m.level === null)).toBe(true);
    expect(s.means.pathnet.pairs).toBe(0);
  });

  it('a control ending above it learned: the speedup is as without a baseline', () => {
    const below = { n: 100, mean: 0.5, ci95: [0.2, 0.8] as [number, number] };
    const s = summariseRLTransfer(all, 0.75, { [B]: below });
    const plain = summariseRLTransfer(all, 0.75);
    expect(plain.pairs[0]?.randomBaseline).toBeNull();
    expect(s.pairs[0]?.controlLearned).toBe(2);
    // level 1 + 0.75·3 = 3.25: the control reaches it at 100 frames, the conditions at 50.
    expect(s.pairs[0]?.conditions.pathnet.speedup?.ratio).toBe(2);
    expect(s.pairs[0]?.conditions).toEqual(plain.pairs[0]?.conditions);
  });

  it('without an interval (one episode) the bound is the mean; other targets keep the rise alone', () => {
    const s = summariseRLTransfer(all, 0.75, { [B]: { n: 1, mean: 4, ci95: null } });
    expect(s.pairs[0]?.controlLearned).toBe(0);
    const other = summariseRLTransfer(all, 0.75, { [A]: { n: 1, mean: 99, ci95: null } });
    expect(other.pairs[0]?.controlLearned).toBe(2);
  });

  it('the mean over pairs leaves out a pair whose control learned in only some seeds', () => {
    // Seed 2's control stays flat: it learned in seed 1 only.
    const flat: LearningCurve = control.map(([f]) => [f, 1]);
    const partly = [
      ...records(1),
      ...records(2).map((r) =>
        r.source === null ? { ...r, runs: [run('independent', flat)] } : r,
      ),
    ];
    const s = summariseRLTransfer(partly, 0.75);
    expect(s.pairs[0]?.controlLearned).toBe(1);
    expect(s.pairs[0]?.conditions.pathnet.speedup?.ratio).toBe(2);
    expect(s.means.pathnet.pairs).toBe(0);
    expect(s.means.pathnet.speedup).toBeNull();
    expect(summariseRLTransfer(all, 0.75).means.pathnet).toMatchObject({ pairs: 1, speedup: 2 });
  });

  it("the table shows the random agent's mean beside the control's rise", () => {
    const baseline = { n: 100, mean: 0.58, ci95: [0.42, 0.74] as [number, number] };
    const text = formatRLTransferSummary(summariseRLTransfer(all, 0.75, { [B]: baseline }));
    expect(text).toContain('B independent first → final');
    expect(text).toContain('B random');
    expect(text).toContain('0.58 ± 0.16');
    expect(text).toContain("random agent's upper 95% bound");
    const without = formatRLTransferSummary(summariseRLTransfer(all, 0.75));
    expect(without).not.toContain("random agent's upper 95% bound");
  });
});
