import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DashboardHub } from './hub.js';
import type { SeedRecordLike } from './supervised.js';
import { seedColumns, seedEvents } from './supervised.js';

/** A results folder that cannot be shown; the message names the folder and what is wrong. */
export class ResultsFolderViewError extends Error {
  override name = 'ResultsFolderViewError';
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A hub holding a finished run from its results folder: grid and conditions from
 * `results.json` `config`, every seed's curves, best pathways and row, and the folder's
 * `.svg` pictures (transfer heatmaps and the like).
 * @throws {ResultsFolderViewError} if the folder has no readable `results.json` or it lacks
 *   `config` or `seeds`.
 */
export async function hubFromResultsFolder(dir: string): Promise<DashboardHub> {
  const file = path.join(dir, 'results.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ResultsFolderViewError(
      code === 'ENOENT'
        ? `${dir} is not a results folder: it has no results.json`
        : `cannot read ${file}: ${(error as Error).message}`,
    );
  }
  let results: unknown;
  try {
    results = JSON.parse(text);
  } catch (error) {
    throw new ResultsFolderViewError(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(results) || !isObject(results.config) || !Array.isArray(results.seeds)) {
    throw new ResultsFolderViewError(`${file} has no config and seeds: not a results file`);
  }
  const config = results.config;
  const conditions = Array.isArray(config.conditions)
    ? config.conditions.filter((c): c is string => typeof c === 'string')
    : [];
  const hub = new DashboardHub(`${String(results.format ?? 'results')} · ${dir}`, 'finished');
  const shape = [config.layers, config.modules, config.active];
  const pictures = (await readdir(dir)).filter((name) => name.endsWith('.svg')).sort();
  hub.describe({
    ...(shape.every((n) => typeof n === 'number') && {
      grid: {
        layers: config.layers as number,
        modules: config.modules as number,
        active: config.active as number,
      },
    }),
    columns: seedColumns(conditions),
    pictures,
  });
  for (const record of results.seeds as SeedRecordLike[]) {
    if (!isObject(record) || !isObject(record.a) || !isObject(record.conditions)) {
      throw new ResultsFolderViewError(`${file}: a seed record has no a and conditions`);
    }
    for (const event of seedEvents(record, conditions, true)) hub.publish(event);
  }
  hub.publish({ type: 'finished', at: Date.now() });
  return hub;
}
