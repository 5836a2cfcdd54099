import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  createDensePathwayKernel,
  type DenseOptimizerSpec,
  type DensePathwayConfig,
  type DensePathwayKernel,
  KernelArgumentError,
} from '../index.js';
import { type RefModel, refForward, refTrainStep } from './dense-reference.js';
import { bitEqual, worstViolation } from './reference.js';

const layerArb = fc.record({
  units: fc.integer({ min: 1, max: 9 }),
  modules: fc.integer({ min: 1, max: 4 }),
  reduction: fc.constantFrom('sum' as const, 'mean' as const),
  activation: fc.constantFrom('relu' as const, 'linear' as const),
});

const optimizerArb: fc.Arbitrary<DenseOptimizerSpec> = fc.oneof(
  fc.record({ type: fc.constant('sgd' as const), learningRate: fc.constantFrom(0.05, 0.5) }),
  fc.record({
    type: fc.constant('rmsprop' as const),
    learningRate: fc.constant(0.01),
    decay: fc.constantFrom(0.9, 0.99),
    momentum: fc.constantFrom(0, 0.5),
    clipNorm: fc.constantFrom(undefined, 0.1),
  }),
  // A large epsilon keeps Adam's g / (sqrt(v) + eps) smooth where float32 and float64 gradients differ near 0.
  fc.record({
    type: fc.constant('adam' as const),
    learningRate: fc.constant(0.01),
    epsilon: fc.constant(1e-3),
  }),
);

// Inputs are 0 or of magnitude >= 1e-3: a denormal input makes a pre-activation of ~1e-46,
// positive in float64 but 0 in float32, which flips the ReLU mask between model and reference.
const inputValue = fc
  .float({ min: -1, max: 1, noNaN: true })
  .map((v) => (Math.abs(v) < 1e-3 ? 0 : v));

/** A random grid, a random pathway through it, trainable mask and two batches. */
const caseArb = fc
  .record({
    inputSize: fc.integer({ min: 1, max: 12 }),
    layers: fc.array(layerArb, { minLength: 1, maxLength: 3 }),
    classes: fc.integer({ min: 2, max: 4 }),
    seed: fc.nat(1000),
    skipZeroInputs: fc.boolean(),
    batch: fc.integer({ min: 1, max: 6 }),
    optimizer: optimizerArb,
    trainReadout: fc.boolean(),
  })
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      active: fc.tuple(
        ...c.layers.map((l) => fc.array(fc.nat(l.modules - 1), { minLength: 1, maxLength: 3 })),
      ),
      trainable: fc.tuple(
        ...c.layers.map((l) =>
          fc.array(fc.boolean(), { minLength: l.modules, maxLength: l.modules }),
        ),
      ),
      xs: fc.array(
        fc.array(fc.oneof(fc.constant(0), inputValue), {
          minLength: c.batch * c.inputSize,
          maxLength: c.batch * c.inputSize,
        }),
        { minLength: 2, maxLength: 2 },
      ),
      ys: fc.array(fc.array(fc.nat(c.classes - 1), { minLength: c.batch, maxLength: c.batch }), {
        minLength: 2,
        maxLength: 2,
      }),
    }),
  );

function toRef(k: DensePathwayKernel, cfg: DensePathwayConfig): RefModel {
  let inSize = cfg.inputSize;
  const layers = cfg.layers.map((l, li) => {
    const weights: Float64Array[] = [];
    const bias: Float64Array[] = [];
    for (let m = 0; m < l.modules; m++) {
      const p = k.getModule(li, m);
      weights.push(Float64Array.from(p.weights));
      bias.push(Float64Array.from(p.bias));
    }
    const layer = {
      inSize,
      units: l.units,
      mean: l.reduction === 'mean',
      relu: l.activation !== 'linear',
      weights,
      bias,
    };
    inSize = l.units;
    return layer;
  });
  const r = k.getReadout(cfg.readoutId ?? 'main');
  return {
    layers,
    readoutW: Float64Array.from(r.weights),
    readoutB: Float64Array.from(r.bias),
    classes: r.bias.length,
    state: new Map(),
    adamStep: 0,
  };
}

/** A two-class kernel of one dense layer: `modules` modules of `units` units over `inputSize` inputs. */
function oneLayerKernel(inputSize: number, units: number, modules: number, seed?: number) {
  const layers = [{ units, modules }];
  return createDensePathwayKernel(
    seed === undefined
      ? { inputSize, layers, classes: 2 }
      : { inputSize, layers, classes: 2, seed },
  );
}

