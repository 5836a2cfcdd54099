import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { FolderLockedError } from '@pathnet/core';
import { describe, expect, it } from 'vitest';
import {
  checkResultsFolder,
  claimResultsFolder,
  picturesLine,
  ResultsFolderError,
  RUN_LOCK_FILE,
  SCRATCH_DIR,
} from '../results-folder.js';

const base = () => mkdtempSync(path.join(tmpdir(), 'experiments-folder-'));
/** A file `f` in `d`. */
const aFile = (d: string) => {
  writeFileSync(path.join(d, 'f'), 'x');
  return path.join(d, 'f');
};
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('results folders', () => {
  it('a fresh run refuses a folder holding earlier results and writes nothing', async () => {
    const dir = base();
    writeFileSync(path.join(dir, 'results.json'), '{}');
    await expect(claimResultsFolder(dir, 'new', 'use --resume')).rejects.toThrow(
      new ResultsFolderError(dir, 'holds the results of an earlier run; use --resume'),
    );
    expect(readdirSync(dir)).toEqual(['results.json']);
  });

  it('a fresh run calls a folder of other files not empty, naming them (not earlier results), and suggests --force', async () => {
    const dir = base();
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    await expect(checkResultsFolder(dir, 'new')).rejects.toThrow(
      /is not empty \(it holds notes\.txt, no results\.json\); give a new or empty folder, or --force/,
    );
    // A folder of earlier results gets the apps' hint by default: --resume or --force.
    writeFileSync(path.join(dir, 'results.json'), '{}');
    await expect(checkResultsFolder(dir, 'new')).rejects.toThrow(
      /holds the results of an earlier run; continue it with --resume .*, or start over with --force/,
    );
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'results.json']);
  });

  it('force keeps the earlier results aside, renamed, and starts in an empty folder', async () => {
    const dir = path.join(base(), 'R');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'results.json'), 'old');
    const folder = await claimResultsFolder(dir, 'force');
    expect(folder.movedAside).toMatch(/R\.replaced-\d{4}-/);
    expect(readFileSync(path.join(folder.movedAside!, 'results.json'), 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual([SCRATCH_DIR, RUN_LOCK_FILE].sort());
    await folder.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('one run at a time: a live owner is refused, a killed one is taken over with its leftovers', async () => {
    const dir = base();
    const first = await claimResultsFolder(dir, 'new');
    await expect(claimResultsFolder(dir, 'resume')).rejects.toThrow(FolderLockedError);
    await first.release();
    // What kill -9 leaves: a lock of a dead process, a scratch folder, a temp results file.
    const stale = { pid: deadPid(), hostname: hostname(), startedAt: '2020-01-01T00:00:00.000Z' };
    writeFileSync(path.join(dir, RUN_LOCK_FILE), JSON.stringify(stale));
    mkdirSync(path.join(dir, SCRATCH_DIR, 'task-a-x'), { recursive: true });
    writeFileSync(path.join(dir, 'results.json.123456'), 'partial');
    writeFileSync(path.join(dir, 'results.json'), '{}');
    const again = await claimResultsFolder(dir, 'resume');
    expect(readdirSync(path.join(dir, SCRATCH_DIR))).toEqual([]);
    expect(existsSync(path.join(dir, 'results.json.123456'))).toBe(false);
    await again.release();
    expect(readdirSync(dir)).toEqual(['results.json']);
  });

  describe('a folder left by a run killed before its first record', () => {
    /** What kill -9 before the first record leaves: a lock of a dead pid, a scratch folder, maybe a results.json without records. */
    const killedRun = (results?: object) => {
      const dir = base();
      const stale = { pid: deadPid(), hostname: hostname(), startedAt: '2020-01-01T00:00:00.000Z' };
      writeFileSync(path.join(dir, RUN_LOCK_FILE), JSON.stringify(stale));
      mkdirSync(path.join(dir, SCRATCH_DIR));
      if (results) writeFileSync(path.join(dir, 'results.json'), JSON.stringify(results));
      return { dir, stale };
    };

    it.each([
      ['its results.json without records', { format: 'x', seeds: [] }],
      ['no results.json', undefined],
    ])(
      'with %s is reused by a fresh run, which reports the stale lock cleared',
      async (_, results) => {
        const { dir, stale } = killedRun(results);
        expect(await checkResultsFolder(dir, 'new')).toBe('empty');
        const folder = await claimResultsFolder(dir, 'new');
        expect(folder.clearedStaleLock).toEqual(stale);
        expect(readdirSync(dir).sort()).toEqual([SCRATCH_DIR, RUN_LOCK_FILE].sort());
        expect(JSON.parse(readFileSync(path.join(dir, RUN_LOCK_FILE), 'utf8')).pid).toBe(
          process.pid,
        );
        await folder.release();
        expect(readdirSync(dir)).toEqual([]);
      },
    );

    it('keeps its results.json without records when resumed', async () => {
      const { dir } = killedRun({ format: 'x', seeds: [] });
      const folder = await claimResultsFolder(dir, 'resume');
      expect(folder.clearedStaleLock).toBeDefined();
      await folder.release();
      expect(readdirSync(dir)).toEqual(['results.json']);
    });

    it.each([
      ['records', JSON.stringify({ format: 'x', seeds: [{ seed: 1 }] })],
      ['an unreadable results.json', '{"seeds": ['],
    ])('is refused, as before, when it holds %s', async (_, text) => {
      const { dir } = killedRun();
      writeFileSync(path.join(dir, 'results.json'), text);
      await expect(claimResultsFolder(dir, 'new', 'use --resume')).rejects.toThrow(
        new ResultsFolderError(dir, 'holds the results of an earlier run; use --resume'),
      );
      expect(readFileSync(path.join(dir, 'results.json'), 'utf8')).toBe(text);
    });

    it('is not this case when the lock names a live run, or there is no lock', async () => {
      const live = base();
      const owner = {
        pid: process.pid,
        hostname: hostname(),
        startedAt: '2020-01-01T00:00:00.000Z',
      };
      writeFileSync(path.join(live, RUN_LOCK_FILE), JSON.stringify(owner));
      writeFileSync(path.join(live, 'results.json'), JSON.stringify({ seeds: [] }));
      await expect(checkResultsFolder(live, 'new')).rejects.toThrow(FolderLockedError);
      const unlocked = base();
      writeFileSync(path.join(unlocked, 'results.json'), JSON.stringify({ seeds: [] }));
      await expect(checkResultsFolder(unlocked, 'new')).rejects.toThrow(ResultsFolderError);
    });
  });

  it.each([
    ['a file', (d: string) => aFile(d), /is a file; expected a folder/],
    ['/dev/null', () => '/dev/null', /is a device or special file/],
    [
      'a file inside the path',
      (d: string) => path.join(aFile(d), 'sub'),
      /is a file, not a folder|a part of the path is a file/,
    ],
    [
      'a symlink loop',
      (d: string) => {
        symlinkSync(path.join(d, 'b'), path.join(d, 'a'));
        symlinkSync(path.join(d, 'a'), path.join(d, 'b'));
        return path.join(d, 'a');
      },
      /symlink loop/,
    ],
    ['a too long name', (d: string) => path.join(d, 'x'.repeat(300)), /name is too long/],
    ['an empty name', () => '', /expected a folder name/],
  ])('%s is a ResultsFolderError', async (_, make, message) => {
    const d = base();
    const folder = make(d);
    const before = readdirSync(d).sort();
    await expect(checkResultsFolder(folder, 'new')).rejects.toThrow(ResultsFolderError);
    await expect(claimResultsFolder(folder, 'new')).rejects.toThrow(message);
    expect(readdirSync(d).sort()).toEqual(before);
  });

  it.skipIf(!existsSync('/proc/self'))(
    'a folder under /proc fails at once instead of spinning',
    { timeout: 10_000 },
    async () => {
      await expect(claimResultsFolder('/proc/pathnet-results', 'new')).rejects.toThrow(
        ResultsFolderError,
      );
    },
  );
});

describe('picturesLine', () => {
  it('names the folder once and the PNG files by name, leaving out their SVG twins', () => {
    const out = path.join('results', 'deep', 'folder');
    expect(
      picturesLine(out, [path.join(out, 'curves.svg'), path.join(out, 'curves.png'), 'bars.png']),
    ).toBe(`pictures in ${out}: curves.png, bars.png`);
  });
  it('lists every file when none is a PNG', () => {
    expect(picturesLine('out', ['out/a.svg', 'out/b.svg'])).toBe('pictures in out: a.svg, b.svg');
  });
});
