import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@fast-check/vitest';
import { initBackend } from '@pathnet/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createOptimizer,
  EngineError,
  type OptimizerConfig,
  PathNet,
  type PathNetConfig,
  presets,
  resolveEngine,
} from '../index.js';
import { closeTo, netWithReadout, onBothEngines } from './grids.js';
import { arbFusedRun, bitEqual, snapshot } from './helpers.js';

const B = 3;
const C = 3;

/** A config, three training steps (pathway, input, labels), an optional frozen pathway. */
const arbRun = arbFusedRun(B, C, {});

describe("engine 'fused' (WebAssembly kernels) against engine 'tfjs'", () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  test.prop([arbRun], { numRuns: 40 })(
    'same losses, accuracies and parameters after the same training steps on dense and conv grids, within float32 tolerance',
    ({ config, steps, frozen, optimizer, seed }) => {
      const nets = onBothEngines(config, seed, C);
      try {
        expect(snapshot(nets[1])).toEqual(snapshot(nets[0]));
        if (frozen) for (const net of nets) net.freeze(frozen);
        const opts = nets.map(() => createOptimizer(optimizer));
        for (const { pathway, x, y } of steps) {
          const [a, b] = nets.map((net, i) =>
            net.trainStep(pathway, 'T', { x, y, batchSize: B }, opts[i]!),
          );
          expect(closeTo(b!.loss, a!.loss)).toBe(true);
        }
        const [pa, pb] = nets.map(snapshot);
        for (const [l, row] of pa!.entries()) {
          for (const [m, mod] of row.entries()) {
            for (const [i, v] of mod.entries()) {
              const w = pb![l]![m]![i]!;
              for (let j = 0; j < v.length; j++) {
                if (!closeTo(w[j]!, v[j]!)) {
                  throw new Error(`layer ${l} module ${m} tensor ${i}[${j}]: ${w[j]} vs ${v[j]}`);
                }
              }
            }
          }
        }
        const [la, lb] = nets.map((net) => net.predict(steps[0]!.pathway, 'T', steps[0]!.x, B));
        for (const [j, v] of la!.entries()) expect(closeTo(lb![j]!, v)).toBe(true);
      } finally {
        for (const net of nets) net.dispose();
      }
    },
    60_000,
  );

  test.prop([arbRun], { numRuns: 25 })(
    'frozen and inactive modules stay bit-identical on the fused engine',
    ({ config, steps, frozen, optimizer, seed }) => {
      const net = netWithReadout(config, seed, C, 'fused');
      if (frozen) net.freeze(frozen);
      const before = snapshot(net);
      const opt = createOptimizer(optimizer);
      const touched = config.layers.map(() => new Set<number>());
      for (const { pathway, x, y } of steps) {
        net.trainStep(pathway, 'T', { x, y, batchSize: B }, opt);
        pathway.forEach((row, l) => {
          for (const m of row) touched[l]!.add(m);
        });
      }
      const after = snapshot(net);
      before.forEach((row, l) => {
        row.forEach((mod, m) => {
          if (net.isFrozen(l, m) || !touched[l]!.has(m)) {
            expect(bitEqual(after[l]![m]!, mod)).toBe(true);
          }
        });
      });
      net.dispose();
    },
    60_000,
  );

  it('checkpoints move between engines: fused → file → tfjs gives identical parameters and outputs', async () => {
    const net = netWithReadout(presets.binaryMnist(), 4, C, 'fused');
    net.freeze([[0, 1, 2], [3], [4, 5]]);
    const dir = await mkdtemp(join(tmpdir(), 'fused-ckpt-'));
    try {
      await net.save(join(dir, 'c'));
      const back = await PathNet.load(join(dir, 'c'), { engine: 'tfjs' });
      expect(back.engine).toBe('tfjs');
      expect(snapshot(back)).toEqual(snapshot(net));
      expect(back.frozenModules()).toEqual(net.frozenModules());
      const x = new Float32Array(2 * 784).fill(0.5);
      const a = net.predict([[0], [1], [2]], 'T', x, 2);
      const b = back.predict([[0], [1], [2]], 'T', x, 2);
      for (const [i, v] of a.entries()) expect(closeTo(b[i]!, v)).toBe(true);
      back.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
      net.dispose();
    }
  }, 60_000);
});

describe('engine choice', () => {
  it("'auto' runs dense and conv grids fused on a CPU backend", async () => {
    await initBackend({ backend: 'cpu' });
    expect(resolveEngine(presets.binaryMnist(), 'auto')).toBe('fused');
    expect(resolveEngine(presets.atari(), 'auto')).toBe('fused');
    expect(resolveEngine(presets.binaryMnist())).toBe('tfjs');
  }, 60_000);

  it("'fused' refuses what it cannot run, naming it", () => {
    const convAfterDense: PathNetConfig = {
      ...presets.atari(),
      layers: [...presets.atari().layers].reverse(),
    };
    expect(() => resolveEngine(convAfterDense, 'fused')).toThrow(
      /layer 1 has conv2d modules after a dense layer/,
    );
    expect(() => resolveEngine(presets.binaryMnist(), 'gpu' as never)).toThrow(EngineError);
    const net = netWithReadout(presets.binaryMnist(), 1, C, 'fused');
    const batch = { x: new Float32Array(784), y: Int32Array.from([0]), batchSize: 1 };
    for (const config of [
      { kind: 'adam', learningRate: 0.1 },
      { kind: 'sgd', learningRate: 0.1, momentum: 0.9 },
      { kind: 'sgd', learningRate: 0.1, weightDecay: 0.01 },
    ] as OptimizerConfig[]) {
      expect(() => net.trainStep([[0], [0], [0]], 'T', batch, createOptimizer(config))).toThrow(
        EngineError,
      );
    }
    expect(() => net.activations([[0], [0], [0]], batch.x, 1)).toThrow(/needs engine 'tfjs'/);
    net.dispose();
  }, 60_000);
});
