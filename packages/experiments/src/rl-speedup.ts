/**
 * Learning curves and the transfer speedup of the RL experiments
 * (Fernando et al. 2017, Sec. 3.3–3.4). The paper reports mean speedups over
 * its pairs (Atari: PathNet 1.33, fine-tuning 1.16; Labyrinth: 1.26, 1.0) but
 * not its formula, so this module defines one that reads 1 when there is no
 * effect:
 *
 * - **Learning curve**: at `points` evenly spaced frames of the budget, the mean
 *   return of the last `window` episodes finished by then; `null` (missing,
 *   never 0) before the first episode ends.
 * - **Mean curve** of a group of runs (the seeds of one condition): per point,
 *   the mean of the runs with data there.
 * - **Score level**, from the *pooled* curve of both groups (control and
 *   condition together): its first point with data plus `fraction` of its rise
 *   to its last point, `level = p₀ + fraction · (p_last − p₀)`. Neither side
 *   sets the level alone, so swapping the sides leaves it unchanged. A pooled
 *   curve that does not rise (`p_last ≤ p₀`), or, given a random agent's
 *   return, does not end above its upper 95% bound, gives no level: the
 *   speedup is undefined (`null`).
 * - **Frames to reach** the level: where a group's mean curve first crosses it,
 *   linearly interpolated between the last point below and the first at or
 *   above; a curve that never reaches it is censored at the budget — on both
 *   sides alike.
 * - **Speedup** = control's frames ÷ condition's frames (> 1: the condition
 *   learns faster). Swapping the sides gives exactly the reciprocal, so the
 *   estimator's log is symmetric about 0 when both groups come from one
 *   distribution; `rl-null.ts` measures its spread in every run.
 * - **AUC ratio** = area under the condition's mean curve ÷ area under the
 *   control's (areas as the means of the points with data, in units of
 *   return; meaningful when returns are positive).
 *
 * @packageDocumentation
 */

/** One point of a learning curve: `[frame, smoothed return]`, the return `null` before any episode ended. */
export type CurvePoint = [number, number | null];

/** Points with frames increasing; see {@link learningCurve}. */
export type LearningCurve = CurvePoint[];

/** One finished episode of a run: the frame (all workers) at its end and its return. */
export interface CurveEpisode {
  readonly frame: number;
  readonly return: number;
}

/**
 * The learning curve of a run: at `points` evenly spaced frames
 * (`budget · p / points`, p = 1…points), the mean return of the last `window`
 * episodes that ended by then; `null` at points before the first episode ended.
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
    curve.push([frame, end === 0 ? null : sum / Math.min(end, window)]);
  }
  return curve;
}

/** The points of a curve that have data. */
export const pointsWithData = (curve: LearningCurve): Array<[number, number]> =>
  curve.filter((p): p is [number, number] => p[1] !== null);

/**
 * The mean curve of runs measured at the same frames: per point, the mean of
 * the runs with data there (`null` where none has). The values are summed in
 * ascending order, so the mean does not depend on the order of `curves` (the
 * pooled curve of a comparison and of its swap are the same to the bit).
 * @throws {RangeError} if `curves` is empty or the curves' frames differ.
 */
export function meanCurve(curves: readonly LearningCurve[]): LearningCurve {
  const first = curves[0];
  if (first === undefined) throw new RangeError('meanCurve: no curves');
  return first.map(([frame], i) => {
    const values: number[] = [];
    for (const c of curves) {
      const p = c[i];
      if (p === undefined || p[0] !== frame) {
        throw new RangeError(`meanCurve: the curves' frames differ at point ${i}`);
      }
      if (p[1] !== null) values.push(p[1]);
    }
    values.sort((a, b) => a - b);
    const sum = values.reduce((a, b) => a + b, 0);
    return [frame, values.length === 0 ? null : sum / values.length];
  });
}

/**
 * The level a control's curve must end above to count as learned: the upper bound of
 * the random agent's 95% interval on the task (`randomAgentReturn`), or its mean when
 * it has no interval (one episode). Units of return. Passed to {@link scoreLevel}.
 */
export function randomUpper(random: {
  readonly mean: number;
  readonly ci95: readonly [number, number] | null;
}): number {
  return random.ci95?.[1] ?? random.mean;
}

/**
 * The score level of a curve: its first point with data plus `fraction` of the
 * rise to its last point with data, or `null` when the curve did not rise
 * (`last ≤ first`, or no data) or, with `randomUpper`, did not end above it.
 * Given the pooled curve of both sides ({@link pooledLevel}) it is the
 * speedup's level; given one control's curve, whether that control learned.
 * @param randomUpper - the upper 95% bound of the random agent's mean return
 *   on the task (units of return); absent: only the rise counts.
 * @throws {RangeError} for a fraction outside (0, 1].
 */
