import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RERUN_AS_PROMISED, refusalTests, rerunIntoSameOut } from '@pathnet/experiments/testing';
import { describe, expect, it } from 'vitest';
// The envs package's writers of files in the real CIFAR-10 and SVHN formats.
import {
  cifarBytes,
  writeSvhnMat,
} from '../../../../packages/envs/src/__tests__/supervised-fixtures.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 170_000 });

/** Small files with the real names and formats: CIFAR-10 binary batches and SVHN `.mat` (v5). */
function generatedData(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cifar-svhn-data-'));
  const labels = (n: number, shift: number) =>
    Array.from({ length: n }, (_, i) => (i + shift) % 10);
  for (let i = 1; i <= 5; i++)
    writeFileSync(path.join(dir, `data_batch_${i}.bin`), cifarBytes(labels(20, i)));
  writeFileSync(path.join(dir, 'test_batch.bin'), cifarBytes(labels(20, 0)));
  // SVHN labels are 1..10, 10 standing for the digit 0.
  writeSvhnMat(
    path.join(dir, 'train_32x32.mat'),
    labels(60, 0).map((d) => d + 1),
  );
  writeSvhnMat(
    path.join(dir, 'test_32x32.mat'),
    labels(20, 3).map((d) => d + 1),
    { compress: true },
  );
  return dir;
}

describe('cifar-svhn on generated files in the real formats', () => {
  it('runs both directions for the fixed budget and reports B per condition beside the paper', () => {
    const data = generatedData();
    const out = mkdtempSync(path.join(tmpdir(), 'cifar-svhn-out-'));
    const r = run(
      ...['--data-dir', data, '--out', out],
      ...['--quick', '--generations', '3', '--workers', '2'],
    );
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/cifar10→svhn .*B: pathnet .*35\.7%/);
    expect(r.stdout).toMatch(/svhn→cifar10 .*B: independent .*35\.3%/);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.complete).toBe(true);
    expect(
      results.seeds.map((s: { setting: string; seed: number }) => `${s.setting} ${s.seed}`),
    ).toEqual(['cifar10→svhn 1', 'svhn→cifar10 1', 'cifar10→svhn 2', 'svhn→cifar10 2']);
    for (const seed of results.seeds) {
      // A fixed budget: every task runs exactly the generations given, none "solves".
      for (const phase of [seed.a, ...Object.values(seed.conditions)] as Array<{
        generations: number;
        solved: boolean;
      }>) {
        expect(phase.generations).toBe(3);
        expect(phase.solved).toBe(false);
      }
    }
  }, 180_000);

  it('a second run into the same --out exits with 2 naming --resume and --force (so does --force with --resume); with --force it runs and keeps the earlier results renamed aside', () => {
    const tiny = [
      ...['--data-dir', generatedData(), '--quick', '--generations', '1', '--seeds', '1'],
      ...['--conditions', 'pathnet', '--workers', '1'],
    ];
    const r = rerunIntoSameOut(run, tiny);
    expect(r, r.stderr).toMatchObject(RERUN_AS_PROMISED);
  }, 120_000);

  it('names the missing file and where to put it, exiting with 2', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'cifar-svhn-empty-'));
    mkdirSync(path.join(empty, 'unrelated'));
    const r = run('--data-dir', empty, '--quick');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/CIFAR-10 files not found \(looked for: .*data_batch_1\.bin/);
    expect(r.stderr).toMatch(/cifar-10-binary\.tar\.gz|cs\.toronto\.edu/);
  }, 60_000);

  it('a resumed results.json whose records do not fit its settings exits with 2 naming the record, the file unchanged', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'cifar-svhn-resume-'));
    const tiny = ['--data-dir', generatedData(), '--quick', '--generations', '1', '--seeds', '1'];
    const first = run(...tiny, '--conditions', 'pathnet', '--workers', '1', '--out', out);
    expect(first.status, first.stderr).toBe(0);
    const file = path.join(out, 'results.json');
    const results = JSON.parse(readFileSync(file, 'utf8'));
    const edits: Array<[(r: { seeds: Array<Record<string, unknown>> }) => void, RegExp]> = [
      // A third record for one seed and two directions: seed 99 is not a job of the settings.
      [
        (r) => r.seeds.push({ ...r.seeds[0], seed: 99 }),
        /record 3 \(cifar10→svhn seed 99\) is not one of the 2 jobs/,
      ],
      // A record without its condition would count as finished.
      [
        (r) => Object.assign(r.seeds[0]!, { conditions: {} }),
        /record 1 \(cifar10→svhn seed 1\) does not fit the settings: it lacks the condition pathnet/,
      ],
    ];
    for (const [edit, message] of edits) {
      const changed = structuredClone(results);
      edit(changed);
      const text = `${JSON.stringify(changed, null, 2)}\n`;
      writeFileSync(file, text);
      const r = run('--resume', out);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
  }, 120_000);
});

describe('cifar-svhn on bad command lines', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--backend', 'foo'], /unknown backend "foo"/],
    [['--backend', ''], /--backend expects a backend name, got ""/],
    [['--engine', 'foo'], /--engine must be auto, fused or tfjs, got "foo"/],
    [['--conditions', 'pathnet,pathnet'], /--conditions names "pathnet" twice/],
    [['--operator-options', '{bad json'], /--operator-options expects a JSON object/],
    [['--operator-options', '{}'], /--operator-options goes with --operator/],
    [['--workers', '1e9'], /--workers must be an integer in \[1, \d+\] \(each worker thread needs/],
    [
      ['--units', '1e9'],
      /--units must be an integer in \[1, \d+\] \(a module of U units holds U² weights/,
    ],
    [['--protocol', 'random'], /--protocol must be serial or interleaved, got "random"/],
    [
      ['--seed', '2147483647', '--seeds', '2'],
      /the last seed 2147483648 must be at most 2147483647/,
    ],
    [['--data-dir', '/nonexistent/data'], /CIFAR-10 files not found/],
  ];
  refusalTests(it, cli, cases, { before: ['--quick'] });
});
