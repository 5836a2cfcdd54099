import { Worker } from 'node:worker_threads';
import { fc, test } from '@fast-check/vitest';
import { initBackend } from '@pathnet/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createOptimizer,
  EngineError,
  type OptimizerConfig,
  PathNet,
  type PathNetConfig,
  type Pathway,
  type SharedGrid,
} from '../index.js';
import { conv2d, dense, grid } from './grids.js';
import {
  arbFusedConfig,
  arbFusedConvConfig,
  arbInputNoSubnormal,
  arbLabels,
  arbPathway,
  bitEqual,
  snapshot,
  softmaxCrossEntropy,
} from './helpers.js';

const B = 3;
const C = 3;
/** A3C's shared RMSProp (Mnih et al. 2016): decay 0.99, ε 0.1, clipping at 40. */
const RMSPROP: OptimizerConfig = {
  kind: 'rmsprop',
  learningRate: 0.01,
  decay: 0.99,
  epsilon: 0.1,
  clipNorm: 40,
};

/**
 * Every module's and the readout's parameters and optimizer statistics, flattened; statistics
 * not allocated yet (a grid that never updated a layer) read as zeros, as a shared grid's start.
 */
function parametersAndStatistics(net: PathNet): Float32Array[] {
  const L = net.config.layers.length;
  const M = net.config.modulesPerLayer;
  const params = snapshot(net);
  const statistics = (values: Float32Array[], state: Float32Array[]) =>
    state.length > 0 ? state : [...values, ...values].map((v) => new Float32Array(v.length));
  const out: Float32Array[] = [...params.flat(2), ...net.readReadout('T')];
  for (let l = 0; l < L; l++) {
    for (let m = 0; m < M; m++) {
      out.push(...statistics(params[l]![m]!, net.readOptimizerState(l, m)));
    }
  }
  out.push(...statistics(net.readReadout('T'), net.readReadoutOptimizerState('T')));
  return out;
}

/** A handle whose views keep statistics of their own (the mistake law (a) must detect). */
function perViewStatistics(handle: SharedGrid): SharedGrid {
  const { layout } = handle.grid;
  return {
    ...handle,
    grid: {
      ...handle.grid,
      layout: {
        ...layout,
        layers: layout.layers.map((l) => ({ ...l, state: [] })),
        readouts: layout.readouts.map(([id, r]) => [id, { ...r, state: [] }]),
      },
    },
  };
}

interface Step {
  view: number;
  pathway: Pathway;
  x: Float32Array;
  y: Int32Array;
}

/**
 * Runs `steps` on views of a shared grid (step i on view `steps[i].view`) and the same steps on
 * one unshared grid with one optimizer; the learning rate anneals linearly as in A3C.
 * @returns whether parameters and statistics end bit-identical.
 */
async function sharedMatchesOneOptimizer(
  config: PathNetConfig,
  seed: number,
  frozen: Pathway | undefined,
  steps: readonly Step[],
  mistake?: (h: SharedGrid) => SharedGrid,
): Promise<boolean> {
  const owner = PathNet.create(config, { seed, engine: 'fused' });
  owner.addReadout('T', C, seed + 1);
  if (frozen) owner.freeze(frozen);
  const reference = PathNet.fromValues(owner.toValues(), { engine: 'fused' });
  const handle = owner.share(createOptimizer(RMSPROP), { views: 2, maxBatchSize: B });
  const views = [await PathNet.attach(handle), await PathNet.attach(mistake?.(handle) ?? handle)];
  const one = createOptimizer(RMSPROP);
  try {
    steps.forEach(({ view, pathway, x, y }, i) => {
      const lr = RMSPROP.learningRate * (1 - i / steps.length);
      const v = views[view]!;
      v.optimizer!.setLearningRate(lr);
      one.setLearningRate(lr);
      const a = v.trainStepFromOutputGradient(
        pathway,
        'T',
        x,
        B,
        softmaxCrossEntropy(y),
        v.optimizer!,
      );
      const b = reference.trainStepFromOutputGradient(
        pathway,
        'T',
        x,
        B,
        softmaxCrossEntropy(y),
        one,
      );
      expect(a.skipped || b.skipped).toBe(false);
    });
    return bitEqual(parametersAndStatistics(owner), parametersAndStatistics(reference));
  } finally {
    for (const net of [...views, owner, reference]) net.dispose();
  }
}

const arbSharedRun = fc.oneof(arbFusedConfig, arbFusedConvConfig).chain((config) =>
  fc.record({
    config: fc.constant(config),
    seed: fc.integer({ min: 0, max: 2 ** 30 }),
    frozen: fc.option(arbPathway(config), { nil: undefined }),
    steps: fc.array(
      fc.record({
        view: fc.integer({ min: 0, max: 1 }),
        pathway: arbPathway(config),
        x: arbInputNoSubnormal(config, B),
        y: arbLabels(B, C),
      }),
      { minLength: 2, maxLength: 6 },
    ),
  }),
);

