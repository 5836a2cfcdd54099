import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONDITIONS } from '@pathnet/experiments';
import { appCli, refusalTests } from '@pathnet/experiments/testing';
import { describe, expect, it } from 'vitest';

const { cli, run, runIn } = appCli(import.meta.url);

describe('binary-mnist CLI on bad input', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--task-a', '3,3'], /--task-a needs two different digits, got 3,3/],
    [['--seeds', '0'], /--seeds must be an integer ≥ 1, got 0/],
    [['--modules', '2', '--active', '3'], /--active \(N=3\) cannot exceed --modules \(M=2\)/],
    [['--frobnicate'], /unknown option '--frobnicate'/],
    [['--task-b', 'seven,8'], /--task-b expects two digits like 5,6 or a registered task id/],
    [['--resume', '/nonexistent/run'], /no results file at/],
    [['--workers', '0'], /--workers must be an integer ≥ 1, got 0/],
    [['--queue', 'http://127.0.0.1:6379'], /--queue expects a redis:\/\/ or rediss:\/\/ URL/],
    [['--protocol', 'random'], /--protocol must be serial or interleaved, got "random"/],
    [['--concurrency', '2'], /--concurrency 2 .* add --protocol interleaved/],
    [
      ['--concurrency', '3'],
      /--concurrency must be 1 or 2 \(a tournament trains two pathways\), got 3/,
    ],
    [['--conditions', 'pathnet,pathnet'], /--conditions names "pathnet" twice/],
    [['--conditions', 'pathnet,transfer'], /unknown condition "transfer"/],
    [
      ['--report-thresholds', '0.5,1.2'],
      /--report-thresholds: each level must be in \(0, --threshold/,
    ],
    [['--b-pathways', 'all'], /--b-pathways must be own or include-frozen, got "all"/],
    [['--dashboard', '70000'], /--dashboard must be an integer in \[0, 65535\], got 70000/],
    [['--dashboard=http'], /--dashboard expects a number, got "http"/],
    [['--dashboard', '--dashboard-host', 'nowhere'], /--dashboard-host expects an IP address/],
    [['--dashboard-host', '127.0.0.1'], /--dashboard-host goes with --dashboard/],
    // Checked before start-up, not after the backend or the threads started.
    [['--backend', 'foo'], /unknown backend "foo"/],
    [['--backend', ''], /--backend expects a backend name, got ""/],
    [['--engine', 'foo'], /--engine must be auto, fused or tfjs, got "foo"/],
    [['--workers', '1e9'], /--workers must be an integer in \[1, \d+\] \(each worker thread needs/],
    [
      ['--units', '1e9'],
      /--units must be an integer in \[1, \d+\] \(a module of U units holds U² weights/,
    ],
    [['--modules', '1e10'], /--modules must be an integer in \[1, \d+\] \(each module needs/],
    [
      ['--units', '20000', '--modules', '40'],
      /--units 20000: the hidden layers alone would need .* lower --units/,
    ],
    [['--operator-options', '{bad json'], /--operator-options expects a JSON object/],
    [['--operator-options', '{}'], /--operator-options goes with --operator/],
    [
      ['--seed', '2147483647', '--seeds', '2'],
      /the last seed 2147483648 must be at most 2147483647/,
    ],
  ];
  refusalTests(it, cli, cases, { queue: ['--quick'] });
});

describe('binary-mnist --help', () => {
  it('names every condition with its factors, the relations of task B and --b-pathways', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    const help = r.stdout.replace(/\s+/g, ' ');
    for (const c of CONDITIONS) expect(help).toContain(`${c} (weights`);
    for (const relation of ['same', 'same-renoised', 'permuted', 'shared-digit']) {
      expect(help).toContain(relation);
    }
    expect(help).toContain('--b-pathways');
    expect(help).toContain('--report-thresholds');
  }, 60_000);
});

describe('controls of transfer', () => {
  it('runs tasks that share their digits, with a note', () => {
    const { r } = runIn(
      'binary-mnist-shared-',
      ...['--task-a', '5,6', '--task-b', '5,6', '--quick', '--seeds', '1'],
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/share digits 5,6/);
    expect(r.stdout).toMatch(/A 5v6 → B 5v6/);
  }, 120_000);
});

describe('binary-mnist CLI end to end (tiny settings, real MNIST)', () => {
  it('writes results.json, a checkpoint and pictures, and prints the summary', () => {
    const { out, r } = runIn(
      'binary-mnist-',
      ...['--population', '4', '--steps', '2', '--max-generations', '3', '--threshold', '0.6'],
      ...['--seeds', '2', '--task-a', '0,1', '--task-b', '2,3'],
    );
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/independent ÷ pathnet/);
    // Every line it prints fits a 120-column terminal (full detail is in results.json).
    const wide = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => [...l].length > 120);
    expect(wide).toEqual([]);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.complete).toBe(true);
    expect(results.seeds).toHaveLength(2);
    expect(Object.keys(results.seeds[0].conditions).sort()).toEqual([...CONDITIONS].sort());
    for (const p of ['pathways', 'curves', 'generations']) {
      expect(existsSync(path.join(out, `${p}.svg`))).toBe(true);
      expect(
        readFileSync(path.join(out, `${p}.png`))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    }
    expect(existsSync(path.join(out, 'checkpoint-seed-2'))).toBe(true);

    // --resume with a higher seed count runs only the missing seed.
    const resumed = run('--resume', out, '--seeds', '3');
    expect(resumed.status).toBe(0);
    const after = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(after.seeds.map((s: { seed: number }) => s.seed)).toEqual([1, 2, 3]);
    expect(after.seeds[0]).toEqual(results.seeds[0]);
  }, 180_000);
});

