/**
 * Where user-provided data sets live: the `dataDir` option, else the
 * `PATHNET_DATA_DIR` environment variable.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetNotFoundError } from './errors.js';

/** Name of the environment variable read when no `dataDir` option is given. */
export const DATA_DIR_ENV = 'PATHNET_DATA_DIR';

/**
 * The data folder: `dataDir` if given, else `$PATHNET_DATA_DIR`.
 * @throws {DatasetNotFoundError} if neither is set, with `hint` on what to download.
 */
export function resolveDataDir(dataset: string, dataDir: string | undefined, hint: string): string {
  const dir = dataDir ?? process.env[DATA_DIR_ENV];
  if (dir === undefined || dir === '') {
    throw new DatasetNotFoundError(
      dataset,
      [],
      `No data folder: pass the option "dataDir" or set ${DATA_DIR_ENV}. ${hint}`,
    );
  }
  return dir;
}

/**
 * The first of `folders` that holds `probe`.
 * @throws {DatasetNotFoundError} listing `folder/probe` for each folder tried.
 */
export function findFolder(
  dataset: string,
  folders: readonly string[],
  probe: string,
  hint: string,
): string {
  const tried = folders.map((f) => join(f, probe));
  const i = tried.findIndex((p) => existsSync(p));
  const found = folders[i];
  if (found === undefined) throw new DatasetNotFoundError(dataset, tried, hint);
  return found;
}
