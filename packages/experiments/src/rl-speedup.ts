/**
 * Learning curves and the transfer speedup of the RL experiments
 * (Fernando et al. 2017, Sec. 3.3–3.4). The paper reports mean speedups over
 * its pairs (Atari: PathNet 1.33, fine-tuning 1.16; Labyrinth: 1.26, 1.0) but
 * not its formula, so this module defines one:
 *
 * - **Learning curve**: at `points` evenly spaced frames of the budget, the mean
 *   return of the last `window` episodes finished by then (0 before the first).
 * - **Score level**: from the independent control's own curve, its first point
 *   plus `fraction` of its rise to its final point:
 *   `level = c₀ + fraction · (c_final − c₀)`. Measuring from the first point
 *   (not from 0) keeps a game whose random agent already scores (or one with
 *   negative returns) from counting as learned. A control that did not rise
 *   (`c_final ≤ c₀`) gives no level: the pair's speedup is undefined (`null`).
 *   Given a random agent's return on the task (`rl-random.ts`), the control
 *   must also end above the upper bound of its 95% interval (`c_final > u`):
 *   a curve that wanders within a random policy's range gives no level either.
 * - **Frames to reach** the level: the first curve point at or above it; a
 *   condition that never reaches it counts as the whole budget (as unsolved
 *   runs count as the generation cap in the supervised summary).
 * - **Speedup** = frames the independent control needs ÷ frames the condition
 *   needs (> 1: the condition learns B faster).
 * - **AUC ratio** = area under the condition's curve ÷ area under the
 *   control's (areas as the curves' means, in units of return; meaningful
 *   when returns are positive).
 *
 * @packageDocumentation
 */

/** `[frame, smoothed return]` points, frames increasing. */
export type LearningCurve = Array<[number, number]>;

/** One finished episode of a run: the frame (all workers) at its end and its return. */
export interface CurveEpisode {
  readonly frame: number;
  readonly return: number;
}

/**
 * The learning curve of a run: at `points` evenly spaced frames
 * (`budget · p / points`, p = 1…points), the mean return of the last `window`
 * episodes that ended by then (0 before the first).
 * @param episodes - in the order they ended (frames non-decreasing).
 * @throws {RangeError} if `budget`, `window` or `points` is not a positive integer.
 */
export function learningCurve(
  episodes: readonly CurveEpisode[],
  budget: number,
  window: number,
  points: number,
): LearningCurve {
  for (const [name, v] of [
    ['budget', budget],
    ['window', window],
    ['points', points],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`learningCurve: ${name} must be an integer ≥ 1, got ${v}`);
    }
  }
  const curve: LearningCurve = [];
  let end = 0;
  let sum = 0;
  for (let p = 1; p <= points; p++) {
    const frame = Math.round((budget * p) / points);
    while (end < episodes.length && (episodes[end] as CurveEpisode).frame <= frame) {
      sum += (episodes[end] as CurveEpisode).return;
      if (end >= window) sum -= (episodes[end - window] as CurveEpisode).return;
      end++;
    }
    curve.push([frame, end === 0 ? 0 : sum / Math.min(end, window)]);
  }
  return curve;
}

/**
 * The score level of the control's curve: `c₀ + fraction · (c_final − c₀)`,
 * or `null` when the control did not learn: it did not rise (`c_final ≤ c₀`)
 * or, with `randomUpper`, it did not end above it (`c_final ≤ randomUpper`).
 * @param randomUpper - the upper 95% bound of the random agent's mean return
 *   on the task (units of return); absent: only the rise counts.
 * @throws {RangeError} on an empty curve or a fraction outside (0, 1].
 */
export function scoreLevel(
  control: LearningCurve,
  fraction: number,
  randomUpper?: number,
): number | null {
  if (control.length === 0) throw new RangeError('scoreLevel: the control curve is empty');
  if (!(fraction > 0 && fraction <= 1)) {
    throw new RangeError(`scoreLevel: fraction must be in (0, 1], got ${fraction}`);
  }
  const first = (control[0] as [number, number])[1];
  const last = (control[control.length - 1] as [number, number])[1];
  const learned = last > first && (randomUpper === undefined || last > randomUpper);
  return learned ? first + fraction * (last - first) : null;
}

/** Frames at the first point of `curve` at or above `level`; `budget` if it never gets there. */
export function framesToReach(curve: LearningCurve, level: number, budget: number): number {
  for (const [frame, value] of curve) if (value >= level) return frame;
  return budget;
}

/** Mean of a curve's values: its area divided by the budget (units of return); 0 when empty. */
export function curveArea(curve: LearningCurve): number {
  return curve.length === 0 ? 0 : curve.reduce((s, [, v]) => s + v, 0) / curve.length;
}

/** A condition's transfer measures on one seed against the independent control. */
export interface SpeedupMeasures {
  /** The level both must reach, from the control's curve; `null`: the control did not learn. */
  level: number | null;
  /** Frames the control needs to reach the level (null without a level). */
  controlFrames: number | null;
  /** Frames the condition needs (the budget if it never reaches it; null without a level). */
  conditionFrames: number | null;
  /** `controlFrames / conditionFrames`; null without a level. */
  speedup: number | null;
  /** `curveArea(condition) / curveArea(control)`; null when the control's area is 0. */
  aucRatio: number | null;
}

/**
 * The speedup and AUC ratio of `condition` over `control` (definitions in the module comment).
 * @param randomUpper - the upper 95% bound of the random agent's mean return on
 *   the task: the control must end above it to have a level ({@link scoreLevel}).
 * @throws {RangeError} on an empty control curve or a fraction outside (0, 1].
 */
export function speedupOf(
  condition: LearningCurve,
  control: LearningCurve,
  fraction: number,
  budget: number,
  randomUpper?: number,
): SpeedupMeasures {
  const level = scoreLevel(control, fraction, randomUpper);
  const controlArea = curveArea(control);
  const aucRatio = controlArea === 0 ? null : curveArea(condition) / controlArea;
  if (level === null) {
    return { level, controlFrames: null, conditionFrames: null, speedup: null, aucRatio };
  }
  const controlFrames = framesToReach(control, level, budget);
  const conditionFrames = framesToReach(condition, level, budget);
  return {
    level,
    controlFrames,
    conditionFrames,
    speedup: controlFrames / conditionFrames,
    aucRatio,
  };
}
