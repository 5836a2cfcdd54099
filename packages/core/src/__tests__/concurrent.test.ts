import { fc, test } from '@fast-check/vitest';
import { initBackend } from '@pathnet/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer, PathNet, type PathNetConfig, type Pathway, presets } from '../index.js';
import { arbDenseConfig, arbInput, arbLabels, arbPathway, bitEqual, snapshot } from './helpers.js';

const B = 3;
const C = 2;

/** Dense configs with room for two pathways that share no module. */
const arbConfig = arbDenseConfig
  .filter((config) => config.modulesPerLayer >= 2)
  .map((config) => ({
    ...config,
    layers: config.layers.map((layer) => ({ ...layer, activation: 'relu' as const })),
  }));

/** Two pathways with no module in common: the first takes modules below a cut, the second the rest. */
const arbDisjoint = (config: PathNetConfig) =>
  fc
    .integer({ min: 1, max: config.modulesPerLayer - 1 })
    .chain((cut) =>
      fc.tuple(
        ...config.layers.map(() =>
          fc.tuple(
            fc.uniqueArray(fc.integer({ min: 0, max: cut - 1 }), {
              minLength: 1,
              maxLength: Math.min(cut, config.maxActivePerLayer),
            }),
            fc.uniqueArray(fc.integer({ min: cut, max: config.modulesPerLayer - 1 }), {
              minLength: 1,
              maxLength: Math.min(config.modulesPerLayer - cut, config.maxActivePerLayer),
            }),
          ),
        ),
      ),
    )
    .map((rows) => [rows.map((r) => r[0]), rows.map((r) => r[1])] as [Pathway, Pathway]);

async function grid(config: PathNetConfig, seed: number, concurrency: number): Promise<PathNet> {
  const net = await PathNet.create(config, { seed, engine: 'fused', concurrency }).ready();
  net.addReadout('A', C, seed + 1);
  net.addReadout('B', C, seed + 2);
  return net;
}

describe('trainConcurrently (hogwild steps on the fused engine)', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
  });
  const opened: PathNet[] = [];
  afterAll(() => {
    for (const net of opened) net.dispose();
  });

  it('runs two steps at once once its step worker has started', async () => {
    const net = await grid(presets.binaryMnist(), 1, 2);
    opened.push(net);
    expect(net.concurrency).toBe(2);
  }, 60_000);

  test.prop(
    [
      arbConfig.chain((config) =>
        fc.record({
          config: fc.constant(config),
          pathways: arbDisjoint(config),
          batches: fc.array(
            fc.tuple(arbInput(config, B), arbLabels(B, C), arbInput(config, B), arbLabels(B, C)),
            { minLength: 1, maxLength: 3 },
          ),
          rmsprop: fc.boolean(),
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        }),
      ),
    ],
    { numRuns: 15 },
  )(
    'steps that share no parameter (disjoint modules, own readouts) give what running them in order gives, bit for bit',
    async ({ config, pathways, batches, rmsprop, seed }) => {
      const nets = [await grid(config, seed, 1), await grid(config, seed, 2)];
      opened.push(...nets);
      expect(nets[1]!.concurrency).toBe(2);
      const results = nets.map((net) => {
        const optimizer = createOptimizer(
          rmsprop ? { kind: 'rmsprop', learningRate: 0.01 } : { kind: 'sgd', learningRate: 0.1 },
        );
        return batches.flatMap(([xa, ya, xb, yb]) =>
          net.trainConcurrently(
            [
              { pathway: pathways[0], taskId: 'A', batch: { x: xa, y: ya, batchSize: B } },
              { pathway: pathways[1], taskId: 'B', batch: { x: xb, y: yb, batchSize: B } },
            ],
            optimizer,
          ),
        );
      });
      expect(results[1]).toEqual(results[0]);
      const [sequential, concurrent] = nets.map(snapshot);
      for (const [l, row] of sequential!.entries()) {
        for (const [m, tensors] of row.entries()) {
          expect(bitEqual(concurrent![l]![m]!, tensors)).toBe(true);
        }
      }
      for (const task of ['A', 'B']) {
        expect(bitEqual(nets[1]!.readReadout(task), nets[0]!.readReadout(task))).toBe(true);
      }
    },
    60_000,
  );

  test.prop(
    [
      arbConfig.chain((config) =>
        fc.record({
          config: fc.constant(config),
          frozen: arbPathway(config),
          steps: fc.array(
            fc.record({ pathway: arbPathway(config), x: arbInput(config, B), y: arbLabels(B, C) }),
            { minLength: 2, maxLength: 6 },
          ),
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        }),
      ),
    ],
    { numRuns: 15 },
  )(
    'frozen modules stay bit-identical under hogwild steps on overlapping pathways',
    async ({ config, frozen, steps, seed }) => {
      const net = await grid(config, seed, 2);
      opened.push(net);
      net.freeze(frozen);
      const before = snapshot(net);
      net.trainConcurrently(
        steps.map(({ pathway, x, y }) => ({ pathway, taskId: 'A', batch: { x, y, batchSize: B } })),
        createOptimizer({ kind: 'sgd', learningRate: 0.5 }),
      );
      const after = snapshot(net);
      frozen.forEach((row, l) => {
        for (const m of row) expect(bitEqual(after[l]![m]!, before[l]![m]!)).toBe(true);
      });
    },
    60_000,
  );

  it('on the tfjs engine is trainStep after trainStep', () => {
    const config = presets.binaryMnist({ units: 4 });
    const x = Float32Array.from({ length: 2 * 784 }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const y = Int32Array.from([0, 1]);
    const nets = [0, 1].map(() => {
      const net = PathNet.create(config, { seed: 3 });
      net.addReadout('A', C, 4);
      opened.push(net);
      return net;
    });
    const steps = [
      { pathway: [[0, 1], [2], [3]], taskId: 'A', batch: { x, y, batchSize: 2 } },
      { pathway: [[1], [2, 4], [3]], taskId: 'A', batch: { x, y, batchSize: 2 } },
    ];
    const optimizers = nets.map(() => createOptimizer({ kind: 'sgd', learningRate: 0.1 }));
    const together = nets[0]!.trainConcurrently(steps, optimizers[0]!);
    const oneByOne = steps.map((s) =>
      nets[1]!.trainStep(s.pathway, s.taskId, s.batch, optimizers[1]!),
    );
    expect(together).toEqual(oneByOne);
    expect(snapshot(nets[0]!)).toEqual(snapshot(nets[1]!));
  }, 60_000);
});
