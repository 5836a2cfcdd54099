import type { DuplicationProposal } from '@pathnet/evolution';
import { describe, expect, it } from 'vitest';
import { InvalidA3CArgsError, trainA3C } from '../index.js';
import { constantNetwork, smallNet } from './helpers.js';

const args = {
  workers: 4,
  tournamentSize: 2,
  evaluationEpisodes: 1,
  totalFrames: 800,
  tMax: 10,
  duplicationPerturbation: 0.01,
};
const maxAbsDiff = (a: readonly Float32Array[], b: readonly Float32Array[]) =>
  Math.max(...a.flatMap((t, i) => Array.from(t, (v, j) => Math.abs(v - b[i]![j]!))));

describe('module duplication in the A3C tournament (Sec. 3.4)', () => {
  it.each([1, 2])(
    'fires after evaluations; the copy equals its source up to the perturbation; frozen modules are never targets nor changed (seed %i)',
    { timeout: 60_000 },
    (seed) => {
      const net = smallNet(4, seed, 'fused');
      net.freeze([[0, 1], [1]]);
      const frozenBefore = [0, 1].flatMap((l) =>
        [0, 1, 2]
          .filter((m) => net.isFrozen(l, m))
          .map((m) => [l, m, net.readModule(l, m)] as const),
      );
      const done: DuplicationProposal[] = [];
      const result = trainA3C({
        env: 'CartPole-v1',
        net,
        args: { ...args, seed, duplicationRate: 1 },
        onIteration: (r) => {
          if (r.duplication === null) return;
          const { layer, source, target, perturbation } = r.duplication;
          done.push(r.duplication);
          expect(net.isFrozen(layer, target)).toBe(false);
          expect(target).not.toBe(source);
          // Nothing trains between the copy and this report.
          const diff = maxAbsDiff(net.readModule(layer, target), net.readModule(layer, source));
          expect(diff).toBeLessThanOrEqual(perturbation + 1e-6);
        },
      });
      expect(result.tournaments).toBeGreaterThan(0);
      expect(done.length).toBeGreaterThan(0);
      expect(result.duplications).toBe(done.length);
      for (const [l, m, values] of frozenBefore) expect(net.readModule(l, m)).toEqual(values);
      net.dispose();
    },
  );

  it('is off by default, and off in plain A3C', { timeout: 30_000 }, () => {
    const net = smallNet(4, 1, 'fused');
    expect(trainA3C({ env: 'CartPole-v1', net, args: { ...args, seed: 1 } }).duplications).toBe(0);
    const plain = trainA3C({
      env: 'CartPole-v1',
      net,
      args: { ...args, seed: 1, evolve: false, duplicationRate: 1 },
    });
    expect(plain.duplications).toBe(0);
    net.dispose();
  });

  it('rejects a rate outside [0, 1] and a network that cannot copy modules', () => {
    const net = smallNet(4, 1, 'fused');
    expect(() =>
      trainA3C({ env: 'CartPole-v1', net, args: { ...args, duplicationRate: 1.5 } }),
    ).toThrow(InvalidA3CArgsError);
    net.dispose();
    const { net: standIn } = constantNetwork([0, 0, 0], 4);
    expect(() =>
      trainA3C({ env: 'CartPole-v1', net: standIn, args: { ...args, duplicationRate: 1 } }),
    ).toThrow(/duplicationRate/);
  });
});
