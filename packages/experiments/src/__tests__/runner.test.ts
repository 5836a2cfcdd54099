import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fc, test } from '@fast-check/vitest';
// The built package: its worker threads run the built scripts.
import {
  decodeJson,
  type Executor,
  encodeJson,
  jobId,
  localExecutor,
  newResults,
  QueueUrlError,
  queueExecutor,
  runExperiment,
} from '@pathnet/experiments';
import { UnknownIdError } from '@pathnet/registry';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_PLUGIN, syntheticRun } from './workers.js';

const plugin = pathToFileURL(SYNTHETIC_PLUGIN).href;

beforeAll(async () => {
  await import(plugin);
});

describe('job descriptions', () => {
  const json = fc.jsonValue();
  test.prop([fc.dictionary(fc.string(), json)], { numRuns: 100 })(
    'the id depends on the content, not on the order of keys',
    (params) => {
      const reversed = Object.fromEntries(Object.entries(params).reverse());
      expect(jobId({ kind: 'k', params: reversed })).toBe(jobId({ kind: 'k', params }));
      expect(jobId({ kind: 'k', params })).toMatch(/^k-[0-9a-f]{32}$/);
    },
  );

  // JSON values whose numbers may be any double (±Infinity and NaN included; -0 is JSON's 0).
  const values = fc.anything({
    values: [
      fc.double().map((x) => (Object.is(x, -0) ? 0 : x)),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
    ],
    key: fc.string().filter((k) => k !== '__proto__'),
  });
  test.prop([values], { numRuns: 100 })(
    'encodeJson then decodeJson gives back every value, Infinity and NaN included',
    (value) => {
      expect(decodeJson(encodeJson(value))).toEqual(value);
    },
  );

  it('keeps non-finite numbers apart from null', () => {
    const value = { threshold: Number.POSITIVE_INFINITY, low: -Infinity, nan: Number.NaN, n: null };
    expect(decodeJson(encodeJson(value))).toEqual(value);
    expect(jobId({ kind: 'k', params: { t: Infinity } })).not.toBe(
      jobId({ kind: 'k', params: { t: null } }),
    );
  });
});

describe('the local executor', () => {
  it('gives the same records in 2 worker threads (plugin kind) as in this thread', async () => {
    const inline = await syntheticRun([3, 1, 2], undefined);
    const threads = await syntheticRun(
      [3, 1, 2],
      localExecutor({ workers: 2, backend: 'cpu', plugins: [plugin] }),
    );
    expect(inline.complete).toBe(true);
    expect(inline.seeds.map((r) => r.seed)).toEqual([3, 1, 2]);
    expect(inline.seeds[0]!.limit).toBe(Number.POSITIVE_INFINITY);
    expect(threads.seeds).toEqual(inline.seeds);
  }, 60_000);

  /** A run of `jobs` of `kind` into a fresh folder `runner-<name>-…`, with `executor` if given. */
  const runJobs = (name: string, kind: string, jobs: object[], executor?: Executor) =>
    runExperiment({
      out: mkdtempSync(path.join(tmpdir(), `runner-${name}-`)),
      results: newResults('x', {}),
      kind,
      jobs,
      summarise: () => 0,
      ...(executor && { executor }),
    });

  it('names an unregistered kind', async () => {
    await expect(runJobs('unknown', 'test/nope', [])).rejects.toThrow(UnknownIdError);
  });

  it('fails the run with the failing job’s error', async () => {
    const executor = localExecutor({ workers: 2, backend: 'cpu', plugins: [plugin] });
    await expect(
      runJobs('fail', 'test/synthetic', [{ seed: 1, ms: 1, fail: true }], executor),
    ).rejects.toThrow(/synthetic failure for seed 1/);
  }, 60_000);
});

describe('results folders', () => {
  it('a folder left by a run killed before its first record is reused, with a line saying its stale lock was cleared', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'runner-killed-'));
    // A pid that no longer exists: a process that has exited.
    const pid = spawnSync(process.execPath, ['-e', '0']).pid!;
    const startedAt = '2020-01-01T00:00:00.000Z';
    writeFileSync(
      path.join(out, 'run.lock'),
      JSON.stringify({ pid, hostname: hostname(), startedAt }),
    );
    writeFileSync(
      path.join(out, 'results.json'),
      JSON.stringify(newResults('test/synthetic@1', {})),
    );
    const lines: string[] = [];
    const results = await runExperiment({
      out,
      results: newResults('test/synthetic@1', {}),
      kind: 'test/synthetic',
      jobs: [{ seed: 1, ms: 1 }],
      summarise: (records) => records.length,
      mode: 'new',
      log: (line) => lines.push(line),
    });
    expect(lines).toEqual([
      `${out}: cleared the stale lock of a run killed before its first record (pid ${pid}, started ${startedAt}); the folder is reused`,
    ]);
    expect(results.complete).toBe(true);
    expect(readdirSync(out)).toEqual(['results.json']);
  }, 60_000);
});

describe('queue addresses', () => {
  it.each(['localhost:6379', 'http://127.0.0.1:6379', 'redis://'])(
    'refuses %s with a QueueUrlError before connecting',
    (url) => {
      expect(() => queueExecutor({ url })).toThrow(QueueUrlError);
    },
  );
});
