import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resultsReadmeOutputs, runResultsReadme } from '@pathnet/experiments';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CellRecord, Method } from '../cell.js';
import { defaults } from '../defaults.js';
import { a3cRobustnessReadme, sweepSettings } from '../readme.js';
import { cellRecords } from './records.js';

const record = cellRecords('minatar/Breakout-v1');
const config = {
  ...defaults(),
  games: ['minatar/Breakout-v1'],
  learningRates: [0.001, 0.01],
  entropyCosts: [0.01, 0.1],
  seeds: 1,
  frames: 100,
};
// Seed 1: best cell 8 (A3C at lr 0.001, β 0.01), bar 6: A3C 1 of 4 cells, PathNet-A3C 2 of 4.
const scores: Record<Method, number[]> = { a3c: [8, 1, 1, 1], pathnet: [7, 6, 2, 0] };
const records = (methods: Method[] = ['a3c', 'pathnet']) =>
  methods.flatMap((m) =>
    [0.001, 0.01].flatMap((lr, i) =>
      [0.01, 0.1].map((ent, j) => record(m, lr, ent, 1, scores[m][2 * i + j]!)),
    ),
  );
const results = (seeds: CellRecord[], complete = true) => ({
  format: 'pathnet-ts/a3c-robustness-results@1',
  complete,
  config,
  versions: { runtime: 'node', packages: {} },
  backend: {},
  seeds,
  summary: null,
  wallSeconds: 1,
  elapsedSeconds: 42,
});

let dir: string | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a3c-robustness's README results", () => {
  it('a section per results folder: settings, the fraction table, best cells; stable; partial marked', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    dir = mkdtempSync(path.join(tmpdir(), 'a3c-readme-'));
    writeFileSync(
      path.join(dir, 'README.md'),
      '<!-- a3c-robustness:results:start -->\n<!-- a3c-robustness:results:end -->\n',
    );
    const folder = path.join(dir, 'docs/results/tiny');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'results.json'), JSON.stringify(results(records())));
    expect(await runResultsReadme(a3cRobustnessReadme(dir), [])).toBe(0);
    const text = readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(text).toContain('### tiny\n');
    expect(text).toContain('| minatar/Breakout-v1 | 8.00 | 0.25 | 0.50 |');
    expect(text).toContain('| minatar/Breakout-v1 | A3C | 0.001 | 0.01 | 8.00 |');
    expect(text).toContain('| minatar/Breakout-v1 | PathNet-A3C | 0.001 | 0.01 | 7.00 |');
    expect(text).toContain('[heatmap-Breakout](docs/results/tiny/heatmap-Breakout.png)');
    expect(text).toContain('Wall time 42.0 s.');
    expect(await runResultsReadme(a3cRobustnessReadme(dir), ['--check'])).toBe(0);

    writeFileSync(
      path.join(folder, 'results.json'),
      JSON.stringify(results(records(['a3c']), false)),
    );
    const partial = (await resultsReadmeOutputs(a3cRobustnessReadme(dir))).get(
      path.join(dir, 'README.md'),
    );
    expect(partial).toContain('### tiny (partial: 4 of 8 jobs)\n');
    expect(await runResultsReadme(a3cRobustnessReadme(dir), ['--check'])).toBe(1);
  });

  it('the settings line names the sweep', () => {
    expect(sweepSettings(config)).toBe(
      'games Breakout; 2 learning rates (0.001, 0.01) × 2 entropy costs (0.01, 0.1); seed 1; 100 frames per run; 8 workers; grid dense L=2 M=6 N=3 (16 units) over the flattened observation; final score: mean of the last 50 episodes; engine fused',
    );
  });
});
