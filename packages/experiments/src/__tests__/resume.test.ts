import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  ignoredOnResume,
  newResults,
  type ResumableConfig,
  ResumeError,
  resumedSettings,
  saveResults,
} from '../results.js';

const FORMAT = 'test/resume@1';
type Config = ResumableConfig & { lr: number };

/** A results folder of a run with `seeds` seeds, records for seeds 1 and 2 done. */
async function folder(config: Partial<Config> = {}): Promise<string> {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'resume-')), 'run');
  mkdirSync(dir);
  const results = newResults<Config, unknown, { seed: number }>(FORMAT, {
    seeds: 3,
    seed: 1,
    out: dir,
    lr: 0.1,
    ...config,
  });
  results.seeds.push({ seed: 1 }, { seed: 2 });
  await saveResults(dir, results);
  return dir;
}

/** The command line `args` parsed by a program with --resume, --seeds, --lr and --dashboard. */
function program(args: string[]): Command {
  const p = new Command()
    .option('--resume <dir>')
    .option('--seeds <K>', 'seeds', Number, 3)
    .option('--lr <x>', 'learning rate', Number, 0.1)
    .option('--dashboard');
  return p.parse(args, { from: 'user' });
}

const checkLr = (o: Config) => {
  if (!(o.lr > 0)) throw new Error(`--lr must be > 0, got ${o.lr}`);
  return o;
};

describe('resumedSettings', () => {
  it('keeps the recorded settings, with out set to the folder, and says which given flags it ignores', async () => {
    const dir = await folder();
    const lines: string[] = [];
    const p = program(['--resume', dir, '--lr', '0.5', '--dashboard']);
    const { options, results } = await resumedSettings<Config>({
      dir,
      format: FORMAT,
      program: p,
      kept: ['--dashboard'],
      log: (line) => lines.push(line),
      validate: checkLr,
    });
    expect(options).toEqual({ seeds: 3, seed: 1, out: dir, lr: 0.1 });
    expect(results.seeds).toHaveLength(2);
    expect(lines).toEqual([
      `--resume keeps the settings of ${path.join(dir, 'results.json')}; ignoring --lr`,
    ]);
  });

  it('takes --seeds from the command line, but never below a seed already recorded', async () => {
    const dir = await folder();
    const more = await resumedSettings<Config>({
      dir,
      format: FORMAT,
      program: program(['--resume', dir, '--seeds', '5']),
      seeds: 5,
      log: () => {},
      validate: checkLr,
    });
    expect(more.options.seeds).toBe(5);
    const lines: string[] = [];
    const fewer = await resumedSettings<Config>({
      dir,
      format: FORMAT,
      program: program(['--resume', dir, '--seeds', '1']),
      seeds: 1,
      log: (line) => lines.push(line),
      validate: checkLr,
    });
    expect(fewer.options.seeds).toBe(2);
    expect(lines).toEqual(['--seeds 1 would drop seeds already done; keeping 2']);
  });

  it('refuses recorded settings that do not pass the checks, naming the file', async () => {
    const dir = await folder({ lr: -1 });
    await expect(
      resumedSettings<Config>({
        dir,
        format: FORMAT,
        program: program(['--resume', dir]),
        log: () => {},
        validate: checkLr,
      }),
    ).rejects.toThrow(
      new ResumeError(
        `--resume ${dir}: the settings stored in ${path.join(dir, 'results.json')} do not fit together: --lr must be > 0, got -1`,
      ),
    );
  });
});

describe('ignoredOnResume', () => {
  it('names only the given flags that do not act on a resumed run', () => {
    const dir = path.join('some', 'run');
    expect(ignoredOnResume(program(['--resume', dir, '--seeds', '4']), dir)).toBeNull();
    expect(
      ignoredOnResume(program(['--resume', dir, '--dashboard']), dir, ['--dashboard']),
    ).toBeNull();
    expect(ignoredOnResume(program(['--resume', dir, '--lr', '1', '--dashboard']), dir)).toBe(
      `--resume keeps the settings of ${path.join(dir, 'results.json')}; ignoring --lr, --dashboard`,
    );
  });
});