export function scoreLevel(
  curve: LearningCurve,
  fraction: number,
  randomUpper?: number,
): number | null {
  if (!(fraction > 0 && fraction <= 1)) {
    throw new RangeError(`scoreLevel: fraction must be in (0, 1], got ${fraction}`);
  }
  const data = pointsWithData(curve);
  if (data.length === 0) return null;
  const first = (data[0] as [number, number])[1];
  const last = (data[data.length - 1] as [number, number])[1];
  const learned = last > first && (randomUpper === undefined || last > randomUpper);
  return learned ? first + fraction * (last - first) : null;
}

/**
 * The level of the pooled curve of every run of both sides ({@link meanCurve}
 * of all of them, then {@link scoreLevel}): the same for a comparison and its swap.
 * @throws {RangeError} as {@link meanCurve} and {@link scoreLevel}.
 */
export function pooledLevel(
  curves: readonly LearningCurve[],
  fraction: number,
  randomUpper?: number,
): number | null {
  return scoreLevel(meanCurve(curves), fraction, randomUpper);
}

/**
 * Frames at which `curve` first reaches `level`: linearly interpolated between
 * the last point with data below it and the first at or above it (the frame of
 * the first point with data when that one is already there); `null` if no point
 * reaches it (the caller censors it at the budget).
 */
export function framesToReach(curve: LearningCurve, level: number): number | null {
  let previous: [number, number] | null = null;
  for (const point of pointsWithData(curve)) {
    const [frame, value] = point;
    if (value >= level) {
      if (previous === null) return frame;
      const [f0, v0] = previous;
      return f0 + ((level - v0) / (value - v0)) * (frame - f0);
    }
    previous = point;
  }
  return null;
}

/** Mean of a curve's points with data: its area divided by their span (units of return); 0 when none. */
export function curveArea(curve: LearningCurve): number {
  const data = pointsWithData(curve);
  return data.length === 0 ? 0 : data.reduce((s, [, v]) => s + v, 0) / data.length;
}

/** A condition's measures against a control (one seed each, or groups of seeds). */
export interface SpeedupMeasures {
  /** The level both must reach, from the pooled curve; `null`: it did not rise (no speedup). */
  level: number | null;
  /** Frames the control's mean curve needs (the budget if it never reaches the level; null without a level). */
  controlFrames: number | null;
  /** Frames the condition's mean curve needs (censored as the control's; null without a level). */
  conditionFrames: number | null;
  /** `controlFrames / conditionFrames`; null without a level. */
  speedup: number | null;
  /** `curveArea(condition) / curveArea(control)` of the mean curves; null when the control's area is ≤ 0. */
  aucRatio: number | null;
}

/**
 * The speedup and AUC ratio of the `condition` runs over the `control` runs
 * (definitions in the module comment): the level from the pooled curve of all
 * runs, frames to reach it on each side's mean curve, both censored at `budget`.
 * Swapping the two sides gives the reciprocal speedup.
 * @param budget - the frame budget of the runs (where a curve that never reaches the level is censored).
 * @param randomUpper - the upper 95% bound of the random agent's mean return on
 *   the task: the pooled curve must end above it to give a level.
 * @throws {RangeError} if either side is empty, the frames of the curves differ, or the fraction is outside (0, 1].
 */
export function groupSpeedup(
  condition: readonly LearningCurve[],
  control: readonly LearningCurve[],
  fraction: number,
  budget: number,
  randomUpper?: number,
): SpeedupMeasures {
  if (condition.length === 0 || control.length === 0) {
    throw new RangeError('groupSpeedup: both sides need at least one curve');
  }
  const level = pooledLevel([...control, ...condition], fraction, randomUpper);
  const x = meanCurve(condition);
  const c = meanCurve(control);
  const controlArea = curveArea(c);
  const aucRatio = controlArea > 0 ? curveArea(x) / controlArea : null;
  if (level === null) {
    return { level, controlFrames: null, conditionFrames: null, speedup: null, aucRatio };
  }
  const controlFrames = framesToReach(c, level) ?? budget;
  const conditionFrames = framesToReach(x, level) ?? budget;
  return {
    level,
    controlFrames,
    conditionFrames,
    speedup: controlFrames / conditionFrames,
    aucRatio,
  };
}

/**
 * {@link groupSpeedup} of one condition run over one control run.
 * @throws {RangeError} as {@link groupSpeedup}.
 */
export function speedupOf(
  condition: LearningCurve,
  control: LearningCurve,
  fraction: number,
  budget: number,
  randomUpper?: number,
): SpeedupMeasures {
  return groupSpeedup([condition], [control], fraction, budget, randomUpper);
}
