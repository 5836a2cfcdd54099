/**
 * A results folder owned by one run at a time: checked before anything is
 * written ({@link checkResultsFolder}), then claimed ({@link claimResultsFolder}):
 * created without `mkdir -p` (which spins forever under `/proc` in Node), locked
 * with a lock file holding the owner's pid and start time (`@pathnet/core`
 * `acquireFolderLock`: a killed run's lock is taken over, a live run's refused),
 * and given a scratch folder for temporary files, emptied on every start and
 * removed on exit.
 */
import { rmSync } from 'node:fs';
import { access, constants, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  acquireFolderLock,
  type FolderLock,
  FolderLockedError,
  isStale,
  type LockOwner,
} from '@pathnet/core';

/** Lock file of a results folder while a run writes it. */
export const RUN_LOCK_FILE = 'run.lock';
/** Scratch folder (temporary files: task A's grids) inside a results folder. */
export const SCRATCH_DIR = '.tmp';

/** How a run takes its results folder. */
export type FolderMode =
  /** a fresh run: the folder must be absent or empty */
  | 'new'
  /** continue the run whose `results.json` the folder holds */
  | 'resume'
  /** a fresh run; a non-empty folder is moved aside (renamed, not deleted) first */
  | 'force';

/** A results folder that cannot be used: a file, a device, a symlink loop, not writable, or held by earlier results. */
export class ResultsFolderError extends Error {
  override readonly name = 'ResultsFolderError';
  constructor(
    /** The folder as given. */
    readonly folder: string,
    /** What is wrong and what to do. */
    readonly detail: string,
  ) {
    super(`${folder}: ${detail}`);
  }
}

/** A file system error on `folder` in words (symlink loop, name too long, a file in the path…). */
function fsProblem(folder: string, e: unknown): ResultsFolderError {
  const code = (e as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ELOOP: 'too many levels of symbolic links (a symlink loop); expected a folder',
    ENAMETOOLONG: 'the name is too long for the file system',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EACCES: 'permission denied; expected a folder this user can write',
    EPERM: 'permission denied; expected a folder this user can write',
    EROFS: 'on a read-only file system',
    ENOENT: 'cannot be created there',
    ENOSPC: 'no space left on the device',
  };
  return new ResultsFolderError(
    folder,
    why[code ?? ''] ?? `cannot be used (${(e as Error).message})`,
  );
}

/** What a folder holds now: absent, empty, or entries. */
export type FolderState = 'absent' | 'empty' | 'not empty';

/**
 * Checks, writing nothing, that `folder` can be a results folder in `mode`: it is a
 * folder (or absent, with a writable folder as nearest existing parent), not a file or
 * device, not a symlink loop, writable, not held by a live run; in mode `new` absent or
 * empty.
 *
 * @param hint - what the user can do instead, for the `new` mode's message (e.g.
 *   `"continue it with --resume DIR or start over with --force"`).
 * @returns the folder's state.
 * @throws FolderLockedError (from `@pathnet/core`) if a live run holds the folder.
 * @throws ResultsFolderError saying what is wrong.
 */
