import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { presets } from '@pathnet/core';
import {
  appCli,
  expectResumeKeepsGrid,
  helpTest,
  refusalTests,
} from '@pathnet/experiments/testing';
import { describe, expect, it } from 'vitest';

const { cli, run } = appCli(import.meta.url);
const corridor = fileURLToPath(
  new URL('../../../binary-mnist/examples/corridor-plugin.mjs', import.meta.url),
);

describe('labyrinth-transfer CLI on bad input', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--pairs', 'LtChasm:Breakout'], /--pairs expects all or SOURCE:TARGET pairs of/],
    [['--size', '20'], /--size must be an integer in \[36, 1024\]/],
    [['--duplication-rate', '2'], /--duplication-rate must be in \[0, 1\]/],
    [['--frame-skip', '0'], /--frame-skip must be an integer in \[1, 16\]/],
    [['--tournament-size', '16'], /--tournament-size must be an integer in \[1, 15\]/],
    [['--frames', 'many'], /--frames expects a number, got "many"/],
    [['--random-episodes', '-3'], /--random-episodes must be an integer ≥ 0, got -3/],
    [['--engine', 'cuda'], /--engine must be auto, fused or tfjs, got "cuda"/],
    [['--plugin', './no-such-plugin.mjs'], /--plugin \.\/no-such-plugin\.mjs: no such file/],
    [['--threads', '1e9'], /--threads must be an integer in \[1, \d+\] \(each worker thread needs/],
    [['--backend', 'foo'], /unknown backend "foo"/],
    // One grid reads every task: a plugin's vectors and the mazes' frames in one run are refused.
    [
      ['--plugin', corridor, '--pairs', 'plugin/Corridor-v0:LtChasm', '--quick'],
      /^labyrinth-transfer: --pairs: the tasks' observations differ in shape \(lab\/LtChasm-v0 \[42, 42, 3\], plugin\/Corridor-v0 \[8\]\)/,
    ],
  ];
  refusalTests(it, cli, cases, { queue: ['--quick'] });

  helpTest(it, cli, [
    ...['--pairs', '--no-duplication', '--size', '--frame-skip', '--random-episodes'],
    '--null-seeds',
    ...['--engine', '--plugin', '--grid', '--units'],
  ]);
});

describe('labyrinth-transfer CLI end to end (tiny budget)', () => {
  it('runs a plugin environment with vector observations (the corridor) on a dense grid, and says so', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'labyrinth-transfer-'));
    const r = run(
      ...['--plugin', corridor, '--pairs', 'plugin/Corridor-v0:plugin/Corridor-v0', '--quick'],
      ...['--random-episodes', '0', '--null-seeds', '0', '--out', out],
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(
      'grid: dense L=3 M=10 N=4 (20 units) — observations are vectors [8]',
    );
    expect(r.stdout).toMatch(/between plugin\/Corridor-v0, module duplication rate 0\.05/);
    expect(r.stdout).toMatch(/^grid dense L=3 M=10 N=4 \(20 units\)$/m);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.config.grid.inputShape).toEqual([8]);
    // Resumed: no maze, so no frame size to check; the recorded grid is kept.
    expectResumeKeepsGrid(cli, out, 'dense L=3 M=10 N=4 (20 units)');
  }, 120_000);

  it('--quick on one pair, with and without duplication, writes results and pictures', () => {
    for (const ablation of [[], ['--no-duplication']]) {
      const out = mkdtempSync(path.join(tmpdir(), 'labyrinth-transfer-'));
      const r = run(
        ...['--quick', '--pairs', 'SeekavoidArena01:LtChasm', '--frames', '400', '--out', out],
        ...ablation,
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/SeekavoidArena01 → LtChasm/);
      expect(r.stdout).toMatch(
        ablation.length ? /module duplication off/ : /module duplication rate 0\.05/,
      );
      const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
      // The source job, the controls' job, and the controls' job of --quick's one null seed.
      expect(results.seeds).toHaveLength(3);
      expect(results.config.a3c.duplicationRate).toBe(ablation.length ? 0 : 0.05);
      // The paper's Labyrinth grid at --quick's 42×42 frames, exactly as before --grid existed.
      expect(JSON.stringify(results.config.grid)).toBe(
        JSON.stringify(presets.labyrinth({ inputShape: [42, 42, 3] })),
      );
      expect(r.stderr.split('\n')[0]).toBe(
        'grid: conv L=4 M=10 N=4 (8 filters, kernel 8/4/3, stride 4/2/1; 50 units) — observations are images [42, 42, 3]',
      );
      // The random agent on the target, 100 episodes by default, carried by the summary.
      expect(results.randomAgent.episodes).toBe(100);
      const baseline = results.randomAgent.returns['lab/LtChasm-v0'];
      expect(baseline.n).toBe(100);
      expect(results.summary.pairs[0].randomBaseline).toEqual(baseline);
      expect(r.stdout).toMatch(/random agent \(uniform actions, 100 episodes, seed 1\): LtChasm/);
      expect(existsSync(path.join(out, 'speedup-heatmap.png'))).toBe(true);
      expect(existsSync(path.join(out, 'pathways-SeekavoidArena01-LtChasm.png'))).toBe(true);
    }
  }, 120_000);

  it('--frame-skip 4 repeats each action 4 frames, counts every frame toward --frames, keeps episodes as long in frames, and survives --resume', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'labyrinth-transfer-'));
    const r = run(
      ...[
        '--quick',
        '--pairs',
        'SeekavoidArena01:LtChasm',
        '--frame-skip',
        '4',
        '--frames',
        '1200',
      ],
      ...['--random-episodes', '0', '--null-seeds', '0', '--threads', '1', '--out', out],
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mazes \(42×42 RGB, each action repeated 4 frames\)/);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    // The registered limits (300 and 600 frames) ÷ 4, in agent steps.
    expect(results.config.tasks).toEqual([
      expect.objectContaining({ id: 'lab/SeekavoidArena01-v0', maxEpisodeSteps: 75 }),
      expect.objectContaining({ id: 'lab/LtChasm-v0', maxEpisodeSteps: 150 }),
    ]);
    for (const t of results.config.tasks)
      expect(t.wrappers).toEqual({ frameSkip: 4, maxPool: false });
    // Budgets in frames: a run stops at the first rollout past 1200 (4 workers × t_max 20 × 4 frames at most).
    const runs = results.seeds.flatMap(
      (s: { a: { frames: number } | null; runs: { frames: number }[] }) => [
        ...(s.a ? [s.a] : []),
        ...s.runs,
      ],
    );
    expect(runs).toHaveLength(6);
    for (const x of runs) {
      expect(x.frames).toBeGreaterThanOrEqual(1200);
      expect(x.frames).toBeLessThan(1200 + 4 * 20 * 4);
    }
    const resumed = run('--resume', out, '--frame-skip', '2');
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/ignoring --frame-skip/);
    expect(resumed.stdout).toMatch(/each action repeated 4 frames/);
  }, 120_000);
});
