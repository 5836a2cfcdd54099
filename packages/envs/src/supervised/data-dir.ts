/**
 * Where user-provided data sets live: the `dataDir` option, else the
 * `PATHNET_DATA_DIR` environment variable.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetNotFoundError } from './errors.js';
import { isFileSystemError, isNotFound, readError } from './idx.js';

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

/** The folder of a data set found by {@link datasetFiles}, and a reader of its files. */
export interface DatasetFiles {
  /** The folder holding the files. */
  readonly dir: string;
  /**
   * Reads file `name` of {@link DatasetFiles.dir} and parses it with `parse`.
   * @throws {DatasetNotFoundError} if the file is missing, with the data set's hint.
   * @throws {DataReadError} on another file-system failure; what `parse` throws, as thrown.
   */
  read<T>(name: string, parse: (bytes: Buffer, path: string) => T): Promise<T>;
}

/**
 * The files of `dataset` in the user's data folder ({@link resolveDataDir}):
 * its subfolder `subfolder` if that holds `probe`, else the data folder
 * itself. `hint(root)` says what to download and where (`root` the data
 * folder, absent while it is unknown).
 * @throws {DatasetNotFoundError} if no data folder is set or neither folder holds `probe`.
 */
export function datasetFiles(
  dataset: string,
  dataDir: string | undefined,
  subfolder: string,
  probe: string,
  hint: (root?: string) => string,
): DatasetFiles {
  const root = resolveDataDir(dataset, dataDir, hint());
  const dir = findFolder(dataset, [join(root, subfolder), root], probe, hint(root));
  return {
    dir,
    async read(name, parse) {
      const path = join(dir, name);
      try {
        return parse(await readFile(path), path);
      } catch (e) {
        if (isNotFound(e)) throw new DatasetNotFoundError(dataset, [path], hint(root));
        throw isFileSystemError(e) ? readError(path, e) : e;
      }
    },
  };
}
