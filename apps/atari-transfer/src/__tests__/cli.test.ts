import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
/** `config.grid` of a committed results folder of docs/results, as its JSON text. */
const committedGrid = (folder: string) =>
  JSON.stringify(
    JSON.parse(
      readFileSync(
        fileURLToPath(new URL(`../../docs/results/${folder}/results.json`, import.meta.url)),
        'utf8',
      ),
    ).config.grid,
  );

describe('atari-transfer CLI on bad input', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--pairs', 'Breakout:Pong'], /--pairs expects all or SOURCE:TARGET pairs of/],
    [['--engine', 'gpu'], /--engine must be auto, fused or tfjs, got "gpu"/],
    [['--null-seeds', '-1'], /--null-seeds must be an integer ≥ 0, got -1/],
    [['--plugin', './no-such-plugin.mjs'], /--plugin \.\/no-such-plugin\.mjs: no such file/],
    // A plugin's environment id is a name in --pairs; its vector observations do not fit the MinAtar conv grid.
    [
      ['--plugin', corridor, '--pairs', 'plugin/Corridor-v0:plugin/Corridor-v0', '--grid', 'conv'],
      /^atari-transfer: --grid conv: plugin\/Corridor-v0 gives observations of shape \[8\]; the app's conv grid reads \[10, 10, 15\]/,
    ],
    // One grid reads every task: vectors and MinAtar frames in one run are refused.
    [
      ['--plugin', corridor, '--pairs', 'plugin/Corridor-v0:Breakout', '--quick'],
      /^atari-transfer: --pairs: the tasks' observations differ in shape \(minatar\/Breakout-v0 \[10, 10, 15\], plugin\/Corridor-v0 \[8\]\); one grid reads every task of a run$/m,
    ],
    [['--grid', 'cnn'], /--grid must be auto, conv or dense, got "cnn"/],
    [['--layers', '4'], /--layers sizes the dense grid; this run's grid is the app's conv grid/],
    [['--grid', 'dense', '--active', '11'], /--active \(N=11\) cannot exceed --modules \(M=10\)/],
    [['--pairs', 'Breakout:Asterix,Breakout:Asterix'], /--pairs lists a pair twice/],
    [['--workers', '1'], /--workers must be an integer ≥ 2, got 1/],
    [['--fraction', '0'], /--fraction must be in \(0, 1\]/],
    [['--random-episodes', '2.5'], /--random-episodes must be an integer ≥ 0, got 2.5/],
    [['--random-episodes', 'many'], /--random-episodes expects a number, got "many"/],
    [['--seeds', 'two'], /--seeds expects a number, got "two"/],
    [['--resume', '/nonexistent/run'], /no results file at/],
    // Checked before start-up, not after the backend or the threads started.
    [['--backend', 'foo'], /unknown backend "foo".*valid names: cpu, tensorflow, wasm/],
    [['--backend', ''], /--backend expects a backend name, got ""/],
    [['--workers', '1e9'], /--workers must be an integer in \[2, \d+\] \(each A3C worker needs/],
    [['--threads', '1e9'], /--threads must be an integer in \[1, \d+\] \(each worker thread needs/],
    [['--tournament-size', '16'], /--tournament-size must be an integer in \[1, 15\]/],
    [['--queue', 'localhost:6379'], /--queue expects a redis:\/\/ or rediss:\/\/ URL/],
    [['--resume', 'a', '--force'], /--resume continues a run and --force starts one over/],
    [['--layout', 'native'], /--layout must be padded or semantic, got "native"/],
    [['--ale', '--layout', 'semantic'], /--layout applies to MinAtar/],
    [['--b-start', 'forced'], /--b-start must be random or a-path, got "forced"/],
  ];
  refusalTests(it, cli, cases, { queue: ['--quick'] });

  helpTest(it, cli, [
    ...['--pairs', '--ale', '--frames', '--random-episodes', '--null-seeds', '--engine'],
    ...['--plugin', '--layout', '--b-start'],
    ...['--grid', '--layers', '--modules', '--active', '--units'],
  ]);
});