describe('phase-parallel schedule', () => {
  it('gives the same per-seed results with 3 worker threads (task B conditions at once) as with 1', () => {
    const tiny = [
      '--population',
      '4',
      '--steps',
      '2',
      '--max-generations',
      '4',
      '--threshold',
      '0.7',
      '--seeds',
      '2',
    ];
    const outs = [1, 3].map((workers) => {
      const out = mkdtempSync(path.join(tmpdir(), `binary-mnist-w${workers}-`));
      const r = run(...tiny, '--workers', String(workers), '--out', out);
      expect(r.status).toBe(0);
      return JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    });
    const strip = (seeds: Array<{ wallSeconds: number }>) =>
      seeds.map(({ wallSeconds: _, ...rest }) => rest);
    expect(outs[1].seeds).toHaveLength(2);
    expect(strip(outs[1].seeds)).toEqual(strip(outs[0].seeds));
    for (const seed of outs[1].seeds) {
      expect(Object.keys(seed.conditions)).toEqual([...CONDITIONS]);
    }
  }, 180_000);
});

describe('concurrent tournaments', () => {
  it("--concurrency 2 trains each tournament's two pathways at once and completes every condition", () => {
    const { out, r } = runIn(
      'binary-mnist-c2-',
      ...['--population', '4', '--steps', '3', '--max-generations', '5', '--threshold', '0.7'],
      ...['--workers', '1', '--concurrency', '2', '--protocol', 'interleaved'],
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/concurrency=2 \(hogwild\)/);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.config.concurrency).toBe(2);
    const seed = results.seeds[0];
    for (const phase of [seed.a, ...Object.values(seed.conditions)] as Array<{
      generations: number;
      curve: Array<[number, number]>;
    }>) {
      expect(phase.curve).toHaveLength(phase.generations);
      for (const [, fitness] of phase.curve) {
        expect(fitness).toBeGreaterThanOrEqual(0);
        expect(fitness).toBeLessThanOrEqual(1);
      }
    }
  }, 120_000);
});

