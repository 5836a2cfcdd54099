import type { Optimizer } from '@pathnet/core';
import { describe, expect, it } from 'vitest';
import { a3cOptimizer, resolveA3CArgs, trainA3C } from '../index.js';
import type { A3CNetwork } from '../network.js';
import { ENGINES, smallNet } from './helpers.js';

/** One applied update: its inputs, output gradient and learning rate. */
interface Recorded {
  pathway: number[][];
  x: Float32Array;
  batchSize: number;
  gradient: Float32Array;
  learningRate: number;
}

/** Wraps a network so that every applied update is recorded. */
function recording(net: A3CNetwork) {
  const steps: Recorded[] = [];
  const wrapped: A3CNetwork = {
    config: net.config,
    readoutIds: () => net.readoutIds(),
    readoutSize: (t) => net.readoutSize(t),
    addReadout: (t, c, s) => net.addReadout(t, c, s),
    forward: (p, t, x, b) => net.forward(p, t, x, b),
    trainStepFromOutputGradient(p, t, x, b, lossFn, opt) {
      let gradient = new Float32Array(0);
      const r = net.trainStepFromOutputGradient(
        p,
        t,
        x,
        b,
        (o) => {
          const out = lossFn(o);
          gradient = out.gradient.slice();
          return out;
        },
        opt,
      );
      if (!r.skipped) {
        steps.push({
          pathway: p.map((row) => [...row]),
          x: x.slice(),
          batchSize: b,
          gradient,
          learningRate: opt.learningRate,
        });
      }
      return r;
    },
  };
  return { wrapped, steps };
}

describe.each(ENGINES)('shared RMSProp across workers, engine %s', (engine) => {
  it('workers interleaving updates equal one optimizer fed the same gradients in that order; per-worker statistics differ', {
    timeout: 60_000,
  }, () => {
    const overrides = {
      workers: 3,
      tournamentSize: 2,
      evaluationEpisodes: 1,
      totalFrames: 300,
      tMax: 5,
      seed: 4,
    };
    const args = resolveA3CArgs(overrides);
    const run = smallNet(4, 9, engine);
    const { wrapped, steps } = recording(run);
    const order: number[] = [];
    trainA3C({
      env: 'CartPole-v1',
      net: wrapped,
      args: overrides,
      onIteration: (r) => order.push(r.worker),
    });
    expect(new Set(order).size).toBe(3);
    expect(steps).toHaveLength(order.length);

    /** Applies the recorded updates to a fresh copy of the initial network. */
    const replay = (optimizerOf: (worker: number) => Optimizer) => {
      const net = smallNet(4, 9, engine);
      net.addReadout(args.taskId, 3, args.seed);
      steps.forEach((s, k) => {
        const opt = optimizerOf(order[k] as number);
        opt.setLearningRate(s.learningRate);
        net.trainStepFromOutputGradient(
          s.pathway,
          args.taskId,
          s.x,
          s.batchSize,
          () => ({ loss: 0, gradient: s.gradient }),
          opt,
        );
      });
      return net.toValues();
    };
    const shared = a3cOptimizer(args);
    expect(replay(() => shared)).toEqual(run.toValues());

    const own = new Map<number, Optimizer>();
    const perWorker = replay((w) => {
      if (!own.has(w)) own.set(w, a3cOptimizer(args));
      return own.get(w) as Optimizer;
    });
    expect(perWorker).not.toEqual(run.toValues());
  });
});
