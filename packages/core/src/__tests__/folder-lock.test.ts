import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFolderLock, FolderLockedError } from '../index.js';

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('acquireFolderLock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pathnet-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the owner (pid, host, start time) and removes the file on release', async () => {
    const lock = await acquireFolderLock(join(dir, 'run.lock'), { purpose: 'test' });
    const owner = JSON.parse(await readFile(join(dir, 'run.lock'), 'utf8'));
    expect(owner).toEqual({
      pid: process.pid,
      hostname: hostname(),
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      purpose: 'test',
    });
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a live owner: FolderLockedError naming the file and the owner', async () => {
    const lock = await acquireFolderLock(join(dir, 'run.lock'), { purpose: 'first' });
    const second = acquireFolderLock(join(dir, 'run.lock'), { waitMs: 50 });
    await expect(second).rejects.toThrow(FolderLockedError);
    await expect(second).rejects.toThrow(
      new RegExp(`run\\.lock: locked by process ${process.pid} on .*, started .* \\(first\\)`),
    );
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a stale lock (its process is gone) is taken over', async () => {
    const stale = { pid: deadPid(), hostname: hostname(), startedAt: '2020-01-01T00:00:00.000Z' };
    await writeFile(join(dir, 'run.lock'), JSON.stringify(stale));
    const lock = await acquireFolderLock(join(dir, 'run.lock'));
    expect(JSON.parse(await readFile(join(dir, 'run.lock'), 'utf8')).pid).toBe(process.pid);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a lock from another host is never taken over', async () => {
    const other = { pid: deadPid(), hostname: `${hostname()}-other`, startedAt: 'x' };
    await writeFile(join(dir, 'run.lock'), JSON.stringify(other));
    await expect(acquireFolderLock(join(dir, 'run.lock'))).rejects.toThrow(
      /remove the lock file if that process is gone/,
    );
    expect(await readdir(dir)).toEqual(['run.lock']);
  });
});
