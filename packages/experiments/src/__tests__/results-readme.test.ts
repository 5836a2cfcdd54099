import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  formatWallTime,
  replaceResultsSection,
  resultsFolders,
  resultsReadmeOutputs,
  rlTransferReadme,
  rlTransferSettings,
  runResultsReadme,
  staleOutputs,
  writeOutputs,
} from '../results-readme.js';
import type { TransferOptions } from '../rl-options.js';
import { denseLayer } from './grid-layers.js';
import { A, B, control, faster, records } from './rl-fixtures.js';

const config: TransferOptions = {
  tasks: [
    { id: A, options: { layout: 'semantic' } },
    { id: B, options: { layout: 'semantic' } },
  ],
  pairs: [[A, B]],
  seeds: 2,
  seed: 1,
  frames: 100,
  grid: {
    inputShape: [10, 10, 15],
    layers: [denseLayer(2)],
    modulesPerLayer: 2,
    maxActivePerLayer: 1,
  },
  a3c: {
    workers: 2,
    evaluationEpisodes: 1,
    tournamentSize: 2,
    learningRate: 0.001,
    entropyCoef: 0.01,
  },
  window: 5,
  points: 4,
  fraction: 0.75,
  randomEpisodes: 0,
  nullSeeds: 0,
  setting: null,
  out: 'docs/results/tiny',
};
/** A tiny finished run: one pair, 2 seeds (4 jobs). */
const tinyResults = () => ({
  format: 'pathnet-ts/atari-transfer-results@2',
  complete: true,
  config,
  versions: { runtime: 'node', packages: {} },
  backend: {},
  seeds: [...records(1), ...records(2)],
  summary: null,
  wallSeconds: 10,
  elapsedSeconds: 125.25,
});

const README = `# tiny\n\nprose above\n\n<!-- tiny:results:start -->\nhand-written\n<!-- tiny:results:end -->\n\nprose below\n`;

let dir: string;
const folder = (name: string) => path.join(dir, 'docs/results', name);
const put = (name: string, results: unknown) => {
  mkdirSync(folder(name), { recursive: true });
  writeFileSync(path.join(folder(name), 'results.json'), JSON.stringify(results));
};
const spec = () => rlTransferReadme('tiny', dir);
const readme = () => readFileSync(path.join(dir, 'README.md'), 'utf8');

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'results-readme-'));
  writeFileSync(path.join(dir, 'README.md'), README);
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('the results part of an RL app README', () => {
  it('gives the same bytes twice, and other text when a record changes', async () => {
    put('tiny-run', tinyResults());
    const first = await resultsReadmeOutputs(spec());
    const second = await resultsReadmeOutputs(spec());
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [file, content] of first) expect(second.get(file)).toEqual(content);
    const text = first.get(path.join(dir, 'README.md')) as string;
    expect(text.startsWith('# tiny\n\nprose above\n\n<!-- tiny:results:start -->\n')).toBe(true);
    expect(text.endsWith('<!-- tiny:results:end -->\n\nprose below\n')).toBe(true);
    expect(text).not.toContain('hand-written');
    expect(text).toContain('### tiny-run\n');
    expect(text).toContain(
      'pair Breakout → Asterix; seeds 1–2; no null seeds; 100 frames per run; 2 workers',
    );
    expect(text).toContain('layout semantic (input [10, 10, 15])');
    expect(text).toContain('Wall time 125.3 s (2.1 min).');
    expect(text).toContain(
      '[docs/results/tiny-run/results.json](docs/results/tiny-run/results.json)',
    );
    expect(text).toContain('[speedup-heatmap](docs/results/tiny-run/speedup-heatmap.png)');
    expect(text).toContain('**Breakout → Asterix**');
    // The pathnet runs learn twice as fast as the controls.
    expect(text).toContain('| pathnet | independent* | 2.00* |');
    expect(
      [...first.keys()].map((f) => path.relative(dir, f)).filter((f) => f.endsWith('.png')),
    ).toEqual(
      ['curves-Breakout-Asterix.png', 'pathways-Breakout-Asterix.png', 'speedup-heatmap.png'].map(
        (f) => `docs/results/tiny-run/${f}`,
      ),
    );

    const changed = tinyResults();
    const pathnet = changed.seeds[0]!.runs[0]!;
    changed.seeds[0]!.runs[0] = { ...pathnet, curve: control, finalScore: 4 };
    put('tiny-run', changed);
    const after = (await resultsReadmeOutputs(spec())).get(path.join(dir, 'README.md'));
    expect(after).not.toEqual(text);
    expect(after).not.toContain('| pathnet | independent* | 2.00* |');
  });

  it('writes only what changed, and the check finds a stale section or picture', async () => {
    put('tiny-run', tinyResults());
    expect(await runResultsReadme(spec(), ['--check'])).toBe(1);
    expect(await runResultsReadme(spec(), [])).toBe(0);
    expect(await runResultsReadme(spec(), ['--check'])).toBe(0);
    const outputs = await resultsReadmeOutputs(spec());
    expect(await staleOutputs(outputs)).toEqual([]);
    // A rerun writes nothing: the pictures keep their files.
    const heatmap = path.join(folder('tiny-run'), 'speedup-heatmap.png');
    const before = statSync(heatmap).mtimeMs;
    expect(await writeOutputs(outputs)).toEqual([]);
    expect(statSync(heatmap).mtimeMs).toBe(before);

    // A hand edit of a generated number is stale.
    writeFileSync(path.join(dir, 'README.md'), readme().replace('2.00*', '2.10*'));
    expect(await staleOutputs(await resultsReadmeOutputs(spec()))).toEqual([
      path.join(dir, 'README.md'),
    ]);
    expect(await runResultsReadme(spec(), ['--check'])).toBe(1);
    // So is a record changed after the section was written, and so is a picture edited.
    const changed = tinyResults();
    changed.seeds[2]!.runs[1] = { ...changed.seeds[2]!.runs[1]!, curve: faster };
    put('tiny-run', changed);
    writeFileSync(heatmap, 'not a picture');
    const stale = await staleOutputs(await resultsReadmeOutputs(spec()));
    expect(stale).toContain(path.join(dir, 'README.md'));
    expect(stale).toContain(heatmap);
    expect(await runResultsReadme(spec(), [])).toBe(0);
    expect(await runResultsReadme(spec(), ['--check'])).toBe(0);
    // Written through a temporary file renamed over it: none is left beside them.
    expect(readFileSync(heatmap).subarray(1, 4).toString()).toBe('PNG');
    expect(readdirSync(folder('tiny-run')).filter((f) => f.includes('tmp'))).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.includes('tmp'))).toEqual([]);
  });

  it('takes a folder added later, marks a partial run and skips folders without results', async () => {
    mkdirSync(folder('no-results'), { recursive: true });
    expect(await resultsFolders(dir)).toEqual([]);
    await runResultsReadme(spec(), []);
    expect(readme()).toContain("No run's results are committed under `docs/results/` yet.");
    put('b-finished', tinyResults());
    put('a-running', { ...tinyResults(), complete: false, seeds: records(1).slice(0, 1) });
    expect(await resultsFolders(dir)).toEqual(['a-running', 'b-finished']);
    await runResultsReadme(spec(), []);
    const text = readme();
    expect(text).toContain('### a-running (partial: 1 of 4 jobs)\n');
    expect(text.indexOf('### a-running')).toBeLessThan(text.indexOf('### b-finished\n'));
    expect(text).not.toContain('no-results');
  });

  it('refuses a README without its markers and a results file that is not JSON', async () => {
    writeFileSync(path.join(dir, 'README.md'), '# no markers\n');
    await expect(resultsReadmeOutputs(spec())).rejects.toThrow(
      /README\.md: no <!-- tiny:results:start --> … <!-- tiny:results:end --> markers/,
    );
    writeFileSync(path.join(dir, 'README.md'), README);
    mkdirSync(folder('broken'), { recursive: true });
    writeFileSync(path.join(folder('broken'), 'results.json'), '{');
    await expect(resultsReadmeOutputs(spec())).rejects.toThrow(
      /broken.results\.json: not a results file/,
    );
  });
});

