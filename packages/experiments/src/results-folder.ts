/**
 * A results folder owned by one run at a time: checked before anything is
 * written ({@link checkResultsFolder}), then claimed ({@link claimResultsFolder}):
 * created without `mkdir -p` (which spins forever under `/proc` in Node), locked
 * with a lock file holding the owner's pid and start time (`@pathnet/core`
 * `acquireFolderLock`: a killed run's lock is taken over, a live run's refused),
 * and given a scratch folder for temporary files, emptied on every start and
 * removed on exit. A folder left by a run killed before its first record (its stale
 * lock, and at most a `results.json` without records) counts as empty: a fresh run
 * clears it without `--force` and says so.
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
import { resultsFolderHint } from './folder-flags.js';

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

/**
 * What a folder holds now: absent, empty (or only what a run killed before its
 * first record left: its stale lock, scratch files, a `results.json` without
 * records), or entries.
 */
export type FolderState = 'absent' | 'empty' | 'not empty';

/** What {@link examineFolder} found. */
interface FolderFindings {
  state: FolderState;
  /** The dead owner of the lock, where the folder is what a run killed before its first record left. */
  killedRun?: LockOwner;
}

/**
 * Checks, writing nothing, that `folder` can be a results folder in `mode`: it is a
 * folder (or absent, with a writable folder as nearest existing parent), not a file or
 * device, not a symlink loop, writable, not held by a live run; in mode `new` absent or
 * empty. A folder that only a run killed before its first record left behind (a lock
 * whose owner on this host is no longer alive, and no `results.json` or one without
 * records) is empty.
 *
 * @param hint - what the user can do instead, for the `new` mode's message about a folder
 *   holding a `results.json` (default `resultsFolderHint`: `--resume` or `--force`); a folder
 *   holding other files is said to be not empty, naming a few of them.
 * @returns the folder's state.
 * @throws FolderLockedError (from `@pathnet/core`) if a live run holds the folder.
 * @throws ResultsFolderError saying what is wrong.
 */
export async function checkResultsFolder(
  folder: string,
  mode: FolderMode,
  hint = resultsFolderHint(folder),
): Promise<FolderState> {
  return (await examineFolder(folder, mode, hint)).state;
}

/** {@link checkResultsFolder}, with the dead owner of a killed run's lock where there is one. */
async function examineFolder(
  folder: string,
  mode: FolderMode,
  hint: string,
): Promise<FolderFindings> {
  if (folder.trim() === '')
    throw new ResultsFolderError(JSON.stringify(folder), 'expected a folder name');
  let state: FolderState;
  let killedRun: LockOwner | undefined;
  let entries: string[] = [];
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
    entries = (await readdir(folder)).filter((f) => !isLeftover(f));
    killedRun = await killedBeforeFirstRecord(folder, entries);
    if (entries.length === 0) await refuseLiveRun(folder);
    state = entries.length === 0 || killedRun !== undefined ? 'empty' : 'not empty';
  } catch (e) {
    if (e instanceof ResultsFolderError || e instanceof FolderLockedError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fsProblem(folder, e);
    await checkParent(folder);
    state = 'absent';
  }
  if (state === 'not empty') await refuseLiveRun(folder);
  if (mode === 'new' && state === 'not empty') {
    if (entries.includes(RESULTS_FILE)) {
      throw new ResultsFolderError(folder, `holds the results of an earlier run; ${hint}`);
    }
    const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '');
    throw new ResultsFolderError(
      folder,
      `is not empty (it holds ${shown}, no results.json); give a new or empty folder, or --force to start here (its files are kept, renamed to <out>.replaced-<time>)`,
    );
  }
  return { state, ...(killedRun !== undefined && { killedRun }) };
}

/** The owner named by `folder`'s lock file; undefined if there is none (or it is being written). */
async function lockOwner(folder: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(path.join(folder, RUN_LOCK_FILE), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/** Throws FolderLockedError if a live run holds `folder` (its lock file names a live owner). */
async function refuseLiveRun(folder: string): Promise<void> {
  const owner = await lockOwner(folder);
  // No lock, or one being written: claiming decides.
  if (owner !== undefined && !isStale(owner)) {
    throw new FolderLockedError(path.join(folder, RUN_LOCK_FILE), owner);
  }
}

/** Whether the `results.json` in `folder` is a results file with no record yet (unreadable: no). */
async function holdsNoRecords(folder: string): Promise<boolean> {
  try {
    const results = JSON.parse(await readFile(path.join(folder, RESULTS_FILE), 'utf8')) as {
      seeds?: unknown;
    };
    return Array.isArray(results.seeds) && results.seeds.length === 0;
  } catch {
    return false;
  }
}

/**
 * The dead owner of `folder`'s lock if the folder is what a run killed before its first
 * record left: besides its leftovers, nothing or a `results.json` without records (a run
 * writes one before its first job); otherwise undefined.
 * @param entries - the folder's entries other than leftovers.
 */
async function killedBeforeFirstRecord(
  folder: string,
  entries: readonly string[],
): Promise<LockOwner | undefined> {
  const owner = await lockOwner(folder);
  if (owner === undefined || !isStale(owner)) return undefined;
  if (entries.length === 0) return owner;
  if (entries.length === 1 && entries[0] === RESULTS_FILE && (await holdsNoRecords(folder))) {
    return owner;
  }
  return undefined;
}

/** The results file of a folder (`resultsPath`). */
const RESULTS_FILE = 'results.json';

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
  /**
   * The dead owner of the stale lock cleared, where the folder was what a run killed
   * before its first record left (its `results.json` without records is removed too,
   * except in mode `resume`).
   */
  readonly clearedStaleLock?: LockOwner;
  /** Removes the scratch folder and the lock. */
  release(): Promise<void>;
}

/**
 * Takes `folder` for one run (after {@link checkResultsFolder}): in mode `force` moves a
 * non-empty folder aside to `<folder>.replaced-<time>` (unless a live run holds it),
 * creates the folder, takes its lock {@link RUN_LOCK_FILE}, and empties its scratch
 * folder {@link SCRATCH_DIR} and the temporary files a killed run left behind. The lock
 * and the scratch folder are also removed when the process exits. A folder a run killed
 * before its first record left is taken as empty: its stale lock is cleared (reported in
 * {@link ResultsFolder.clearedStaleLock}) and, except in mode `resume`, its `results.json`
 * without records is removed.
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
  const { state, killedRun } = await examineFolder(folder, mode, hint ?? resultsFolderHint(folder));
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
    // Under the lock now: the killed run's results.json without records goes.
    if (killedRun !== undefined && mode !== 'resume' && (await holdsNoRecords(folder))) {
      await rm(path.join(folder, RESULTS_FILE), { force: true });
    }
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
    ...(killedRun !== undefined && { clearedStaleLock: killedRun }),
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

/**
 * The line that tells where a run's pictures are: the folder once, then the file
 * names (PNG only, when `files` also holds their SVG twins), so the line stays
 * short however deep the folder is.
 * @param out - the results folder (`--out`).
 * @param files - the pictures written, as paths inside `out` or file names.
 * @returns e.g. `pictures in results/x: curves.png, pathways.png`.
 */
export function picturesLine(out: string, files: readonly string[]): string {
  const names = files.map((file) => path.basename(file));
  const png = names.filter((name) => name.endsWith('.png'));
  return `pictures in ${out}: ${(png.length > 0 ? png : names).join(', ')}`;
}