describe('the app over @pathnet/experiments', () => {
  it('gives --quick at the former defaults (noise fresh per minibatch, lr 0.1, serial) the per-seed results recorded before the protocol moved into the package (fine-tune then is fine-tune-converged now)', () => {
    const recorded = JSON.parse(
      readFileSync(new URL('./fixtures/quick-seeds.json', import.meta.url), 'utf8'),
    ) as { seeds: Array<{ seed: number; taskA: number[]; taskB: number[] }> };
    const { out, r } = runIn(
      'binary-mnist-quick-',
      ...['--quick', '--noise-mode', 'fresh', '--learning-rate', '0.1', '--protocol', 'serial'],
      ...['--conditions', 'pathnet,independent,fine-tune-converged'],
    );
    expect(r.status).toBe(0);
    // the clean-test-image accuracy was not recorded then
    const results = JSON.parse(
      readFileSync(path.join(out, 'results.json'), 'utf8'),
      (key, value) => (key === 'cleanTestAccuracy' ? undefined : value),
    );
    const now = results.seeds.map(
      ({ wallSeconds: _, taskA, taskB, conditions, ...rest }: Record<string, unknown>) => ({
        ...rest,
        conditions: Object.fromEntries(
          Object.entries(conditions as object).map(([c, v]) => [
            c === 'fine-tune-converged' ? 'fine-tune' : c,
            v,
          ]),
        ),
        taskA: (taskA as { options: { digits: number[] } }).options.digits,
        taskB: (taskB as { options: { digits: number[] } }).options.digits,
      }),
    );
    expect(now).toEqual(recorded.seeds);
  }, 120_000);
});

describe('plugins from the command line', () => {
  const plugin = fileURLToPath(new URL('../../examples/corridor-plugin.mjs', import.meta.url));
  const corridor = [
    '--plugin',
    plugin,
    '--task-a',
    'corridor-policy',
    '--task-a-options',
    '{"goal":4}',
    '--task-b',
    'corridor-policy',
    '--task-b-options',
    '{"goal":2}',
    '--population',
    '4',
    '--steps',
    '3',
    '--max-generations',
    '6',
    '--threshold',
    '1',
  ];

  it("runs the example plugin's task (built on its environment) with its operator, in worker threads", () => {
    const out = mkdtempSync(path.join(tmpdir(), 'binary-mnist-plugin-'));
    // probability 0: the plugin's operator never changes a gene, so fine-tune-converged (every
    // member starting from A's best pathway) can only ever hold A's best pathway.
    const r = run(
      ...corridor,
      '--operator',
      'shift-mutation',
      '--operator-options',
      '{"probability":0}',
      '--workers',
      '2',
      '--out',
      out,
    );
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    const seed = results.seeds[0];
    expect(seed.taskA).toEqual({ id: 'corridor-policy', options: { goal: 4 } });
    expect(seed.taskB).toEqual({ id: 'corridor-policy', options: { goal: 2 } });
    expect(results.config.operator).toEqual({
      operator: 'shift-mutation',
      options: { probability: 0 },
    });
    expect(seed.conditions['fine-tune-converged'].bestPathway).toEqual(seed.a.bestPathway);
    expect(seed.conditions.pathnet.testAccuracy).toBeGreaterThan(0.5);
  }, 120_000);

  it('names a missing plugin file, an unknown task and an unknown operator, exiting with 2', () => {
    const missing = run('--plugin', './no-such-plugin.mjs');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--plugin \.\/no-such-plugin\.mjs: no such file/);
    const task = run('--plugin', plugin, '--task-a', 'corridor-polcy');
    expect(task.status).toBe(2);
    expect(task.stderr).toMatch(
      /unknown supervised task "corridor-polcy"\. Did you mean "corridor-policy"/,
    );
    const op = run(...corridor, '--operator', 'shift-mutaton');
    expect(op.status).toBe(2);
    expect(op.stderr).toMatch(/Did you mean "shift-mutation"/);
  }, 60_000);
});
