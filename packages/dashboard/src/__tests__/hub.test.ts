import { describe, expect, it } from 'vitest';
import { DashboardHub } from '../hub.js';
import { MAX_CURVE_POINTS, phaseKey } from '../model.js';

const progress = (generation: number, fitness = generation / 1000) =>
  ({ type: 'progress', seed: 1, phase: 'task A', generation, bestFitness: fitness }) as const;

describe('DashboardHub', () => {
  it('applies events to its state: curves, population, best pathway, frozen, rows, finish', () => {
    const hub = new DashboardHub('t');
    hub.describe({ grid: { layers: 2, modules: 3, active: 1 }, columns: ['seed'] });
    hub.publish({
      ...progress(1, 0.5),
      population: {
        usage: [
          [2, 0, 0],
          [0, 1, 1],
        ],
        size: 2,
        best: [[0], [1]],
      },
      frozen: [[2], [2]],
    });
    hub.publish({ type: 'phaseDone', seed: 1, phase: 'task A', best: [[0], [2]] });
    hub.publish({ type: 'row', cells: [1] });
    hub.publish({ type: 'finished', at: 5 });
    const phase = hub.state.phases[phaseKey(1, 'task A')]!;
    expect(phase.curve).toEqual([[1, 0.5]]);
    expect(phase.population?.usage).toEqual([
      [2, 0, 0],
      [0, 1, 1],
    ]);
    expect(phase.frozen).toEqual([[2], [2]]);
    expect(phase.best).toEqual([[0], [2]]);
    expect(phase.done).toBe(true);
    expect(hub.state.results.rows).toEqual([[1]]);
    expect(hub.state).toMatchObject({ mode: 'finished', finishedAt: 5, generations: 1 });
  });

  it('keeps curves bounded, with their first and last points', () => {
    const hub = new DashboardHub('t');
    const n = 10 * MAX_CURVE_POINTS + 7;
    for (let g = 1; g <= n; g++) hub.publish(progress(g));
    const curve = hub.state.phases[phaseKey(1, 'task A')]!.curve;
    expect(curve.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
    expect(curve[0]).toEqual([1, 0.001]);
    expect(curve[curve.length - 1]).toEqual([n, n / 1000]);
  });

  it('replays the events a page missed while its ring holds them, and only then', () => {
    const hub = new DashboardHub('t', 'live', { bufferSize: 4 });
    for (let g = 1; g <= 10; g++) hub.publish(progress(g));
    expect(hub.since(10)).toEqual([]);
    expect(hub.since(7)?.map((e) => e.id)).toEqual([8, 9, 10]);
    expect(hub.since(6)?.map((e) => e.id)).toEqual([7, 8, 9, 10]);
    expect(hub.since(5)).toBeUndefined();
    expect(hub.since(11)).toBeUndefined();
    expect(hub.since(-1)).toBeUndefined();
  });

  it('drops a subscriber that throws and goes on publishing to the others', () => {
    const hub = new DashboardHub('t');
    const seen: number[] = [];
    hub.subscribe(() => {
      throw new Error('gone');
    });
    hub.subscribe((e) => seen.push(e.id));
    hub.publish(progress(1));
    hub.publish(progress(2));
    expect(hub.subscribers).toBe(1);
    expect(seen).toEqual([1, 2]);
  });

  it('refuses a buffer size that is not a positive integer', () => {
    expect(() => new DashboardHub('t', 'live', { bufferSize: 0 })).toThrow(/bufferSize/);
  });
});
