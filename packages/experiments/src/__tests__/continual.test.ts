import { fc, test } from '@fast-check/vitest';
import { initBackend } from '@pathnet/backend';
import type { PathNetConfig } from '@pathnet/core';
import { createArrayTask } from '@pathnet/envs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AccuracyMatrixError,
  type ContinualSettings,
  type ContinualTask,
  continualMetrics,
  runContinual,
  summariseContinual,
} from '../index.js';
import { denseLayer } from './grid-layers.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('continualMetrics (Lopez-Paz & Ranzato 2017)', () => {
  it('gives ACC, BWT and FWT of a hand-made matrix', () => {
    // Rows: before training, after task 1, 2, 3; columns: tasks 1, 2, 3.
    const R = [
      [0.5, 0.4, 0.6],
      [0.9, 0.5, 0.5],
      [0.7, 0.8, 0.7],
      [0.6, 0.6, 1.0],
    ];
    const m = continualMetrics(R);
    expect(m.acc).toBeCloseTo((0.6 + 0.6 + 1.0) / 3, 12);
    // BWT: ((0.6 − 0.9) + (0.6 − 0.8)) / 2
    expect(m.bwt).toBeCloseTo(-0.25, 12);
    // FWT: ((R[1][2] − b2) + (R[2][3] − b3)) / 2 = ((0.5 − 0.4) + (0.7 − 0.6)) / 2
    expect(m.fwt).toBeCloseTo(0.1, 12);
  });

  it('has no BWT and FWT for one task, and none where a needed cell is missing', () => {
    expect(continualMetrics([[0.5], [0.9]])).toEqual({ acc: 0.9, bwt: null, fwt: null });
    const joint = continualMetrics([
      [0.5, 0.5],
      [null, null],
      [0.9, 0.7],
    ]);
    expect(joint.acc).toBeCloseTo(0.8, 12);
    expect(joint.bwt).toBeNull();
    expect(joint.fwt).toBeNull();
  });

  it('refuses malformed matrices, naming the cell', () => {
    expect(() => continualMetrics([[0.5]])).toThrow(AccuracyMatrixError);
    expect(() => continualMetrics([[0.5], [0.5, 0.5]])).toThrow(/R\[1\]/);
    expect(() => continualMetrics([[0.5], [1.5]])).toThrow(/R\[1\]\[0\]/);
  });

  test.prop(
    [
      fc
        .integer({ min: 1, max: 6 })
        .chain((K) =>
          fc.array(
            fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: K, maxLength: K }),
            { minLength: K + 1, maxLength: K + 1 },
          ),
        ),
    ],
    { numRuns: 50 },
  )('a matrix whose rows after training never change earlier tasks has BWT 0', (R) => {
    const K = R.length - 1;
    // Freeze task j's accuracy from row j on.
    const frozen = R.map((row, i) => row.map((v, j) => (i > j ? R[j + 1]![j]! : v)));
    const m = continualMetrics(frozen);
    if (K > 1) expect(m.bwt).toBeCloseTo(0, 12);
    expect(m.acc).toBeGreaterThanOrEqual(0);
  });
});

const D = 6;

/** A two-class task: the sign of a task-specific linear function of 6 inputs in [-1, 1]. */
function linearTask(j: number): ContinualTask {
  const w = Array.from({ length: D }, (_, i) => Math.sin(3.1 * j + 1.7 * i + 0.5));
  const split = (n: number, offset: number) => {
    const x = Array.from({ length: n * D }, (_, i) => Math.sin(12.9898 * (i + offset) + j) % 1);
    const y = Array.from({ length: n }, (_, k) =>
      w.reduce((s, wi, i) => s + wi * x[k * D + i]!, 0) > 0 ? 1 : 0,
    );
    return { x, y };
  };
  const task = createArrayTask({
    id: `linear-${j}`,
    inputShape: [D],
    numClasses: 2,
    train: split(64, 0),
    test: split(24, 10_000),
  });
  return { task, test: task.testSet() };
}

function grid(M: number, N: number): PathNetConfig {
  return {
    inputShape: [D],
    layers: [denseLayer(4), denseLayer(3, 'mean')],
    modulesPerLayer: M,
    maxActivePerLayer: N,
  };
}

function settings(over: Partial<ContinualSettings> = {}): ContinualSettings {
  return {
    grid: grid(4, 2),
    engine: 'fused',
    learningRate: 0.1,
    batchSize: 4,
    steps: 2,
    generations: 3,
    population: 4,
    mutationProbability: 0.25,
    ewcLambda: 10,
    fisherExamples: 8,
    ...over,
  };
}

const tasks = [0, 1, 2].map(linearTask);