describe('atari-transfer CLI end to end (tiny budget)', () => {
  it('--quick writes results.json, the heatmap, curves and pathways; --resume adds only the new seed', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'atari-transfer-'));
    const tiny = ['--quick', '--frames', '600', '--pairs', 'Breakout:Asterix'];
    const first = run(...tiny, '--threads', '2', '--out', out);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Breakout → Asterix/);
    expect(first.stdout).toMatch(/mean speedup|no means over pairs: no pair of two tasks/);
    // Every line printed fits 120 columns (every detail is in summary.md and results.json).
    const wide = `${first.stdout}\n${first.stderr}`.split('\n').filter((l) => [...l].length > 120);
    expect(wide).toEqual([]);
    for (const f of [
      'speedup-heatmap.png',
      'curves-Breakout-Asterix.png',
      'pathways-Breakout-Asterix.png',
    ]) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    // Seed 1: the source job (A, pathnet, fine-tune, fine-tune-fixed) and the controls' job
    // (independent, plain-a3c); seed 2 (--quick's one null seed): the controls' job alone.
    expect(results.seeds).toHaveLength(3);
    // The default layout is semantic: 15 channels, each one kind of object in every game;
    // the grid is the one the committed semantic-layout run recorded, byte for byte.
    expect(results.config.grid.inputShape).toEqual([10, 10, 15]);
    expect(JSON.stringify(results.config.grid)).toBe(
      committedGrid('layout-semantic-Breakout-SpaceInvaders-300k'),
    );
    expect(first.stderr.split('\n')[0]).toBe(
      'grid: conv L=4 M=10 N=4 (8 filters, kernel 3/3/3, stride 1/1/1; 50 units) — observations are images [10, 10, 15]',
    );
    expect(results.summary.pairs[0].controlRuns).toEqual({ independent: 2, 'plain-a3c': 2 });
    // Seed 2 becomes a paired seed (its controls' job is kept) and seed 3 the null seed.
    const again = run('--resume', out, '--seeds', '2', '--threads', '2');
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/2 of 5 jobs to do/);
    expect(again.stderr.split('\n')[0]).toMatch(/^grid: conv L=4 M=10 N=4 .* — as recorded in /);
    const resumed = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(resumed.seeds).toHaveLength(5);
    expect(resumed.summary.pairs[0].seeds).toBe(2);
    expect(resumed.summary.pairs[0].controlRuns).toEqual({ independent: 3, 'plain-a3c': 3 });
  }, 120_000);

  it('runs the positive control (a task to itself); measures the random agent on the target, and a finished folder resumed is summarised with it', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'atari-transfer-'));
    const first = run(
      ...['--quick', '--frames', '300', '--random-episodes', '0', '--pairs', 'Breakout:Breakout'],
      ...['--layout', 'padded', '--out', out],
    );
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Breakout → Breakout/);
    const file = path.join(out, 'results.json');
    const off = JSON.parse(readFileSync(file, 'utf8'));
    // The grid of the committed positive control (padded layout), byte for byte: it resumes unchanged.
    expect(JSON.stringify(off.config.grid)).toBe(committedGrid('positive-control-300k'));
    expect(off.randomAgent).toBeUndefined();
    expect(off.summary.pairs[0].randomBaseline).toBeNull();
    // A results file written before the baseline existed: no randomEpisodes in its config.
    delete off.config.randomEpisodes;
    writeFileSync(file, JSON.stringify(off));
    const again = run('--resume', out);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/0 of 3 jobs to do/);
    expect(again.stdout).toMatch(/random agent +│ +│ 0\.\d\d ± /);
    expect(again.stdout).toMatch(
      /random agent \(uniform actions, 100 episodes, seed 1\): Breakout/,
    );
    const resumed = JSON.parse(readFileSync(file, 'utf8'));
    expect(resumed.config.randomEpisodes).toBe(100);
    const baseline = resumed.randomAgent.returns['minatar/Breakout-v0'];
    expect(baseline.n).toBe(100);
    expect(resumed.summary.pairs[0].randomBaseline).toEqual(baseline);
    // --random-episodes on --resume measures the baseline anew with that count.
    expect(run('--resume', out, '--random-episodes', '10').status).toBe(0);
    const ten = JSON.parse(readFileSync(file, 'utf8'));
    expect(ten.config.randomEpisodes).toBe(10);
    expect(ten.summary.pairs[0].randomBaseline.n).toBe(10);
  }, 120_000);

  it('runs a plugin environment with vector observations (the corridor) on a dense grid, and says so', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'atari-transfer-'));
    const r = run(
      ...['--plugin', corridor, '--pairs', 'plugin/Corridor-v0:plugin/Corridor-v0', '--quick'],
      ...['--out', out],
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(
      'grid: dense L=3 M=10 N=4 (20 units) — observations are vectors [8]',
    );
    expect(r.stdout).toMatch(/Corridor → Corridor/);
    expect(r.stdout).toMatch(/^grid dense L=3 M=10 N=4 \(20 units\)$/m);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.config.grid.inputShape).toEqual([8]);
    expect(results.config.grid.layers.map((l: { module: object }) => l.module)).toEqual(
      Array(3).fill({ kind: 'dense', units: 20 }),
    );
    expect(results.summary.pairs[0].source).toBe('plugin/Corridor-v0');
    // --grid dense with its sizes; resumed, the recorded grid is kept and said.
    const sized = mkdtempSync(path.join(tmpdir(), 'atari-transfer-'));
    const s = run(
      ...['--plugin', corridor, '--pairs', 'plugin/Corridor-v0:plugin/Corridor-v0', '--quick'],
      ...['--frames', '400', '--random-episodes', '0', '--null-seeds', '0'],
      ...['--grid', 'dense', '--layers', '2', '--modules', '6', '--active', '2', '--units', '8'],
      ...['--out', sized],
    );
    expect(s.status, s.stderr).toBe(0);
    expect(s.stderr.split('\n')[0]).toBe(
      'grid: dense L=2 M=6 N=2 (8 units) — --grid dense; observations [8]',
    );
    expectResumeKeepsGrid(cli, sized, 'dense L=2 M=6 N=2 (8 units)');
  }, 120_000);

  it('--engine tfjs runs every grid on the tfjs engine and says so', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'atari-transfer-'));
    const r = run(
      ...['--quick', '--frames', '200', '--pairs', 'Breakout:Asterix', '--null-seeds', '0'],
      ...['--random-episodes', '0', '--engine', 'tfjs', '--threads', '1', '--out', out],
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/engine tfjs/);
    expect(JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')).config.engine).toBe(
      'tfjs',
    );
  }, 120_000);

  it('--layout semantic reads 15 channels in every game; --b-start a-path is recorded and said', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'atari-transfer-'));
    const r = run(
      ...['--quick', '--frames', '200', '--pairs', 'Breakout:SpaceInvaders', '--null-seeds', '0'],
      ...['--random-episodes', '0', '--layout', 'semantic', '--b-start', 'a-path'],
      ...['--threads', '1', '--out', out],
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/15 semantic channels/);
    expect(r.stdout).toMatch(/starts on A's best pathway \(--b-start a-path\)/);
    const config = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')).config;
    expect(config.grid.inputShape).toEqual([10, 10, 15]);
    expect(config.tasks.map((t: { options?: object }) => t.options)).toEqual([
      { layout: 'semantic' },
      { layout: 'semantic' },
    ]);
    expect(config.bStart).toBe('a-path');
  }, 120_000);
});
