import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONDITION_FACTORS } from '@pathnet/experiments';
import { afterEach, describe, expect, it } from 'vitest';
import { phaseKey } from '../model.js';
import { hubFromResultsFolder, ResultsFolderViewError } from '../results-folder.js';
import { FROZEN_PATH_CONDITIONS } from '../supervised.js';

const phase = (best: number[][], curve: [number, number][], solved = true) => ({
  generations: curve.length,
  solved,
  bestPathway: best,
  curve,
});

describe('hubFromResultsFolder', () => {
  const dirs: string[] = [];
  const folder = (files: Record<string, string>) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dashboard-results-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return dir;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('reads the grid, every seed’s curves, best pathways, frozen path and row, and the pictures', async () => {
    const results = {
      format: 'pathnet-ts/binary-mnist-results@3',
      config: { layers: 2, modules: 4, active: 2, conditions: ['pathnet', 'independent'] },
      seeds: [
        {
          seed: 7,
          taskA: [1, 2],
          taskB: { id: 'mnist-binary', options: { digits: [3, 4], noise: 0.5 } },
          a: phase(
            [
              [0, 1],
              [2, 3],
            ],
            [
              [1, 0.5],
              [2, 0.9],
            ],
          ),
          conditions: {
            pathnet: phase(
              [
                [1, 2],
                [0, 3],
              ],
              [[1, 0.6]],
            ),
            independent: phase(
              [
                [3, 2],
                [1, 1],
              ],
              [
                [1, 0.4],
                [2, 0.5],
                [3, 0.6],
              ],
              false,
            ),
          },
        },
      ],
    };
    const dir = folder({
      'results.json': JSON.stringify(results),
      'heatmap.svg': '<svg/>',
      'curves.svg': '<svg/>',
      'curves.png': 'png',
    });
    const { state } = await hubFromResultsFolder(dir);
    expect(state.mode).toBe('finished');
    expect(state.grid).toEqual({ layers: 2, modules: 4, active: 2 });
    expect(state.pictures).toEqual(['curves.svg', 'heatmap.svg']);
    expect(state.phases[phaseKey(7, 'task A')]).toMatchObject({
      curve: [
        [1, 0.5],
        [2, 0.9],
      ],
      best: [
        [0, 1],
        [2, 3],
      ],
      done: true,
    });
    expect(state.phases[phaseKey(7, 'task B pathnet')]?.frozen).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(state.phases[phaseKey(7, 'task B independent')]?.frozen).toBeUndefined();
    expect(state.results.columns).toEqual([
      'seed',
      'task A',
      'task B',
      'A gen',
      'pathnet gen',
      'independent gen',
    ]);
    expect(state.results.rows).toEqual([[7, '1/2', '3/4', '2', '1', '3*']]);
  });

  it('outlines A’s path in exactly the conditions that freeze it', () => {
    const freezing = Object.entries(CONDITION_FACTORS)
      .filter(([, f]) => f.weights === 'frozen-path')
      .map(([c]) => c);
    expect([...FROZEN_PATH_CONDITIONS].sort()).toEqual(freezing.sort());
  });

  it('reads a continual-learning run: each task’s pathway per method, ACC/BWT/FWT, the R heatmap', async () => {
    const results = {
      format: 'pathnet-ts/continual-results@1',
      config: { layers: 1, modules: 3, active: 1, methods: ['pathnet', 'fine-tune'] },
      seeds: [
        {
          method: 'pathnet',
          seed: 1,
          accuracy: [
            [0.9, 0.5],
            [0.9, 0.8],
          ],
          metrics: { acc: 0.85, bwt: 0, fwt: -0.1 },
          pathways: [[[0]], [[2]]],
        },
        {
          method: 'fine-tune',
          seed: 1,
          accuracy: [[0.9]],
          metrics: { acc: 0.6, bwt: -0.3, fwt: null },
        },
      ],
    };
    const dir = folder({
      'results.json': JSON.stringify(results),
      'accuracy-matrix.svg': '<svg/>',
    });
    const { state } = await hubFromResultsFolder(dir);
    expect(state.results.columns).toEqual(['method', 'seed', 'ACC', 'BWT', 'FWT']);
    expect(state.results.rows).toEqual([
      ['pathnet', 1, '0.850', '0.000', '-0.100'],
      ['fine-tune', 1, '0.600', '-0.300', null],
    ]);
    expect(state.phases[phaseKey(1, 'pathnet task 2')]?.best).toEqual([[2]]);
    expect(state.pictures).toEqual(['accuracy-matrix.svg']);
  });

  it('names the folder and what is wrong with it', async () => {
    await expect(hubFromResultsFolder(folder({}))).rejects.toThrow(
      /is not a results folder: it has no results.json/,
    );
    await expect(hubFromResultsFolder(folder({ 'results.json': '{' }))).rejects.toThrow(
      ResultsFolderViewError,
    );
    await expect(hubFromResultsFolder(folder({ 'results.json': '{"seeds": []}' }))).rejects.toThrow(
      /has no config and seeds/,
    );
    await expect(
      hubFromResultsFolder(folder({ 'results.json': '{"config": {}, "seeds": [{"x": 1}]}' })),
    ).rejects.toThrow(/a record is neither a transfer seed/);
  });
});