describe('runContinual', () => {
  test.prop([fc.integer({ min: 0, max: 2 ** 30 })], { numRuns: 4 })(
    "law: pathnet's outputs on every earlier task are bit-identical after each later task, on both engines",
    (seed) => {
      for (const engine of ['fused', 'tfjs'] as const) {
        const outputs: Float32Array[] = [];
        runContinual(tasks, 'pathnet', settings({ engine }), seed, {
          onTaskLearned: (e) => {
            // Every earlier task's outputs against those right after it was learned.
            for (let j = 0; j < e.task; j++) {
              const now = e.forward(j, tasks[j]!.test.x, tasks[j]!.test.batchSize);
              expect(Buffer.from(now.buffer).equals(Buffer.from(outputs[j]!.buffer))).toBe(true);
            }
            outputs[e.task] = e.forward(
              e.task,
              tasks[e.task]!.test.x,
              tasks[e.task]!.test.batchSize,
            );
          },
        });
        expect(outputs).toHaveLength(3);
      }
    },
  );

  it('pathnet never forgets: R[i][j] = R[j][j] for every later row, so BWT is 0', () => {
    const r = runContinual(tasks, 'pathnet', settings(), 5);
    for (let j = 1; j <= 3; j++) {
      for (let i = j + 1; i <= 3; i++) expect(r.accuracy[i]![j - 1]).toBe(r.accuracy[j]![j - 1]);
    }
    expect(r.metrics.bwt).toBe(0);
    expect(r.pathways).toHaveLength(3);
    expect(r.capacity!.frozenPerLayer).toHaveLength(3);
    // Frozen counts never fall, and what each task froze adds up to the total.
    const totals = r.capacity!.frozenPerLayer.map((row) => row.reduce((a, b) => a + b, 0));
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    expect(r.capacity!.newlyFrozen.reduce((a, b) => a + b, 0)).toBe(totals[2]);
  });

  it('rule for a full grid: with every module frozen, later tasks train their readout only and run to the end', () => {
    // M = N = 1: task 1's pathway freezes the whole grid.
    const seen: number[] = [];
    const r = runContinual(tasks, 'pathnet', settings({ grid: grid(1, 1) }), 3, {
      onTaskLearned: (e) => seen.push(e.task),
    });
    expect(seen).toEqual([0, 1, 2]);
    expect(r.capacity!.fullLayersAtStart).toEqual([0, 2, 2]);
    expect(r.capacity!.newlyFrozen).toEqual([2, 0, 0]);
    expect(r.capacity!.frozenPerLayer).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(r.sgdSteps).toEqual([12, 12, 12]);
    expect(r.metrics.bwt).toBe(0);
    // The readout still learns: task 2 and 3 are measured after training like the others.
    for (const row of r.accuracy.slice(1)) for (const v of row) expect(v).not.toBeNull();
  });

  it('spends the same SGD steps per task on every method; joint spends K times one task at once', () => {
    const s = settings();
    const per = 2 * s.generations * s.steps;
    for (const method of ['pathnet', 'fine-tune', 'ewc', 'independent'] as const) {
      let last = 0;
      const r = runContinual(tasks, method, s, 1, { onStep: (d) => (last = d) });
      expect(r.sgdSteps).toEqual([per, per, per]);
      expect(last).toBe(3 * per);
    }
    const joint = runContinual(tasks, 'joint', s, 1);
    expect(joint.sgdSteps).toEqual([0, 0, 3 * per]);
    expect(joint.accuracy[1]).toEqual([null, null, null]);
    expect(joint.metrics.bwt).toBeNull();
    expect(joint.metrics.acc).not.toBeNull();
  });

  it('independent networks never change an earlier task (BWT exactly 0); runs are deterministic by seed', () => {
    const a = runContinual(tasks, 'independent', settings(), 9);
    const b = runContinual(tasks, 'independent', settings(), 9);
    expect(a.metrics.bwt).toBe(0);
    expect(a.accuracy).toEqual(b.accuracy);
    const f1 = runContinual(tasks, 'fine-tune', settings(), 9);
    const f2 = runContinual(tasks, 'fine-tune', settings(), 9);
    expect(f1.accuracy).toEqual(f2.accuracy);
    // Fine-tune and EWC share their start (row 0) and task 1 (no penalty yet).
    const e = runContinual(tasks, 'ewc', settings(), 9);
    expect(e.accuracy[0]).toEqual(f1.accuracy[0]);
    expect(e.accuracy[1]).toEqual(f1.accuracy[1]);
    expect(e.lambda).toBe(10);
  });

  it('an EWC penalty holds task 1 closer to where it was learned than fine-tune does', () => {
    const s = settings({ generations: 10, learningRate: 0.05, fisherExamples: 32 });
    /** Summed squared change of task 1's outputs from right after task 1 to the end. */
    const drift = (lambda: number) => {
      let after1: Float32Array | undefined;
      let last: Float32Array | undefined;
      const t = tasks[0]!.test;
      runContinual(tasks, lambda === 0 ? 'fine-tune' : 'ewc', { ...s, ewcLambda: lambda }, 2, {
        onTaskLearned: (e) => {
          const out = e.forward(0, t.x, t.batchSize);
          if (e.task === 0) after1 = out;
          last = out;
        },
      });
      return after1!.reduce((a, v, i) => a + (v - last![i]!) ** 2, 0);
    };
    const fineTune = drift(0);
    expect(fineTune).toBeGreaterThan(0);
    expect(drift(100)).toBeLessThan(0.5 * fineTune);
  });

  it('summarises per method with intervals over seeds', () => {
    const records = [1, 2, 3].flatMap((seed) => [
      runContinual(tasks, 'pathnet', settings(), seed),
      runContinual(tasks, 'ewc', settings(), seed),
    ]);
    const rows = summariseContinual(records);
    expect(rows.map((r) => r.label)).toEqual(['pathnet', 'ewc λ=10']);
    expect(rows[0]!.seeds).toBe(3);
    expect(rows[0]!.bwt!.mean).toBe(0);
    expect(rows[0]!.acc!.ci95).not.toBeNull();
    expect(rows[0]!.meanFrozenPerLayer).toHaveLength(3);
    expect(rows[1]!.meanAccuracy).toHaveLength(4);
  });
});
