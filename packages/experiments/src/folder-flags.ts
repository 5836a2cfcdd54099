/**
 * The apps' `--force` flag beside `--resume`: its help, the hint of the message about
 * an `--out` folder that holds earlier results, and the folder mode the two flags
 * choose (see `claimResultsFolder`: `force` renames such a folder aside, never deletes
 * it, and refuses while a live run holds it).
 */
import type { FolderMode } from './results-folder.js';

/** Help of the `--force` flag. */
export const FORCE_FLAG_HELP =
  'start over in an --out folder that holds earlier results (they are kept, renamed to <out>.replaced-<time>)';

/** `--resume` and `--force` given together: bad input (the apps exit with 2). */
export class FolderFlagsError extends Error {
  override readonly name = 'FolderFlagsError';
}

/**
 * What the user can do about an `--out` folder that holds earlier results: the hint of
 * the fresh run's message (`checkResultsFolder`, `runExperiment`'s `folderHint`).
 * @param out - the `--out` folder as given.
 */
export const resultsFolderHint = (out: string): string =>
  `continue it with --resume ${out}, or start over with --force (the earlier results are kept, renamed)`;

/**
 * The folder mode that `--resume` and `--force` choose: `resume`, `force`, else `new`.
 * @throws FolderFlagsError naming both flags if both are given.
 */
export function folderModeOf(flags: { resume?: string; force?: boolean }): FolderMode {
  if (flags.resume !== undefined && flags.force) {
    throw new FolderFlagsError(
      '--resume continues a run and --force starts one over: give one of them',
    );
  }
  if (flags.resume !== undefined) return 'resume';
  return flags.force ? 'force' : 'new';
}
