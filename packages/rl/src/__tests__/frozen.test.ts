import { describe, expect, it } from 'vitest';
import { trainA3C } from '../index.js';
import { ENGINES, smallNet } from './helpers.js';

describe.each(ENGINES)('frozen modules under A3C (transfer, Sec. 2.3), engine %s', (engine) => {
  it.each([1, 2, 3])(
    'frozen modules stay bit-identical while pathways through them train (seed %i)',
    { timeout: 30_000 },
    (seed) => {
      const net = smallNet(4, seed, engine);
      net.freeze([[0, 1], [1]]);
      const cells = [0, 1].flatMap((l) => [0, 1, 2].map((m) => [l, m] as const));
      const before = cells.map(([l, m]) => net.readModule(l, m));
      const result = trainA3C({
        env: 'CartPole-v1',
        net,
        args: {
          workers: 4,
          tournamentSize: 2,
          evaluationEpisodes: 1,
          totalFrames: 600,
          tMax: 10,
          seed,
        },
      });
      expect(result.updates).toBeGreaterThan(20);
      const throughFrozen = result.pathways.filter((p) =>
        p.some((row, l) => row.some((m) => net.isFrozen(l, m))),
      );
      expect(throughFrozen.length).toBeGreaterThan(0);
      let moved = 0;
      cells.forEach(([l, m], i) => {
        const after = net.readModule(l, m);
        if (net.isFrozen(l, m)) expect(after).toEqual(before[i]);
        else if (
          JSON.stringify(after.map((t) => Array.from(t))) !==
          JSON.stringify(before[i]!.map((t) => Array.from(t)))
        )
          moved++;
      });
      expect(moved).toBeGreaterThan(0); // the training is real
    },
  );
});
