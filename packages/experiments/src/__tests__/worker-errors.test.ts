import { Worker } from 'node:worker_threads';
import { CheckpointError, FolderLockedError } from '@pathnet/core';
import { DataFormatError, DataReadError, TaskOptionError } from '@pathnet/envs';
import { describe, expect, it } from 'vitest';
import { ResultsFolderError } from '../results-folder.js';
import { reviveError, type SerializedError, serializeError } from '../worker-errors.js';

/** Errors built the same way on both threads (`make` runs in the worker as source text). */
const cases: [string, () => Error][] = [
  [
    'new envs.DataFormatError("/d/train-images", "truncated: 3 bytes")',
    () => new DataFormatError('/d/train-images', 'truncated: 3 bytes'),
  ],
  [
    'new envs.DataReadError("/d/t10k", "EISDIR", "is a folder; expected a data file")',
    () => new DataReadError('/d/t10k', 'EISDIR', 'is a folder; expected a data file'),
  ],
  [
    'new envs.TaskOptionError("digits", [3, 3], "two different digits")',
    () => new TaskOptionError('digits', [3, 3], 'two different digits'),
  ],
  [
    'new core.CheckpointError("checkpoint \\"c\\": no manifest.json")',
    () => new CheckpointError('checkpoint "c": no manifest.json'),
  ],
  [
    'new core.FolderLockedError("/r/run.lock", { pid: 7, hostname: "h", startedAt: "t" })',
    () => new FolderLockedError('/r/run.lock', { pid: 7, hostname: 'h', startedAt: 't' }),
  ],
  [
    'new experiments.ResultsFolderError("/dev/null", "is a device")',
    () => new ResultsFolderError('/dev/null', 'is a device'),
  ],
];

/** Throws each case in a worker thread and returns what it posted. */
function thrownInWorker(sources: string[]): Promise<SerializedError[]> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    (async () => {
      const core = await import('@pathnet/core');
      const envs = await import('@pathnet/envs');
      const experiments = await import('@pathnet/experiments');
      const out = [];
      for (const source of workerData) {
        try { throw eval(source); } catch (e) { out.push(experiments.serializeError(e)); }
      }
      parentPort.postMessage(out);
    })();`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: sources });
    worker.once('message', (m: SerializedError[]) => {
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', reject);
  });
}

describe('errors thrown in a worker thread', () => {
  it('come back with their class, fields and message, as thrown on this thread', {
    timeout: 60_000,
  }, async () => {
    const posted = await thrownInWorker(cases.map(([source]) => source));
    posted.forEach((data, i) => {
      const here = cases[i]![1]();
      const back = reviveError(data);
      expect(back).toBeInstanceOf(here.constructor);
      expect(back.name).toBe(here.name);
      expect(back.message).toBe(here.message);
      expect(String(back)).toBe(String(here));
      expect({ ...back }).toEqual({ ...here });
    });
  });

  it('an error of a class no package exports keeps its name, message and code', () => {
    const e = Object.assign(new RangeError('too far'), { code: 'E_FAR', where: [1, 2] });
    const back = reviveError(structuredClone(serializeError(e)));
    expect(back).toBeInstanceOf(Error);
    expect(back.name).toBe('RangeError');
    expect(back.message).toBe('too far');
    expect(back).toMatchObject({ code: 'E_FAR', where: [1, 2] });
    expect(reviveError(serializeError('a string')).message).toBe('a string');
  });
});