describe('createDensePathwayKernel', () => {
  test.prop([caseArb], { numRuns: 150 })(
    'two training steps equal the float64 reference (loss, accuracy, gradient norm, parameters); inactive and frozen modules stay bit-identical',
    ({ c, active, trainable, xs, ys }) => {
      const cfg: DensePathwayConfig = c;
      const k = createDensePathwayKernel(cfg);
      const ref = toRef(k, cfg);
      const before = c.layers.map((l, li) =>
        Array.from({ length: l.modules }, (_, m) => k.getModule(li, m)),
      );
      for (let s = 0; s < 2; s++) {
        const x = Float32Array.from(xs[s] as number[]);
        const y = Int32Array.from(ys[s] as number[]);
        const got = k.trainStep(active, x, y, c.optimizer, {
          trainable,
          trainReadout: c.trainReadout,
        });
        const want = refTrainStep(ref, {
          active,
          x,
          y,
          optimizer: c.optimizer,
          trainable,
          trainReadout: c.trainReadout,
        });
        expect(Math.abs(got.loss - want.loss)).toBeLessThanOrEqual(1e-4 * (1 + want.loss));
        expect(Math.abs(got.gradNorm - want.gradNorm)).toBeLessThanOrEqual(
          1e-4 * (1 + want.gradNorm),
        );
        // Near-ties between logits may break differently in float32 and float64.
        if (want.margin > 1e-4) expect(got.accuracy).toBeCloseTo(want.accuracy, 9);
      }
      c.layers.forEach((l, li) => {
        for (let m = 0; m < l.modules; m++) {
          const now = k.getModule(li, m);
          const was = before[li]?.[m];
          const touched = active[li]?.includes(m) && trainable[li]?.[m];
          if (!touched) {
            expect(bitEqual(now.weights, was?.weights as Float32Array)).toBe(true);
            expect(bitEqual(now.bias, was?.bias as Float32Array)).toBe(true);
          }
          const rl = ref.layers[li];
          expect(
            worstViolation(now.weights, rl?.weights[m] as Float64Array, undefined, 1e-4, 1e-5),
          ).toBe(0);
          expect(worstViolation(now.bias, rl?.bias[m] as Float64Array, undefined, 1e-4, 1e-5)).toBe(
            0,
          );
        }
      });
      const r = k.getReadout('main');
      expect(worstViolation(r.weights, ref.readoutW, undefined, 1e-4, 1e-5)).toBe(0);
      expect(worstViolation(r.bias, ref.readoutB, undefined, 1e-4, 1e-5)).toBe(0);
    },
    60_000,
  );

  test.prop([caseArb], { numRuns: 60 })(
    'forward equals the float64 reference logits',
    ({ c, active, xs }) => {
      const k = createDensePathwayKernel(c);
      const x = Float32Array.from(xs[0] as number[]);
      const got = k.forward(active, x);
      const want = refForward(toRef(k, c), active, x, c.batch);
      expect(worstViolation(got, want, undefined, 1e-4, 1e-5)).toBe(0);
    },
    60_000,
  );

  test.prop([caseArb], { numRuns: 60 })(
    'trainStepFromOutputGradient with a softmax cross-entropy callback is trainStep, bit for bit; a NaN output gradient skips the step',
    ({ c, active, trainable, xs, ys }) => {
      const ks = [createDensePathwayKernel(c), createDensePathwayKernel(c)] as const;
      const options = { trainable, trainReadout: c.trainReadout };
      const params = (k: DensePathwayKernel) => [
        ...c.layers.flatMap((l, li) =>
          Array.from({ length: l.modules }, (_, m) => Object.values(k.getModule(li, m))).flat(),
        ),
        ...Object.values(k.getReadout('main')),
      ];
      for (let s = 0; s < 2; s++) {
        const x = Float32Array.from(xs[s] as number[]);
        const y = Int32Array.from(ys[s] as number[]);
        const a = ks[0].trainStep(active, x, y, c.optimizer, options);
        const before = params(ks[1]);
        const skipped = ks[1].trainStepFromOutputGradient(
          active,
          x,
          (o) => ({ loss: 0, gradient: o.map(() => Number.NaN) }),
          c.optimizer,
          options,
        );
        expect(skipped.skipped).toBe(true);
        expect(params(ks[1]).every((v, i) => bitEqual(v, before[i] as Float32Array))).toBe(true);
        const b = ks[1].trainStepFromOutputGradient(
          active,
          x,
          (o) => {
            const gradient = new Float32Array(o.length);
            let loss = 0;
            for (let i = 0; i < c.batch; i++) {
              const row = Array.from(o.subarray(i * c.classes, (i + 1) * c.classes));
              const mx = Math.max(...row);
              const sum = row.reduce((t, v) => t + Math.exp(v - mx), 0);
              loss += Math.log(sum) - ((row[y[i] as number] as number) - mx);
              row.forEach((v, j) => {
                gradient[i * c.classes + j] =
                  (Math.exp(v - mx) / sum - (j === y[i] ? 1 : 0)) / c.batch;
              });
            }
            return { loss: loss / c.batch, gradient };
          },
          c.optimizer,
          options,
        );
        expect(b.skipped).toBe(false);
        expect(Math.abs(b.loss - a.loss)).toBeLessThanOrEqual(1e-9 * (1 + a.loss));
        expect(b.gradNorm).toBe(a.gradNorm);
      }
      const [pa, pb] = ks.map(params);
      expect(pa?.every((v, i) => bitEqual(v, pb?.[i] as Float32Array))).toBe(true);
    },
  );

  it('trains only the chosen readout and leaves the other bit-identical', () => {
    const k = oneLayerKernel(4, 3, 2);
    k.addReadout('taskB', 3);
    expect(k.readouts()).toEqual(['main', 'taskB']);
    const main = k.getReadout('main');
    const b = k.getReadout('taskB');
    const x = Float32Array.from([1, 0, 0.5, -1, 0, 1, 1, 0]);
    k.trainStep(
      [[0, 1]],
      x,
      Int32Array.from([2, 0]),
      { type: 'sgd', learningRate: 0.5 },
      { readout: 'taskB' },
    );
    expect(bitEqual(k.getReadout('main').weights, main.weights)).toBe(true);
    expect(bitEqual(k.getReadout('taskB').weights, b.weights)).toBe(false);
    expect(k.forward([[0]], x, 'taskB')).toHaveLength(6);
  }, 60_000);

  it('is deterministic given the seed and differs across seeds', () => {
    const cfg = { inputSize: 5, layers: [{ units: 4, modules: 3 }], classes: 2 };
    const a = createDensePathwayKernel({ ...cfg, seed: 3 }).getModule(0, 1).weights;
    const b = createDensePathwayKernel({ ...cfg, seed: 3 }).getModule(0, 1).weights;
    const c = createDensePathwayKernel({ ...cfg, seed: 4 }).getModule(0, 1).weights;
    expect(bitEqual(a, b)).toBe(true);
    expect(bitEqual(a, c)).toBe(false);
  }, 60_000);

  it('learns a linearly separable toy task', () => {
    const k = oneLayerKernel(2, 8, 2, 1);
    const x = Float32Array.from([1, 0, 0, 1, 0.9, 0.1, 0.2, 0.8]);
    const y = Int32Array.from([0, 1, 0, 1]);
    let last = { loss: Infinity, accuracy: 0 };
    for (let i = 0; i < 200; i++)
      last = k.trainStep([[0, 1]], x, y, { type: 'adam', learningRate: 0.05 });
    expect(last.accuracy).toBe(1);
    expect(last.loss).toBeLessThan(0.05);
  }, 60_000);

  it('rejects malformed input with KernelArgumentError naming it', () => {
    const k = oneLayerKernel(3, 2, 2);
    const x = new Float32Array(6);
    const sgd = { type: 'sgd' as const, learningRate: 0.1 };
    expect(() => k.trainStep([[2]], x, new Int32Array(2), sgd)).toThrowError(
      /^active\[0\] module: got 2/,
    );
    expect(() => k.trainStep([[]], x, new Int32Array(2), sgd)).toThrowError(
      /^active\[0\]: got no module/,
    );
    expect(() => k.trainStep([[0]], new Float32Array(5), new Int32Array(2), sgd)).toThrowError(
      /^x: got length 5/,
    );
    expect(() => k.trainStep([[0]], x, Int32Array.from([0, 2]), sgd)).toThrowError(
      /^y\[1\]: got 2/,
    );
    expect(() => k.forward([[0]], x, 'nope')).toThrow(KernelArgumentError);
    expect(() => k.addReadout('main', 2)).toThrowError(/^id: got 'main'/);
    expect(() => createDensePathwayKernel({ inputSize: 3, layers: [], classes: 2 })).toThrowError(
      /^config.layers/,
    );
    expect(() =>
      k.setModule(0, 0, { weights: new Float32Array(5), bias: new Float32Array(2) }),
    ).toThrowError(/^params.weights: got length 5, expected length 6/);
  }, 60_000);
});

describe('readouts added and removed by id', () => {
  it('a grid can start without a readout, and a removed readout is gone', () => {
    const k = createDensePathwayKernel({ inputSize: 4, layers: [{ units: 3, modules: 2 }] });
    expect(k.readouts()).toEqual([]);
    expect(() => k.forward([[0]], new Float32Array(4))).toThrow(KernelArgumentError);
    k.addReadout('A', 2, 1);
    k.addReadout('B', 3, 2);
    expect(k.forward([[0]], new Float32Array(4), 'B')).toHaveLength(3);
    k.removeReadout('A');
    expect(k.readouts()).toEqual(['B']);
    expect(() => k.getReadout('A')).toThrow(KernelArgumentError);
  }, 60_000);
});
