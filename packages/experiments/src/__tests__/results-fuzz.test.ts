/**
 * Fuzzing `results.json` on resume: generated malformed files (a field replaced by any
 * JSON value or removed, a record duplicated, the text truncated) each give a
 * ResumeError naming the file, or load exactly as written; the file is never changed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fc } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { loadResults, ResumeError } from '../results.js';
import { seedRecordSchema } from '../results-schema.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const FORMAT = 'test/results@1';
const phase = (g: number) => ({
  generations: g,
  solved: g < 5,
  testAccuracy: 0.97,
  bestPathway: [
    [0, 1],
    [2, 3],
  ],
  curve: Array.from({ length: g }, (_, i) => [i + 1, 0.5 + i / 20]),
});
const record = (seed: number) => ({
  seed,
  taskA: { id: 'mnist-binary', options: { digits: [0, 1], noise: 0.5 } },
  taskB: { id: 'mnist-binary', options: { digits: [2, 3], noise: 0.5 } },
  a: phase(3),
  conditions: {
    pathnet: { ...phase(4), reusedModules: 2, taskATestAccuracyAfter: 0.97 },
    independent: { ...phase(5), reusedModules: null, taskATestAccuracyAfter: null },
  },
  wallSeconds: 1.5,
});
const valid: Json = {
  format: FORMAT,
  complete: true,
  config: { seeds: 2, population: 4 },
  versions: { runtime: 'node 20', packages: {} },
  backend: { active: 'wasm' },
  seeds: [record(1), record(2)],
  summary: null,
  wallSeconds: 3,
  elapsedSeconds: 2,
};

function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return keys.flatMap((k) => [
    [...prefix, k],
    ...paths((v as Record<string, Json>)[k]!, [...prefix, k]),
  ]);
}

function edit(v: Json, at: (string | number)[], value: Json | undefined): Json {
  const copy = structuredClone(v);
  let parent = copy as Record<string | number, Json>;
  for (const k of at.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = at.at(-1)!;
  if (value !== undefined) parent[last] = value;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}

describe('fuzzed results.json on resume', () => {
  const dirs: string[] = [];
  const counts = { runs: 0, resumeError: 0, loaded: 0 };
  afterAll(() => {
    console.log(
      `results fuzz: ${counts.runs} runs: ${counts.resumeError} ResumeError, ${counts.loaded} loaded as written`,
    );
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const arbText = fc.oneof(
    fc
      .record({
        at: fc.constantFrom(...paths(valid)),
        value: fc.option(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { nil: undefined }),
      })
      .map(({ at, value }) => JSON.stringify(edit(valid, at, value))),
    fc.nat(2).map((i) => {
      const v = structuredClone(valid) as { seeds: Json[] };
      v.seeds.push(v.seeds[i % 2]!);
      return JSON.stringify(v);
    }),
    fc.nat().map((n) => {
      const text = JSON.stringify(valid, null, 2);
      return text.slice(0, n % text.length);
    }),
  );

  it('a named error or the file as written, and the file unchanged', {
    timeout: 60_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(arbText, async (text) => {
        counts.runs++;
        const dir = mkdtempSync(path.join(tmpdir(), 'experiments-fuzz-'));
        dirs.push(dir);
        const file = path.join(dir, 'results.json');
        writeFileSync(file, text);
        try {
          const loaded = await loadResults(dir, FORMAT, '--resume', {
            record: seedRecordSchema,
            key: (r: { seed: number }) => String(r.seed),
          });
          expect(loaded).toEqual(JSON.parse(text));
          counts.loaded++;
        } catch (e) {
          expect(e).toBeInstanceOf(ResumeError);
          expect((e as Error).message).toContain(file);
          counts.resumeError++;
        }
        expect(readFileSync(file, 'utf8')).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});
