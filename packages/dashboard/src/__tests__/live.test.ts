import type { ProgressEvent } from '@pathnet/experiments';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardFlagError } from '../flags.js';
import { type LiveDashboard, startLiveDashboard } from '../live.js';
import { phaseKey } from '../model.js';

const setup = {
  title: 'binary-mnist · out',
  grid: { layers: 1, modules: 3, active: 2 },
  plan: { seeds: 1, phasesPerSeed: 2, maxGenerations: 10 },
  conditions: ['pathnet'],
};

describe('startLiveDashboard', () => {
  const open: LiveDashboard[] = [];
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close();
  });

  it('turns the experiment’s events into the page’s state, and ends it as finished', async () => {
    const live = await startLiveDashboard(setup);
    open.push(live);
    const event: ProgressEvent = {
      seed: 3,
      phase: 'task B pathnet',
      generation: 1,
      bestFitness: 0.75,
      population: { usage: [[2, 1, 1]], size: 2, best: [[0, 1]], frozen: [[2]] },
    };
    live.progress(event);
    live.phaseDone({ seed: 3, phase: 'task A' });
    live.record({
      seed: 3,
      taskA: [0, 1],
      taskB: [2, 3],
      a: { generations: 4, solved: true, bestPathway: [[2]] },
      conditions: { pathnet: { generations: 1, solved: true, bestPathway: [[0, 1]] } },
    });
    const body = (await (await fetch(new URL('/api/state', live.url))).json()) as {
      state: typeof live.hub.state;
    };
    const b = body.state.phases[phaseKey(3, 'task B pathnet')]!;
    expect(b.population).toEqual({ usage: [[2, 1, 1]], size: 2, best: [[0, 1]] });
    expect(b.frozen).toEqual([[2]]);
    expect(body.state.results.rows).toEqual([[3, '0/1', '2/3', '4', '1']]);
    await live.close();
    open.pop();
    expect(live.hub.state.mode).toBe('finished');
  });

  it('reports a taken port as a bad --dashboard value', async () => {
    const first = await startLiveDashboard(setup);
    open.push(first);
    const port = Number(new URL(first.url).port);
    await expect(startLiveDashboard({ ...setup, port })).rejects.toThrow(DashboardFlagError);
    await expect(startLiveDashboard({ ...setup, port })).rejects.toThrow(
      `--dashboard ${port}: the port is in use`,
    );
  });
});
