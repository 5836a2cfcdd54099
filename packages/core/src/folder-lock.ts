/**
 * An exclusive lock on a folder, held by one process at a time: a lock file
 * holding the owner's pid, host name and start time, created atomically
 * (written to a temporary file, then hard-linked to its name: the link
 * fails if a lock exists, so a lock file is never seen half-written).
 *
 * A lock whose owner is gone is stale: same host and no process with that pid
 * (a process killed with `kill -9` never releases its lock). A stale lock is
 * taken over at once. A lock from another host is never taken over: the
 * error names it, to be removed by hand once that process is known to be gone.
 */
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { FolderLockedError, type LockOwner } from './errors.js';

/** Options of {@link acquireFolderLock}. */
export interface AcquireLockOptions {
  /**
   * How long to wait for a live owner to release the lock, in milliseconds; default 0
   * (fail at once). Waiting polls every 20–100 ms.
   */
  readonly waitMs?: number;
  /** What the lock is for, stored in the lock file and shown to a second process. */
  readonly purpose?: string;
}

/** A held lock; {@link FolderLock.release} removes its file. */
export interface FolderLock {
  /** Path of the lock file. */
  readonly file: string;
  /** The owner record written to the file. */
  readonly owner: LockOwner;
  /** Removes the lock file (only if it is still this lock's). Idempotent. */
  release(): Promise<void>;
}

/** Start time of this process (ISO 8601), as stored in its lock files. */
const processStart = new Date(Date.now() - process.uptime() * 1000).toISOString();

/** Whether a process with this pid exists on this host (`kill(pid, 0)`; EPERM means it exists). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner> | null;
    if (
      o !== null &&
      typeof o === 'object' &&
      typeof o.pid === 'number' &&
      typeof o.hostname === 'string' &&
      typeof o.startedAt === 'string'
    ) {
      return {
        pid: o.pid,
        hostname: o.hostname,
        startedAt: o.startedAt,
        ...(typeof o.purpose === 'string' ? { purpose: o.purpose } : {}),
      };
    }
  } catch {
    // unreadable: handled by the caller as a foreign lock
  }
  return undefined;
}

/** Whether a lock owner is gone: same host, no such process. Unknown owners are not stale. */
export function isStale(owner: LockOwner | undefined): boolean {
  return owner !== undefined && owner.hostname === hostname() && !processAlive(owner.pid);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the lock file `file` (its folder must exist), waiting up to `waitMs` for a
 * live owner; a stale lock (see {@link isStale}) is taken over.
 *
 * @throws FolderLockedError naming the lock file and its owner (pid, host, start time)
 *   if another live process holds it after `waitMs`.
 * @throws the file system's error if the folder cannot be written.
 */
export async function acquireFolderLock(
  file: string,
  options: AcquireLockOptions = {},
): Promise<FolderLock> {
  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: processStart,
    ...(options.purpose !== undefined ? { purpose: options.purpose } : {}),
  };
  const text = `${JSON.stringify(owner)}\n`;
  const deadline = Date.now() + (options.waitMs ?? 0);
  const tmp = join(
    dirname(file),
    `${basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  await writeFile(tmp, text);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(tmp, file);
        return makeLock(file, owner, text);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const seen = await readFile(file, 'utf8').catch(() => undefined);
      if (seen === undefined) continue; // released meanwhile: try again at once
      const current = parseOwner(seen);
      if (isStale(current)) {
        await breakStaleLock(file, seen);
        continue;
      }
      if (Date.now() >= deadline) throw new FolderLockedError(file, current);
      await sleep(Math.min(100, 20 + 10 * attempt));
    }
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * Moves a stale lock aside and removes it. If another process replaced the lock
 * between our read and the move, its lock is put back (link fails only if yet another
 * lock was taken meanwhile, which then stands).
 */
async function breakStaleLock(file: string, staleText: string): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = await readFile(aside, 'utf8').catch(() => staleText);
  if (moved !== staleText) await link(aside, file).catch(() => undefined);
  await rm(aside, { force: true });
}

function makeLock(file: string, owner: LockOwner, text: string): FolderLock {
  let released = false;
  return {
    file,
    owner,
    async release() {
      if (released) return;
      released = true;
      const current = await readFile(file, 'utf8').catch(() => undefined);
      if (current === text) await rm(file, { force: true });
    },
  };
}
