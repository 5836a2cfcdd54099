/**
 * The time left of a run of jobs, for the progress lines of every app: the mean
 * wall time of the jobs finished so far in this process times the jobs left,
 * divided by how many run at once. A first estimate, not a promise: jobs of one
 * run may differ in length (a source job runs four trainings, a control job two).
 */

/** `1 h 05 min`, `4 min 10 s`, `12 s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600)
    return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}

/** Counts finished jobs and says how long the rest will take. */
export class Eta {
  private done = 0;
  private readonly started = performance.now();

  /**
   * @param total - jobs this process runs (those left to do, not those already in `results.json`).
   * @param atOnce - jobs that run at once (threads, or 1).
   */
  constructor(
    readonly total: number,
    readonly atOnce = 1,
  ) {}

  /** One more job finished; returns `[3/10] 1 min 20 s elapsed, about 3 min 05 s left`. */
  tick(): string {
    this.done += 1;
    const elapsed = (performance.now() - this.started) / 1000;
    const left = this.total - this.done;
    // Jobs run `atOnce` at a time: the elapsed time covers about `done / atOnce` rounds of them.
    const perRound = elapsed / Math.max(1, Math.ceil(this.done / this.atOnce));
    const rest =
      left <= 0 ? 'done' : `about ${formatDuration(Math.ceil(left / this.atOnce) * perRound)} left`;
    return `[${this.done}/${this.total}] ${formatDuration(elapsed)} elapsed, ${rest}`;
  }
}

/**
 * The time left of a run measured in frames (RL): every run's latest frame is
 * added up across threads, so the rate is the whole machine's and the estimate
 * is there from the first progress event, long before the first job finishes.
 * The rate is measured from the first progress event on, so that start-up (threads,
 * kernels, the random agent's episodes) does not count as slow training; before a
 * second event it is measured from the estimator's construction.
 */
export class FrameEta {
  private readonly latest = new Map<string, number>();
  private done = 0;
  private readonly started = performance.now();
  /** When the first frames were reported, and how many. */
  private first: { at: number; done: number } | null = null;

  /** @param total - frames of every run this process trains (budget × runs). */
  constructor(readonly total: number) {}

  /**
   * A run reached `frame` of its `frames` (a frame past the budget counts as the budget).
   * @param key - names the run uniquely among those running (e.g. seed and run name).
   */
  update(key: string, frame: number, frames: number): void {
    const now = Math.min(frame, frames);
    this.done += now - (this.latest.get(key) ?? 0);
    this.latest.set(key, now);
    if (this.first === null && this.done > 0)
      this.first = { at: performance.now(), done: this.done };
  }

  /** Frames per second, all runs together: since the first progress event once there is a later one. */
  rate(): number {
    const now = performance.now();
    const since = this.first;
    if (since !== null && now > since.at && this.done > since.done) {
      return (this.done - since.done) / ((now - since.at) / 1000);
    }
    const seconds = (now - this.started) / 1000;
    return seconds > 0 ? this.done / seconds : 0;
  }

  /** E.g. `6100 frames/s, about 2 h 10 min left`. */
  toString(): string {
    const rate = this.rate();
    const left = Math.max(0, this.total - this.done);
    const rest = rate > 0 ? `about ${formatDuration(left / rate)} left` : 'time left unknown';
    return `${Math.round(rate)} frames/s, ${rest}`;
  }
}
