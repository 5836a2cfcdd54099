import { fc, test } from '@fast-check/vitest';
import { createOptimizer } from '@pathnet/core';
import { describe, expect, it } from 'vitest';
import { a3cLoss, entropy, softmaxInto } from '../index.js';
import { ENGINES, smallNet } from './helpers.js';

const H = 2 ** -10; // exactly representable; adding it to a float32 in [-4, 4] is exact

/** A random rollout's outputs (A actions + value per row), actions taken and returns. */
const rolloutArb = fc.integer({ min: 2, max: 4 }).chain((A) =>
  fc.integer({ min: 1, max: 5 }).chain((n) =>
    fc.record({
      A: fc.constant(A),
      n: fc.constant(n),
      outputs: fc.array(fc.float({ min: -3, max: 3, noNaN: true }), {
        minLength: (n + 1) * (A + 1),
        maxLength: (n + 1) * (A + 1),
      }),
      taken: fc.array(fc.integer({ min: 0, max: A - 1 }), { minLength: n, maxLength: n }),
      returns: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), {
        minLength: n,
        maxLength: n,
      }),
      beta: fc.double({ min: 0, max: 0.5, noNaN: true }),
    }),
  ),
);

describe('A3C loss and its output gradient', () => {
  test.prop([rolloutArb], { numRuns: 60 })(
    'logit gradients equal central finite differences; value gradients are c_v (V − R) (advantages are constants); rows after n get 0',
    ({ A, n, outputs, taken, returns, beta }) => {
      const input = { actions: A, steps: n, taken, returns, valueCoef: 0.5, entropyCoef: beta };
      const o = Float32Array.from(outputs);
      const { gradient } = a3cLoss(o, input);
      const C = A + 1;
      const lossAt = (i: number, d: number) => {
        const p = o.slice();
        p[i] = (p[i] as number) + d;
        return a3cLoss(p, input).loss;
      };
      for (let i = 0; i < o.length; i++) {
        const row = Math.floor(i / C);
        const g = gradient[i] as number;
        if (row >= n) expect(g).toBe(0);
        else if (i % C === A)
          expect(g).toBeCloseTo(0.5 * ((o[i] as number) - (returns[row] as number)), 5);
        else {
          const fd = (lossAt(i, H) - lossAt(i, -H)) / (2 * H);
          expect(Math.abs(g - fd)).toBeLessThan(1e-3 * (1 + Math.abs(fd)));
        }
      }
    },
  );

  test.prop(
    [fc.array(fc.float({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 })],
    { numRuns: 100 },
  )('the entropy term alone (advantage 0) moves the logits towards a higher entropy', (logits) => {
    const o = Float32Array.of(...logits, 0.5);
    const p = softmaxInto(o, 0, 3, new Float64Array(3));
    const before = entropy(p, 3);
    // Returns equal to V: zero advantage and zero value error, only −β·H remains.
    const { gradient } = a3cLoss(o, {
      actions: 3,
      steps: 1,
      taken: [0],
      returns: [0.5],
      valueCoef: 0.5,
      entropyCoef: 0.01,
    });
    const moved = o.map((z, i) => z - 10 * (gradient[i] as number));
    const after = entropy(softmaxInto(moved, 0, 3, new Float64Array(3)), 3);
    if (before < Math.log(3) - 1e-6) expect(after).toBeGreaterThan(before);
    else expect(after).toBeCloseTo(before, 6);
  });
});

describe.each(ENGINES)('A3C loss through the grid, engine %s', (engine) => {
  const x = Float32Array.from({ length: 8 * 2 }, (_, i) => Math.sin(i + 1));
  const pathway = [
    [0, 1],
    [1, 2],
  ];

  it('the entropy term raises the policy entropy of a fixed batch', { timeout: 30_000 }, () => {
    const net = smallNet(2, 3, engine);
    net.addReadout('a3c', 4, 3);
    const meanEntropy = () => {
      const out = net.forward(pathway, 'a3c', x, 8);
      let h = 0;
      for (let b = 0; b < 8; b++) h += entropy(softmaxInto(out, b * 4, 3, new Float64Array(3)), 3);
      return h / 8;
    };
    const before = meanEntropy();
    const opt = createOptimizer({ kind: 'sgd', learningRate: 0.5 });
    for (let k = 0; k < 5; k++) {
      net.trainStepFromOutputGradient(
        pathway,
        'a3c',
        x,
        8,
        (outputs) => {
          const values = Array.from({ length: 8 }, (_, b) => outputs[b * 4 + 3] as number);
          return a3cLoss(outputs, {
            actions: 3,
            steps: 8,
            taken: [0, 1, 2, 0, 1, 2, 0, 1],
            returns: values, // zero advantage: only the entropy bonus acts
            valueCoef: 0.5,
            entropyCoef: 0.01,
          });
        },
        opt,
      );
    }
    expect(meanEntropy()).toBeGreaterThan(before);
  });

  it('the value loss lowers the squared error on a fixed batch', { timeout: 30_000 }, () => {
    const net = smallNet(2, 4, engine);
    net.addReadout('a3c', 2, 4); // one action: the policy term is identically 0
    const returns = Array.from({ length: 8 }, (_, b) => 1 + b / 4);
    const error = () => {
      const out = net.forward(pathway, 'a3c', x, 8);
      return returns.reduce((s, R, b) => s + (R - (out[b * 2 + 1] as number)) ** 2, 0);
    };
    const before = error();
    const opt = createOptimizer({ kind: 'sgd', learningRate: 0.01 });
    const step = () =>
      net.trainStepFromOutputGradient(
        pathway,
        'a3c',
        x,
        8,
        (outputs) =>
          a3cLoss(outputs, {
            actions: 1,
            steps: 8,
            taken: new Array(8).fill(0),
            returns,
            valueCoef: 0.5,
            entropyCoef: 0.01,
          }),
        opt,
      );
    step();
    const once = error();
    expect(once).toBeLessThan(before);
    for (let k = 0; k < 10; k++) step();
    expect(error()).toBeLessThan(once);
  });
});
