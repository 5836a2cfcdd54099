/**
 * Fuzzing checkpoint loading: generated malformed folders (edited manifest fields,
 * with and without a recomputed hash, truncated or bit-flipped files) each give a
 * CheckpointError, or load exactly what the manifest says; no file is ever changed.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fc } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, manifestHash, PathNet } from '../index.js';
import { dense, grid } from './grids.js';

const config = grid([3], [dense(2), dense(2, 'mean')], 3, 2);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value inside `v` (the root excluded). */
function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return keys.flatMap((k) => {
    const p = [...prefix, k];
    return [p, ...paths((v as Record<string, Json>)[k]!, p)];
  });
}

/** `v` with the value at `path` replaced (or deleted when `value` is undefined). */
function edit(v: Json, path: (string | number)[], value: Json | undefined): Json {
  const copy = structuredClone(v);
  let parent = copy as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    parent[last] = value;
  }
  return copy;
}

/** A folder's files and contents, to check that a load changed nothing. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of (await readdir(dir)).sort()) {
    out.set(f, (await readFile(join(dir, f))).toString('base64'));
  }
  return out;
}

describe('fuzzed checkpoints: a CheckpointError or exactly what the manifest says, files untouched', () => {
  let base: string;
  let manifest: Json;
  let weights: { name: string; bytes: Buffer };
  const counts = { runs: 0, checkpointError: 0, loaded: 0 };

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'pathnet-ckpt-fuzz-'));
    const net = PathNet.create(config, { seed: 3 });
    net.addReadout('A', 2);
    net.freeze([[0, 1], [2]]);
    await net.save(base);
    net.dispose();
    manifest = JSON.parse(await readFile(join(base, 'manifest.json'), 'utf8'));
    const name = (await readdir(base)).find((f) => f.endsWith('.bin'))!;
    weights = { name, bytes: await readFile(join(base, name)) };
  });
  afterAll(async () => {
    console.log(
      `checkpoint fuzz: ${counts.runs} runs: ${counts.checkpointError} CheckpointError, ` +
        `${counts.loaded} loaded exactly what the manifest says`,
    );
    await rm(base, { recursive: true, force: true });
  });

  /** Writes one case, loads it, checks the law and that no file changed. */
  async function check(
    manifestBytes: string | Buffer,
    weightsBytes: Buffer,
  ): Promise<'error' | 'loaded'> {
    counts.runs++;
    const dir = await mkdtemp(join(tmpdir(), 'pathnet-ckpt-case-'));
    try {
      await writeFile(join(dir, 'manifest.json'), manifestBytes);
      await writeFile(join(dir, weights.name), weightsBytes);
      const before = await snapshot(dir);
      let loaded: PathNet | undefined;
      try {
        loaded = await PathNet.load(dir);
      } catch (e) {
        expect(e).toBeInstanceOf(CheckpointError);
        expect((e as Error).message).toMatch(/^checkpoint ".*": /);
        counts.checkpointError++;
      }
      if (loaded !== undefined) {
        counts.loaded++;
        const m = JSON.parse(manifestBytes.toString());
        expect(loaded.config).toEqual(m.config);
        expect(loaded.seed).toBe(m.seed);
        expect(loaded.frozenModules()).toEqual(m.frozen);
        expect(loaded.readoutIds()).toEqual(m.readouts.map((r: { taskId: string }) => r.taskId));
        loaded.dispose();
      }
      expect(await snapshot(dir)).toEqual(before);
      return loaded === undefined ? 'error' : 'loaded';
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  const arbEdit = () =>
    fc
      .record({
        path: fc.constantFrom(...paths(manifest)),
        value: fc.option(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { nil: undefined }),
        rehash: fc.boolean(),
      })
      .filter(({ path }) => path[0] !== 'manifestSha256');

  it('an edited manifest field (value replaced or removed, hash kept or recomputed)', async () => {
    await fc.assert(
      fc.asyncProperty(arbEdit(), async ({ path, value, rehash }) => {
        const edited = edit(manifest, path, value) as Record<string, Json>;
        if (rehash) edited.manifestSha256 = manifestHash(edited);
        const outcome = await check(JSON.stringify(edited), weights.bytes);
        // Without a recomputed hash, any real change is refused.
        if (!rehash && !isDeepStrictEqual(edited, manifest)) expect(outcome).toBe('error');
      }),
      { numRuns: 120 },
    );
  }, 60_000);

  it('a truncated or bit-flipped manifest or weights file', async () => {
    const text = JSON.stringify(manifest, null, 2);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('manifest', 'weights'),
        fc.oneof(
          fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
          fc.record({
            kind: fc.constant('flip' as const),
            at: fc.nat(),
            mask: fc.integer({ min: 1, max: 255 }),
          }),
        ),
        async (file, change) => {
          const original = file === 'manifest' ? Buffer.from(text) : weights.bytes;
          let bytes: Buffer;
          if (change.kind === 'truncate') {
            bytes = Buffer.from(original.subarray(0, change.at % original.length));
          } else {
            bytes = Buffer.from(original);
            const i = change.at % bytes.length;
            bytes[i] = bytes[i]! ^ change.mask;
          }
          const outcome = await check(
            file === 'manifest' ? bytes : text,
            file === 'weights' ? bytes : weights.bytes,
          );
          // Any change to the weights is refused (SHA-256).
          if (file === 'weights') expect(outcome).toBe('error');
        },
      ),
      { numRuns: 80 },
    );
  }, 60_000);
});