describe('a grid shared with other threads (hogwild A3C)', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  test.prop([arbSharedRun], { numRuns: 20 })(
    'law (a): two views applying gradients in a fixed interleaving give bit-identically the parameters and RMSProp statistics of one optimizer fed the same gradients in that order',
    async ({ config, seed, frozen, steps }) => {
      expect(await sharedMatchesOneOptimizer(config, seed, frozen, steps)).toBe(true);
    },
    120_000,
  );

  it('law (a) detects views that keep statistics of their own', async () => {
    const config = grid([4], [dense(5)], 3, 2);
    const x = Float32Array.from({ length: B * 4 }, (_, i) => Math.sin(i + 1));
    const y = Int32Array.from([0, 1, 2]);
    const steps: Step[] = [0, 1, 0, 1].map((view) => ({ view, pathway: [[0, 1]], x, y }));
    expect(await sharedMatchesOneOptimizer(config, 5, undefined, steps)).toBe(true);
    expect(await sharedMatchesOneOptimizer(config, 5, undefined, steps, perViewStatistics)).toBe(
      false,
    );
  });

  it('statistics exist for every module and readout at share time, and a view refuses other hyperparameters without resetting them', async () => {
    const net = PathNet.create(
      {
        inputShape: [4],
        modulesPerLayer: 2,
        maxActivePerLayer: 1,
        layers: [{ module: { kind: 'dense', units: 3 }, activation: 'relu', reduction: 'sum' }],
      },
      { engine: 'fused' },
    );
    net.addReadout('T', C);
    const handle = net.share(createOptimizer(RMSPROP));
    expect(net.readOptimizerState(0, 1)).toHaveLength(4);
    expect(net.readReadoutOptimizerState('T')).toHaveLength(4);
    const view = await PathNet.attach(handle);
    const x = new Float32Array(B * 4).fill(0.5);
    const ce = softmaxCrossEntropy(Int32Array.from([0, 1, 2]));
    view.trainStepFromOutputGradient([[0]], 'T', x, B, ce, view.optimizer!);
    const statistics = net.readOptimizerState(0, 0);
    expect(statistics[0]!.some((v) => v !== 0)).toBe(true);
    const other = createOptimizer({ ...RMSPROP, decay: 0.9 });
    expect(() => view.trainStepFromOutputGradient([[0]], 'T', x, B, ce, other)).toThrow(
      EngineError,
    );
    const sameButRate = createOptimizer({ ...RMSPROP, learningRate: 0.5 });
    expect(() =>
      net.trainStep([[0]], 'T', { x, y: Int32Array.from([0, 1, 2]), batchSize: B }, sameButRate),
    ).not.toThrow();
    expect(bitEqual(net.readOptimizerState(0, 0).slice(0, 2), statistics.slice(0, 2))).toBe(false);
    expect(() => view.addReadout('U', 2)).toThrow(EngineError);
    await expect(PathNet.attach(handle)).rejects.toThrow(/all attached/);
    view.dispose();
    net.dispose();
  });

  it('law (b), (c): views in worker threads train the shared grid on overlapping pathways; frozen modules stay bit-identical', async () => {
    const config = grid([6, 6, 1], [conv2d(2, 3, 1), dense(5)], 4, 2);
    const owner = PathNet.create(config, { seed: 11, engine: 'fused' });
    owner.addReadout('T', C);
    const frozen = [
      [0, 1],
      [0, 1],
    ];
    owner.freeze(frozen);
    const handle = owner.share(createOptimizer(RMSPROP), { views: 2, maxBatchSize: 4 });
    const before = snapshot(owner);
    const pathways = [
      [
        [0, 2],
        [1, 3],
      ],
      [
        [1, 3],
        [0, 2],
      ],
    ];
    try {
      const results = await Promise.all(
        [0, 1].map(
          (w) =>
            new Promise<{ skipped: number }>((resolve, reject) => {
              const worker = new Worker(
                new URL('./fixtures/shared-grid-worker.mjs', import.meta.url),
                {
                  workerData: {
                    handle,
                    pathways: [pathways[w]],
                    steps: 30,
                    batchSize: 4,
                    learningRate: 0.01,
                  },
                },
              );
              worker.once('message', resolve);
              worker.once('error', reject);
            }),
        ),
      );
      expect(results.map((r) => r.skipped)).toEqual([0, 0]);
      const after = snapshot(owner);
      for (let l = 0; l < 2; l++) {
        for (let m = 0; m < 4; m++) {
          const same = bitEqual(after[l]![m]!, before[l]![m]!);
          // Frozen modules never change; every unfrozen module here is on a worker's pathway.
          expect(same).toBe(owner.isFrozen(l, m));
          expect(owner.readOptimizerState(l, m)[0]!.some((v) => v !== 0)).toBe(
            !owner.isFrozen(l, m),
          );
        }
      }
    } finally {
      owner.dispose();
    }
  }, 60_000);
});
