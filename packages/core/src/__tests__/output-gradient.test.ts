import { fc, test } from '@fast-check/vitest';
import { initBackend } from '@pathnet/backend';
import { beforeAll, describe, expect } from 'vitest';
import { createOptimizer, type OutputLossFn, type PathNet, ShapeMismatchError } from '../index.js';
import { closeTo, dense, grid, netWithReadout, onBothEngines } from './grids.js';
import { arbFusedRun, bitEqual, snapshot, softmaxCrossEntropy } from './helpers.js';

const B = 3;
const C = 3;

/** A loss that is neither cross-entropy nor linear: Σ aᵢ·oᵢ + ½ Σ oᵢ², gradient a + o. */
function quadratic(a: Float32Array): OutputLossFn {
  return (outputs) => {
    let loss = 0;
    const gradient = new Float32Array(outputs.length);
    outputs.forEach((o, i) => {
      loss += a[i]! * o + 0.5 * o * o;
      gradient[i] = a[i]! + o;
    });
    return { loss, gradient };
  };
}

const arbCoefficients = fc
  .array(fc.float({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }), {
    minLength: B * C,
    maxLength: B * C,
  })
  .map((a) => Float32Array.from(a, (v) => (Math.abs(v) < 1e-6 ? 0 : v)));

const arbRun = arbFusedRun(B, C, { a: arbCoefficients });

/** Every module and the readout, flattened. */
function parameters(net: PathNet): Float32Array[] {
  return [...snapshot(net).flat(2), ...net.readReadout('T')];
}

function expectClose(a: readonly Float32Array[], b: readonly Float32Array[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => {
    for (let j = 0; j < v.length; j++) {
      if (!closeTo(v[j]!, b[i]![j]!)) throw new Error(`tensor ${i}[${j}]: ${v[j]} vs ${b[i]![j]}`);
    }
  });
}

describe('trainStepFromOutputGradient: any loss on every engine', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  test.prop([arbRun], { numRuns: 30 })(
    "law: the fused engine's updates equal the tfjs engine's for a caller's loss (dense and conv grids, within float32 tolerance); frozen modules stay bit-identical",
    ({ config, steps, frozen, optimizer, seed }) => {
      const nets = onBothEngines(config, seed, C);
      try {
        if (frozen) for (const net of nets) net.freeze(frozen);
        const before = snapshot(nets[1]);
        const opts = nets.map(() => createOptimizer(optimizer));
        for (const { pathway, x, a } of steps) {
          const [ra, rb] = nets.map((net, i) =>
            net.trainStepFromOutputGradient(pathway, 'T', x, B, quadratic(a), opts[i]!),
          );
          expect(ra!.skipped).toBe(false);
          expect(rb!.skipped).toBe(false);
          expect(closeTo(rb!.loss, ra!.loss)).toBe(true);
        }
        expectClose(parameters(nets[1]), parameters(nets[0]));
        const after = snapshot(nets[1]);
        for (const net of nets) {
          const now = snapshot(net);
          before.forEach((row, l) => {
            row.forEach((mod, m) => {
              if (net.isFrozen(l, m)) expect(bitEqual(now[l]![m]!, mod)).toBe(true);
            });
          });
        }
        expect(after.length).toBe(before.length);
      } finally {
        for (const net of nets) net.dispose();
      }
    },
    120_000,
  );

  test.prop([arbRun], { numRuns: 25 })(
    'law: with a softmax cross-entropy callback it is trainStep (bit-identical on the fused engine, within float32 tolerance on tfjs)',
    ({ config, steps, frozen, optimizer, seed }) => {
      for (const engine of ['fused', 'tfjs'] as const) {
        const nets = [
          netWithReadout(config, seed, C, engine),
          netWithReadout(config, seed, C, engine),
        ] as const;
        try {
          if (frozen) for (const net of nets) net.freeze(frozen);
          const opts = nets.map(() => createOptimizer(optimizer));
          for (const { pathway, x, y } of steps) {
            const a = nets[0].trainStep(pathway, 'T', { x, y, batchSize: B }, opts[0]!);
            const b = nets[1].trainStepFromOutputGradient(
              pathway,
              'T',
              x,
              B,
              softmaxCrossEntropy(y),
              opts[1]!,
            );
            expect(closeTo(b.loss, a.loss)).toBe(true);
          }
          const [pa, pb] = nets.map(parameters);
          if (engine === 'fused') expect(bitEqual(pb!, pa!)).toBe(true);
          else expectClose(pb!, pa!);
        } finally {
          for (const net of nets) net.dispose();
        }
      }
    },
    120_000,
  );

  test.each(['tfjs', 'fused'] as const)(
    '[%s] forward is predict; a gradient of the wrong length is a ShapeMismatchError and changes nothing',
    (engine) => {
      const config = grid([4], [dense(5)], 3, 2);
      const net = netWithReadout(config, 7, C, engine);
      try {
        const x = Float32Array.from({ length: 8 }, (_, i) => i / 8 - 0.5);
        expect(net.forward([[0, 2]], 'T', x, 2)).toEqual(net.predict([[0, 2]], 'T', x, 2));
        const before = parameters(net);
        const bad: OutputLossFn = () => ({ loss: 1, gradient: new Float32Array(5) });
        const opt = createOptimizer({ kind: 'rmsprop', learningRate: 0.01 });
        expect(() => net.trainStepFromOutputGradient([[0]], 'T', x, 2, bad, opt)).toThrow(
          ShapeMismatchError,
        );
        expect(bitEqual(parameters(net), before)).toBe(true);
      } finally {
        net.dispose();
      }
    },
  );
});
