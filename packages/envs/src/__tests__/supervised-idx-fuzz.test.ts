/**
 * Fuzzing the IDX reader: generated malformed files (random bytes, damaged headers,
 * truncations, bit flips, wrong dimensions, folders) each give a named error
 * (DataFormatError, DataReadError, LabelRangeError) and leave every file as it was.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import {
  clearDatasetCache,
  DataFormatError,
  DataReadError,
  DatasetNotFoundError,
  loadMnist,
} from '../index.js';
import { idxBytes, patternImages, tempDir } from './supervised-fixtures.js';

const FILES = [
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
] as const;

/** A valid tiny MNIST folder's four files (2 train, 1 test image of 28×28). */
function validFiles(): Record<(typeof FILES)[number], Uint8Array> {
  return {
    'train-images-idx3-ubyte': idxBytes([2, 28, 28], patternImages(2, 784)),
    'train-labels-idx1-ubyte': idxBytes([2], new Uint8Array([3, 7])),
    't10k-images-idx3-ubyte': idxBytes([1, 28, 28], patternImages(1, 784)),
    't10k-labels-idx1-ubyte': idxBytes([1], new Uint8Array([9])),
  };
}

/** Every file's bytes under `dir` (folders listed as such). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    out[f.name] = f.isDirectory() ? '<folder>' : readFileSync(join(dir, f.name)).toString('base64');
  }
  return out;
}

type Damage =
  | { kind: 'random'; bytes: Uint8Array }
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'dims'; dims: number[] }
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'folder' };

const arbDamage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.nat({ max: 31 }),
    mask: fc.integer({ min: 1, max: 255 }),
  }),
  // Header dimensions of the same total size as the original, or any small ones.
  fc.record({
    kind: fc.constant('dims' as const),
    dims: fc.oneof(
      fc.constantFrom<number[]>([2, 14, 56], [2, 56, 14], [4, 28, 14], [1, 784, 2], [2, 784]),
      fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 4 }),
    ),
  }),
  fc.record({
    kind: fc.constant('append' as const),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('folder' as const) }),
);

function damaged(original: Uint8Array, d: Damage): Uint8Array | 'folder' {
  switch (d.kind) {
    case 'random':
      return d.bytes;
    case 'truncate':
      return original.subarray(0, d.at % original.length);
    case 'flip': {
      const out = Uint8Array.from(original);
      out[d.at % out.length]! ^= d.mask;
      return out;
    }
    case 'dims':
      return idxBytes(d.dims, original.subarray(4 + 4 * (original[3] ?? 0)));
    case 'append':
      return Uint8Array.from([...original, ...d.bytes]);
    case 'folder':
      return 'folder';
  }
}

describe('fuzzed MNIST folders: a named error, every file left as it was', () => {
  const counts: Record<string, number> = {};
  const roots: string[] = [];
  afterAll(() => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(
      `IDX fuzz: ${total} runs: ${Object.entries(counts)
        .sort()
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}`,
    );
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  it('one damaged file of four', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FILES), arbDamage, async (file, damage) => {
        const dir = tempDir('pathnet-idx-fuzz-');
        roots.push(dir);
        const files = validFiles();
        for (const f of FILES) writeFileSync(join(dir, f), files[f]);
        const bytes = damaged(files[file], damage);
        rmSync(join(dir, file));
        if (bytes === 'folder') mkdirSync(join(dir, file));
        else writeFileSync(join(dir, file), bytes);
        const before = snapshot(dir);
        clearDatasetCache();
        const outcome = await loadMnist(dir).then(
          (d) => d,
          (e: unknown) => e as Error,
        );
        expect(snapshot(dir)).toEqual(before);
        if (outcome instanceof Error) {
          expect(
            [DataFormatError, DataReadError, DatasetNotFoundError].some(
              (c) => outcome instanceof c,
            ),
          ).toBe(true);
          expect(outcome.message).toContain(dir);
          counts[outcome.name] = (counts[outcome.name] ?? 0) + 1;
        } else {
          // Only a change that keeps the file valid may load: 28×28 images, labels 0..9.
          expect(outcome.train.shape).toEqual([28, 28, 1]);
          expect(outcome.test.shape).toEqual([28, 28, 1]);
          counts['loaded (still valid)'] = (counts['loaded (still valid)'] ?? 0) + 1;
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