describe('the pieces of a section', () => {
  it('replaces only the text between the markers', () => {
    expect(
      replaceResultsSection(
        'a\n<!-- x:results:start -->old<!-- x:results:end -->\nb',
        'x',
        'new',
        'f',
      ),
    ).toBe('a\n<!-- x:results:start -->\n\nnew\n\n<!-- x:results:end -->\nb');
    expect(() =>
      replaceResultsSection('<!-- x:results:end --><!-- x:results:start -->', 'x', '', 'f'),
    ).toThrow(/f: no/);
  });

  it('writes wall times in seconds with minutes or hours', () => {
    expect(formatWallTime(undefined)).toBe('not recorded');
    expect(formatWallTime(12.34)).toBe('12.3 s');
    expect(formatWallTime(941.9)).toBe('941.9 s (15.7 min)');
    expect(formatWallTime(5323.4)).toBe('5323.4 s (1.48 h)');
  });

  it('names every ordered pair of a matrix in a few words, and the null seeds', () => {
    const tasks = ['Breakout', 'Asterix', 'Freeway'].map((g) => ({
      id: `minatar/${g}-v0`,
      channels: 10,
    }));
    const pairs = tasks.flatMap((a) =>
      tasks.filter((b) => b !== a).map((b): [string, string] => [a.id, b.id]),
    );
    const line = rlTransferSettings({
      ...config,
      tasks,
      pairs,
      seeds: 3,
      nullSeeds: 2,
      bStart: 'a-path',
      grid: { ...config.grid, inputShape: [10, 10, 10] },
    });
    expect(line).toMatch(
      /^every ordered pair of Breakout, Asterix, Freeway \(6 pairs\); seeds 1–3; null seeds 4–5;/,
    );
    expect(line).toContain('layout padded to 10 channels (input [10, 10, 10])');
    expect(line).toContain('engine fused; `--b-start a-path`');
    expect(line).not.toContain('repeated');
  });

  it('says how many frames each action is repeated where the tasks skip frames', () => {
    const tasks = [{ id: 'lab/SeekavoidArena01-v0', wrappers: { frameSkip: 4 } }];
    const line = rlTransferSettings({
      ...config,
      tasks,
      pairs: [[tasks[0]!.id, tasks[0]!.id]],
    });
    expect(line).toContain(
      'frames per run; each action repeated 4 frames (counted in the budget);',
    );
  });
});