export async function checkResultsFolder(
  folder: string,
  mode: FolderMode,
  hint = 'resume it or start over in a new folder',
): Promise<FolderState> {
  if (folder.trim() === '')
    throw new ResultsFolderError(JSON.stringify(folder), 'expected a folder name');
  let state: FolderState;
  try {
    const s = await stat(folder);
    if (!s.isDirectory()) {
      throw new ResultsFolderError(
        folder,
        s.isFile()
          ? 'is a file; expected a folder'
          : 'is a device or special file; expected a folder',
      );
    }
    await access(folder, constants.W_OK);
    // What a killed run leaves besides results (its lock, scratch folder, temp files) does not count.
    const entries = (await readdir(folder)).filter((f) => !isLeftover(f));
    if (entries.length === 0) await refuseLiveRun(folder);
    state = entries.length === 0 ? 'empty' : 'not empty';
  } catch (e) {
    if (e instanceof ResultsFolderError || e instanceof FolderLockedError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fsProblem(folder, e);
    await checkParent(folder);
    state = 'absent';
  }
  if (state === 'not empty') await refuseLiveRun(folder);
  if (mode === 'new' && state === 'not empty') {
    throw new ResultsFolderError(folder, `holds the results of an earlier run; ${hint}`);
  }
  return state;
}

/** Throws FolderLockedError if a live run holds `folder` (its lock file names a live owner). */
async function refuseLiveRun(folder: string): Promise<void> {
  const file = path.join(folder, RUN_LOCK_FILE);
  let owner: LockOwner | undefined;
  try {
    owner = JSON.parse(await readFile(file, 'utf8')) as LockOwner;
  } catch {
    return; // no lock, or one being written: claiming decides
  }
  if (!isStale(owner)) throw new FolderLockedError(file, owner);
}

/** A run's own transient entries: its lock, scratch folder and temporary results files. */
const isLeftover = (name: string) =>
  name === RUN_LOCK_FILE || name === SCRATCH_DIR || /^results\.json\.\d+$/.test(name);

/** The nearest existing ancestor of an absent folder must be a writable folder. */
async function checkParent(folder: string): Promise<void> {
  let dir = path.dirname(path.resolve(folder));
  for (;;) {
    try {
      const s = await stat(dir);
      if (!s.isDirectory()) throw new ResultsFolderError(folder, `${dir} is a file, not a folder`);
      await access(dir, constants.W_OK);
      return;
    } catch (e) {
      if (e instanceof ResultsFolderError) throw e;
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fsProblem(folder, e);
      const up = path.dirname(dir);
      if (up === dir) throw fsProblem(folder, e);
      dir = up;
    }
  }
}

/** Creates `folder` and its missing parents one by one (no recursive mkdir). */
async function makeFolder(folder: string): Promise<void> {
  const missing: string[] = [];
  let dir = path.resolve(folder);
  for (;;) {
    try {
      await stat(dir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fsProblem(folder, e);
      missing.unshift(dir);
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  for (const d of missing) {
    try {
      await mkdir(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fsProblem(folder, e);
    }
  }
}

/** A claimed results folder. */
export interface ResultsFolder {
  readonly folder: string;
  /** Where temporary files go (emptied now, removed by {@link ResultsFolder.release}). */
  readonly scratchDir: string;
  /** Where the earlier contents went in mode `force`, if anywhere. */
  readonly movedAside?: string;
  /** Removes the scratch folder and the lock. */
  release(): Promise<void>;
}

/**
 * Takes `folder` for one run (after {@link checkResultsFolder}): in mode `force` moves a
 * non-empty folder aside to `<folder>.replaced-<time>` (unless a live run holds it),
 * creates the folder, takes its lock {@link RUN_LOCK_FILE}, and empties its scratch
 * folder {@link SCRATCH_DIR} and the temporary files a killed run left behind. The lock
 * and the scratch folder are also removed when the process exits.
 *
 * @throws FolderLockedError (from `@pathnet/core`) if another live run holds the folder.
 * @throws ResultsFolderError as {@link checkResultsFolder}, or if a fresh run finds the
 *   folder filled meanwhile.
 */
export async function claimResultsFolder(
  folder: string,
  mode: FolderMode,
  hint?: string,
): Promise<ResultsFolder> {
  const state = await checkResultsFolder(folder, mode, hint);
  let movedAside: string | undefined;
  if (mode === 'force' && state === 'not empty') {
    // Refuse to move a folder a live run is writing.
    const probe = await acquireFolderLock(path.join(folder, RUN_LOCK_FILE));
    await probe.release();
    movedAside = `${folder.replace(/[/\\]+$/, '')}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(folder, movedAside).catch((e: unknown) => {
      throw fsProblem(folder, e);
    });
  }
  await makeFolder(folder);
  const lock: FolderLock = await acquireFolderLock(path.join(folder, RUN_LOCK_FILE), {
    purpose: 'a run writing its results',
  });
  const scratchDir = path.join(folder, SCRATCH_DIR);
  const onExit = () => {
    rmSync(scratchDir, { recursive: true, force: true });
    rmSync(lock.file, { force: true });
  };
  try {
    if (mode !== 'resume') {
      const others = (await readdir(folder)).filter((f) => !isLeftover(f));
      if (others.length > 0) {
        throw new ResultsFolderError(folder, 'was filled by another process meanwhile');
      }
    }
    await removeLeftovers(folder, scratchDir);
    await mkdir(scratchDir);
  } catch (e) {
    await lock.release();
    throw e instanceof ResultsFolderError || (e as Error).name === 'FolderLockedError'
      ? e
      : fsProblem(folder, e);
  }
  process.once('exit', onExit);
  return {
    folder,
    scratchDir,
    ...(movedAside !== undefined && { movedAside }),
    async release() {
      process.removeListener('exit', onExit);
      await rm(scratchDir, { recursive: true, force: true });
      await lock.release();
    },
  };
}

/** The scratch folder and `results.json.<n>` temporary files of an interrupted atomic write. */
async function removeLeftovers(folder: string, scratchDir: string): Promise<void> {
  await rm(scratchDir, { recursive: true, force: true });
  for (const f of await readdir(folder)) {
    if (/^results\.json\.\d+$/.test(f)) await rm(path.join(folder, f), { force: true });
  }
}
