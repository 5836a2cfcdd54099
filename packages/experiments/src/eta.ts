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
