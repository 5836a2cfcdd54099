import type { PathNetConfig } from '@pathnet/core';
import { layerShapes, presets } from '@pathnet/core';
import { box, discrete, registerEnv, unregisterEnv } from '@pathnet/envs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DENSE_GRID_DEFAULTS } from '../cli/rl-flags.js';
import {
  chooseTransferGrid,
  denseTransferGrid,
  describeGrid,
  gridKind,
  gridLine,
  taskShapes,
} from '../rl-grid.js';
import { minatarSpecs, RLOptionError } from '../rl-options.js';
import { convLayer, denseLayer } from './grid-layers.js';

/** A conv grid like MinAtar's (input [10, 10, 10]). */
const conv: PathNetConfig = {
  inputShape: [10, 10, 10],
  layers: [convLayer(8), convLayer(8), denseLayer(50)],
  modulesPerLayer: 10,
  maxActivePerLayer: 4,
};
const image = (id: string) => ({ id, shape: [10, 10, 10] });
const vector = (id: string, d = 4) => ({ id, shape: [d] });

describe('the grid of an RL transfer run, chosen from the observations', () => {
  it('image observations of the conv grid’s input shape run on the conv grid itself (same object, unchanged)', () => {
    const pick = chooseTransferGrid([image('a'), image('b')], conv, 'auto');
    expect(pick.grid).toBe(conv);
    expect(pick.kind).toBe('conv');
    expect(pick.reason).toBe('observations are images [10, 10, 10]');
    expect(chooseTransferGrid([image('a')], conv, 'conv').reason).toBe(
      '--grid conv; observations [10, 10, 10]',
    );
  });

  it('vector observations [D] get the dense grid: L=3, M=10, N=4, 20 ReLU units, sum then mean', () => {
    const pick = chooseTransferGrid([vector('a'), vector('b')], conv, 'auto');
    expect(pick.kind).toBe('dense');
    expect(pick.reason).toBe('observations are vectors [4]');
    expect(pick.grid).toEqual(denseTransferGrid([4]));
    expect(pick.grid.inputShape).toEqual([4]);
    expect(pick.grid.modulesPerLayer).toBe(10);
    expect(pick.grid.maxActivePerLayer).toBe(4);
    expect(pick.grid.layers.map((l) => [l.module, l.activation, l.reduction])).toEqual([
      [{ kind: 'dense', units: 20 }, 'relu', 'sum'],
      [{ kind: 'dense', units: 20 }, 'relu', 'sum'],
      [{ kind: 'dense', units: 20 }, 'relu', 'mean'],
    ]);
    // A valid grid of @pathnet/core.
    expect(layerShapes(pick.grid).map((s) => s.output)).toEqual([[20], [20], [20]]);
    expect(gridLine(pick.grid, pick.reason)).toBe(
      'grid: dense L=3 M=10 N=4 (20 units) — observations are vectors [4]',
    );
  });

  it('--grid dense sizes the grid and flattens image observations', () => {
    const sizes = { layers: 2, modules: 6, active: 3, units: 16 };
    const pick = chooseTransferGrid([image('a')], conv, 'dense', sizes);
    expect(pick.kind).toBe('dense');
    expect(pick.grid).toEqual(denseTransferGrid([10, 10, 10], sizes));
    expect(pick.reason).toBe('--grid dense; observations [10, 10, 10], flattened');
    expect(describeGrid(pick.grid)).toBe('dense L=2 M=6 N=3 (16 units)');
    expect(chooseTransferGrid([vector('a', 7)], conv, 'dense').reason).toBe(
      '--grid dense; observations [7]',
    );
  });

  it('refuses, naming the flag, the tasks and their shapes: mismatched tasks, rank 2, conv on vectors, not a box, no task', () => {
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(RLOptionError);
        const message = (e as Error).message;
        expect(message).not.toMatch(/\n/);
        return message;
      }
      throw new Error('no refusal');
    };
    for (const choice of ['auto', 'conv', 'dense'] as const) {
      expect(refusal(() => chooseTransferGrid([image('A'), vector('B')], conv, choice))).toBe(
        "--pairs: the tasks' observations differ in shape (A [10, 10, 10], B [4]); one grid reads every task of a run",
      );
    }
    expect(refusal(() => chooseTransferGrid([{ id: 'P', shape: [5, 5] }], conv, 'auto'))).toBe(
      "--grid auto: P gives observations of shape [5, 5], neither vectors [D] (dense grid) nor images [10, 10, 10] (the app's conv grid); --grid dense reads them flattened",
    );
    expect(refusal(() => chooseTransferGrid([vector('V')], conv, 'conv'))).toBe(
      "--grid conv: V gives observations of shape [4]; the app's conv grid reads [10, 10, 10] (--grid dense reads any shape, flattened)",
    );
    // Images of another size than the conv grid's input.
    expect(
      refusal(() => chooseTransferGrid([{ id: 'I', shape: [20, 20, 3] }], conv, 'auto')),
    ).toMatch(/^--grid auto: I gives observations of shape \[20, 20, 3\]; the app's conv grid/);
    expect(refusal(() => chooseTransferGrid([{ id: 'D', shape: [] }], conv, 'dense'))).toMatch(
      /^--pairs: D gives observations that are not a box/,
    );
    expect(refusal(() => chooseTransferGrid([], conv, 'auto'))).toBe('--pairs names no task');
    // Rank 2 runs when asked for: dense modules read it flattened.
    expect(chooseTransferGrid([{ id: 'P', shape: [5, 5] }], conv, 'dense').kind).toBe('dense');
  });

  it('describes a grid by its kind and modules', () => {
    expect(gridKind(conv)).toBe('conv');
    expect(describeGrid(conv)).toBe(
      'conv L=3 M=10 N=4 (8 filters, kernel 3/3, stride 1/1; 50 units)',
    );
    // The paper's Atari grid; its first line fits 120 columns.
    const atari = presets.atari();
    expect(describeGrid(atari)).toBe(
      'conv L=4 M=10 N=4 (8 filters, kernel 8/4/3, stride 4/2/1; 50 units)',
    );
    const line = gridLine(atari, 'observations are images [84, 84, 4]');
    expect([...line].length).toBeLessThanOrEqual(120);
    expect(DENSE_GRID_DEFAULTS).toEqual({ layers: 3, modules: 10, active: 4, units: 20 });
  });
});

