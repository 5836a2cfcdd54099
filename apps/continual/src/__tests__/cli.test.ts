import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { defaults, OptionError, runsOf, validateOptions } from '../options.js';
import { benchmarkSection, replaceResults } from '../readme.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'continual-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('continual CLI: bad input', () => {
  it.each([
    [['--seeds', '0'], '--seeds'],
    [['--tasks', '6'], '--tasks'],
    [['--benchmark', 'permuted-mnist', '--tasks', '11'], '--tasks'],
    [['--methods', 'pathnet,lwf'], '--methods'],
    [['--ewc-lambdas', '-1'], '--ewc-lambdas'],
    [['--active', '11'], '--active'],
    [['--learning-rate', 'x'], '--learning-rate'],
    [['--benchmark', 'cifar'], '--benchmark'],
    [['--mutation-probability', '2'], '--mutation-probability'],
  ])('%j: one line naming %s, exit 2, nothing written', (args, flag) => {
    const out = path.join(root, `bad-${flag.slice(2)}-${args.length}`);
    const r = run([...args, '--out', out]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.at(-1)).toContain(flag);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a missing Fashion-MNIST folder before writing anything', () => {
    const out = path.join(root, 'no-fashion');
    const r = run([
      '--benchmark',
      'split-fashion-mnist',
      '--fashion-dir',
      path.join(root, 'nowhere'),
      '--quick',
      '--out',
      out,
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('nowhere');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses --resume with --force, and a fresh run into a folder with results', () => {
    expect(run(['--resume', root, '--force']).status).toBe(2);
  });
});

describe('continual CLI: a quick run', () => {
  const out = path.join(root, 'quick');
  it('writes results.json with a record per method and seed, the table and pictures; resume adds seeds only', () => {
    const r = run(['--quick', '--tasks', '3', '--methods', 'pathnet,ewc,joint', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\| pathnet \| 1 \|/);
    expect(r.stdout).toMatch(/\| ewc λ=10000 \| 1 \|/);
    // Each finished run's line says how many are done and about how long the rest takes.
    expect(r.stderr).toMatch(/^\[1\/3\] .* elapsed, about .* left: seed 1, pathnet ACC/m);
    expect(r.stderr).toMatch(/^\[3\/3\] .* elapsed, done: seed 1, joint ACC/m);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.complete).toBe(true);
    expect(results.seeds.map((s: { method: string }) => s.method)).toEqual([
      'pathnet',
      'ewc',
      'joint',
    ]);
    const pathnet = results.seeds[0];
    expect(pathnet.accuracy).toHaveLength(4);
    expect(pathnet.metrics.bwt).toBe(0);
    expect(pathnet.sgdSteps).toEqual([40, 40, 40]);
    expect(results.seeds[2].sgdSteps).toEqual([0, 0, 120]);
    expect(readdirSync(out)).toEqual(
      expect.arrayContaining(['accuracy-matrix.svg', 'accuracy-matrix.png', 'acc.png']),
    );
    // A fresh run into it is refused; --resume with more seeds runs only the new seed.
    expect(run(['--quick', '--out', out]).status).toBe(2);
    const again = run(['--resume', out, '--seeds', '2']);
    expect(again.status, again.stderr).toBe(0);
    const resumed = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(resumed.seeds).toHaveLength(6);
    expect(resumed.seeds.slice(0, 3)).toEqual(results.seeds);
    expect(resumed.summary[0].seeds).toBe(2);
    // The README section: the table with a row per method, PathNet's capacity per task.
    const section = benchmarkSection(resumed, 'docs/results/x');
    expect(section).toMatch(/^### split-mnist \(3 tasks\)/);
    expect(section).toMatch(/\| pathnet \| 2 \| [\d.]+ \[/);
    expect(section).toMatch(/\| 3 \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/);
    const readme = 'a\n<!-- continual:results:start -->\nold\n<!-- continual:results:end -->\nb';
    expect(replaceResults(readme, 'new')).toBe(
      'a\n<!-- continual:results:start -->\nnew\n<!-- continual:results:end -->\nb',
    );
    expect(() => replaceResults('no markers', 'x')).toThrow(/markers/);
  }, 60_000);
});

describe('options', () => {
  it('a run per method and one per λ for ewc', () => {
    const o = { ...defaults(), ewcLambdas: [1, 2] };
    expect(runsOf(o).map((r) => `${r.method}${r.lambda ?? ''}`)).toEqual([
      'pathnet',
      'fine-tune',
      'ewc1',
      'ewc2',
      'independent',
      'joint',
    ]);
    expect(() => validateOptions({ ...o, methods: ['pathnet', 'pathnet'] })).toThrow(OptionError);
    expect(validateOptions(defaults('permuted-mnist')).tasks).toBe(10);
  });
});
