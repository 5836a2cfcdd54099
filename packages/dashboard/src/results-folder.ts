import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTINUAL_COLUMNS, continualEvents, isContinualRecord } from './continual.js';
import { DashboardHub } from './hub.js';
import type { SeedRecordLike } from './supervised.js';
import { seedColumns, seedEvents } from './supervised.js';

/** A results folder that cannot be shown; the message names the folder and what is wrong. */
export class ResultsFolderViewError extends Error {
  override name = 'ResultsFolderViewError';
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether a record is a transfer seed's (task A, then task B per condition). */
const isSeedRecord = (record: unknown): record is SeedRecordLike =>
  isObject(record) && isObject(record.a) && isObject(record.conditions);

/**
 * A hub holding a finished run from its results folder: grid and conditions from
 * `results.json` `config`, every seed's curves, best pathways and row, and the folder's
 * `.svg` pictures (transfer heatmaps, a continual run's accuracy matrix R, …). Records of
 * supervised transfer (task A, then B per condition) and of continual learning (per method:
 * R, ACC/BWT/FWT and each task's pathway) are read.
 * @throws {ResultsFolderViewError} if the folder has no readable `results.json`, it lacks
 *   `config` or `seeds`, or a record is of neither kind.
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
    columns: results.seeds.some(isContinualRecord) ? CONTINUAL_COLUMNS : seedColumns(conditions),
    pictures,
  });
  for (const record of results.seeds as unknown[]) {
    if (isContinualRecord(record)) {
      for (const event of continualEvents(record)) hub.publish(event);
    } else if (isSeedRecord(record)) {
      for (const event of seedEvents(record, conditions, true)) hub.publish(event);
    } else {
      throw new ResultsFolderViewError(
        `${file}: a record is neither a transfer seed (a, conditions) nor a continual run (method, accuracy)`,
      );
    }
  }
  hub.publish({ type: 'finished', at: Date.now() });
  return hub;
}