describe('taskShapes: the observation shape of each task', () => {
  const id = 'test/VectorGrid-v0';
  beforeAll(() => {
    registerEnv(id, {
      create: () => ({
        id,
        observationSpace: box([5], 0, 1, 'float32'),
        actionSpace: discrete(2),
        reset: () => ({ observation: new Float32Array(5), info: {} }),
        step: () => ({
          observation: new Float32Array(5),
          reward: 0,
          terminated: true,
          truncated: false,
          info: {},
        }),
        close: () => {},
      }),
      defaults: {},
    });
  });
  afterAll(() => {
    unregisterEnv(id);
  });

  it('reads image and vector spaces from the registered environments, and picks for each', () => {
    const { tasks, channels } = minatarSpecs(['Breakout'], 'padded');
    const images = taskShapes(tasks);
    expect(images).toEqual([{ id: 'minatar/Breakout-v0', shape: [10, 10, channels] }]);
    expect(chooseTransferGrid(images, conv, 'auto').grid).toBe(conv);
    const vectors = taskShapes([{ id }]);
    expect(vectors).toEqual([{ id, shape: [5] }]);
    expect(chooseTransferGrid(vectors, conv, 'auto').grid.inputShape).toEqual([5]);
  });

  it('refuses a task that cannot be built, naming --pairs', () => {
    expect(() => taskShapes([{ id: 'test/NoSuchEnv-v0' }])).toThrow(
      /^--pairs: test\/NoSuchEnv-v0 cannot be built: /,
    );
  });
});
