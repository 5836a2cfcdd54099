import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  curveArea,
  framesToReach,
  type LearningCurve,
  learningCurve,
  scoreLevel,
  speedupOf,
} from '../rl-speedup.js';

// The independent control rises from 0 to 10 over 100 frames, 10 frames per point.
const control: LearningCurve = Array.from({ length: 10 }, (_, i) => [(i + 1) * 10, i + 1]);
// A condition that learns twice as fast: it reaches each value at half the frames.
const twiceAsFast: LearningCurve = control.map(([f]) => [f, Math.min(10, (2 * f) / 10)]);

describe('the RL speedup on hand-made curves', () => {
  it('the level is the first point plus the fraction of the rise to the last', () => {
    expect(scoreLevel(control, 0.5)).toBeCloseTo(1 + 0.5 * 9);
    expect(scoreLevel(control, 1)).toBe(10);
  });

  it('a control that does not rise has no level, hence no speedup', () => {
    const flat: LearningCurve = [
      [10, 3],
      [20, 3],
    ];
    expect(scoreLevel(flat, 0.75)).toBeNull();
    expect(speedupOf(control, flat, 0.75, 20).speedup).toBeNull();
  });

  it("a control ending within the random agent's interval gives no speedup; one above it does", () => {
    // The control ends at 10: an upper bound at or above that leaves it unlearned.
    expect(scoreLevel(control, 0.75, 10)).toBeNull();
    expect(speedupOf(twiceAsFast, control, 0.75, 100, 12).speedup).toBeNull();
    const above = speedupOf(twiceAsFast, control, 0.75, 100, 9.5);
    expect(above.level).toBeCloseTo(7.75);
    expect(above.speedup).toBe(2);
    // A control above the random agent must still rise from its own first point.
    const flatHigh: LearningCurve = [
      [10, 5],
      [20, 5],
    ];
    expect(scoreLevel(flatHigh, 0.75, 1)).toBeNull();
  });

  it('frames to reach: the first point at or above the level, else the budget', () => {
    expect(framesToReach(control, 5.5, 100)).toBe(60);
    expect(framesToReach(control, 11, 100)).toBe(100);
  });

  it('a condition twice as fast has speedup 2; the control against itself 1', () => {
    const m = speedupOf(twiceAsFast, control, 0.75, 100);
    // level 1 + 0.75·9 = 7.75: the control reaches it at 80 frames, the condition at 40.
    expect(m.level).toBeCloseTo(7.75);
    expect(m.controlFrames).toBe(80);
    expect(m.conditionFrames).toBe(40);
    expect(m.speedup).toBe(2);
    expect(speedupOf(control, control, 0.75, 100).speedup).toBe(1);
  });

  it('a condition that never reaches the level counts as the budget', () => {
    const never: LearningCurve = control.map(([f]) => [f, 0]);
    expect(speedupOf(never, control, 0.75, 100).speedup).toBe(80 / 100);
  });

  it('the AUC ratio divides the mean values of the curves', () => {
    expect(curveArea(control)).toBe(5.5);
    const m = speedupOf(twiceAsFast, control, 0.75, 100);
    expect(m.aucRatio).toBeCloseTo(curveArea(twiceAsFast) / 5.5);
  });

  it('learning curves average the last episodes ended by each point', () => {
    const episodes = [
      { frame: 5, return: 1 },
      { frame: 15, return: 3 },
      { frame: 18, return: 5 },
    ];
    expect(learningCurve(episodes, 30, 2, 3)).toEqual([
      [10, 1],
      [20, 4],
      [30, 4],
    ]);
    expect(learningCurve([], 30, 2, 3)).toEqual([
      [10, 0],
      [20, 0],
      [30, 0],
    ]);
    expect(() => learningCurve(episodes, 0, 2, 3)).toThrow(RangeError);
  });
});

const curve = fc
  .array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 2, maxLength: 12 })
  .map((vs): LearningCurve => vs.map((v, i) => [(i + 1) * 10, v]));

describe('the random baseline law', () => {
  test.prop(
    [
      curve,
      curve,
      fc.double({ min: 0.01, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 50, noNaN: true }),
    ],
    { numRuns: 200 },
  )(
    "an upper bound at or above the control's final point gives no level; one below every point changes nothing",
    (condition, ctl, fraction, margin) => {
      const last = (ctl[ctl.length - 1] as [number, number])[1];
      const lowest = Math.min(...ctl.map(([, v]) => v));
      const within = speedupOf(condition, ctl, fraction, 200, last + margin);
      expect(within.level).toBeNull();
      expect(within.speedup).toBeNull();
      expect(speedupOf(condition, ctl, fraction, 200, lowest - 1 - margin)).toEqual(
        speedupOf(condition, ctl, fraction, 200),
      );
    },
  );
});
