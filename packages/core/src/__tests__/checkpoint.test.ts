import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKPOINT_LOCK_FILE, CheckpointError, manifestHash, PathNet } from '../index.js';
import { dense, grid } from './grids.js';

const small = grid([4], [dense(3), dense(2, 'mean')], 4, 2);

describe('bad checkpoints throw CheckpointError naming the file and field', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pathnet-ckpt-'));
    const net = PathNet.create(small, { seed: 1 });
    net.addReadout('A', 2);
    await net.save(dir);
    net.dispose();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const manifest = async () => JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  const weightsFile = async () => (await readdir(dir)).find((f) => f.endsWith('.bin'))!;
  /** Writes an edited manifest with its hash recomputed, to reach the checks behind the hash. */
  const rewrite = async (m: Record<string, unknown>) => {
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify({ ...m, manifestSha256: manifestHash(m) }),
    );
  };
  const rejects = (re: RegExp, options = {}) =>
    expect(PathNet.load(dir, options)).rejects.toThrow(
      expect.objectContaining({ name: 'CheckpointError', message: expect.stringMatching(re) }),
    );

  it('a missing folder', async () => {
    await expect(PathNet.load(join(dir, 'nope'))).rejects.toThrow(
      /no manifest\.json: not a checkpoint folder/,
    );
  });

  it('a wrong format version', async () => {
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify({ ...(await manifest()), version: 99 }),
    );
    await rejects(/manifest\.json: field version: expected 2; got 99/);
  });

  it("a flipped frozen flag is caught by the manifest's own hash", async () => {
    const m = await manifest();
    m.frozen[0][1] = !m.frozen[0][1];
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(m));
    await rejects(/field manifestSha256: the manifest was edited or corrupted/);
  });

  it.each([
    ['"abc"', 'abc'],
    ['null', null],
    ['-2^31 - 1', -(2 ** 31) - 1],
    ['2^32', 2 ** 32],
    ['1e308', 1e308],
    ['1.5', 1.5],
  ])('seed %s', async (_, seed) => {
    await rewrite({ ...(await manifest()), seed });
    await rejects(/field seed: .*\(got /);
  });

  it('tensors[3] = null', async () => {
    const m = await manifest();
    m.tensors[3] = null;
    await rewrite(m);
    await rejects(/field tensors\[3\]: Invalid input: expected object, received null/);
  });

  it('a duplicated readout', async () => {
    const m = await manifest();
    m.readouts.push(m.readouts[0]);
    m.tensors.push(...m.tensors.slice(-2));
    await rewrite(m);
    await rejects(/field readouts\[1\]\.taskId: duplicate task id "A" \(also readouts\[0\]\)/);
  });

  it('a wrong tensor shape', async () => {
    const m = await manifest();
    m.tensors[0].shape = [4, 4];
    await rewrite(m);
    await rejects(
      /field tensors\[0\] \(layers\.0\.modules\.0\.kernel\): expected shape \[4, 3\]; got \[4, 4\]/,
    );
  });

  it('a wrong dtype', async () => {
    const m = await manifest();
    m.tensors[1].dtype = 'int32';
    await rewrite(m);
    await rejects(/field tensors\[1\]\.dtype: Invalid input: expected "float32" \(got "int32"\)/);
  });

  it('truncated weights', async () => {
    const f = join(dir, await weightsFile());
    const bytes = await readFile(f);
    await writeFile(f, bytes.subarray(0, bytes.length - 4));
    await rejects(
      new RegExp(`expected ${bytes.length} bytes .*; got ${bytes.length - 4} bytes on disk`),
    );
  });

  it('corrupted weights (same length)', async () => {
    const f = join(dir, await weightsFile());
    const bytes = await readFile(f);
    bytes[0] = (bytes[0]! + 1) % 256;
    await writeFile(f, bytes);
    await rejects(/SHA-256 mismatch/);
  });

  it('NaN and Inf weights are rejected even when the checksums match', async () => {
    const m = await manifest();
    const f = join(dir, await weightsFile());
    const bytes = new Uint8Array(await readFile(f));
    new Float32Array(bytes.buffer, m.tensors[2].byteOffset, 1)[0] = Number.NaN;
    const { createHash } = await import('node:crypto');
    m.weights.sha256 = createHash('sha256').update(bytes).digest('hex');
    await writeFile(f, bytes);
    await rewrite(m);
    await rejects(
      /tensor layers\.0\.modules\.1\.kernel holds NaN at index 0; expected finite weights/,
    );
  });

  it('load({ expect }) fails on a config mismatch, naming the field', async () => {
    const other = { ...small, modulesPerLayer: 5 };
    await rejects(/config\.modulesPerLayer: expected 5 \(options\.expect\); got 4/, {
      expect: other,
    });
    const net = await PathNet.load(dir, { expect: small });
    expect(net.config).toEqual(small);
    net.dispose();
  });

  it('a save that cannot write throws CheckpointError and leaves the previous checkpoint loadable', async () => {
    const blocker = join(dir, 'not-a-folder');
    await writeFile(blocker, 'x');
    const net = PathNet.create(small, { seed: 2 });
    await expect(net.save(join(blocker, 'ckpt'))).rejects.toThrow(CheckpointError);
    net.dispose();
    const loaded = await PathNet.load(dir);
    expect(loaded.seed).toBe(1);
    loaded.dispose();
  });

  it('a seed outside [-2^31, 2^32) cannot be saved', async () => {
    const net = PathNet.create(small, { seed: 2 ** 32 });
    await expect(net.save(join(dir, 'big'))).rejects.toThrow(/field seed: .*\(got 4294967296\)/);
    net.dispose();
  });

  it('saving again over a checkpoint leaves one manifest, one weights file, no lock and no temp files', async () => {
    await writeFile(join(dir, 'manifest.json.tmp-999999'), 'left by a killed save');
    const net = PathNet.create(small, { seed: 2 });
    await net.save(dir);
    net.dispose();
    const files = (await readdir(dir)).sort();
    expect(files.length).toBe(2);
    expect(files[0]).toBe('manifest.json');
    expect(files[1]).toMatch(/^weights-[0-9a-f]{16}\.bin$/);
    const loaded = await PathNet.load(dir);
    expect(loaded.seed).toBe(2);
    loaded.dispose();
  });
});

describe('concurrent saves into one folder', () => {
  it('two processes saving and loading at once: every load succeeds and sees one of the two networks', {
    timeout: 60_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pathnet-ckpt-race-'));
    const index = new URL('../../dist/index.js', import.meta.url).pathname;
    // Each process alternates saves of its own network (seed 1 or 2) with loads.
    const script = `
        import { PathNet } from ${JSON.stringify(index)};
        const [dir, seed] = process.argv.slice(1);
        const config = ${JSON.stringify(small)};
        const net = PathNet.create(config, { seed: Number(seed) });
        net.addReadout('A', 2);
        let failed = 0, loads = 0;
        for (let i = 0; i < 30; i++) {
          await net.save(dir);
          try { const n = await PathNet.load(dir); if (n.seed !== 1 && n.seed !== 2) failed++; n.dispose(); }
          catch (e) { failed++; console.error(e.message); }
          loads++;
        }
        console.log(JSON.stringify({ loads, failed }));`;
    const run = promisify(execFile);
    const out = await Promise.all(
      [1, 2].map((seed) =>
        run(process.execPath, ['--input-type=module', '-e', script, dir, String(seed)]),
      ),
    );
    const counts = out.map((o) => JSON.parse(o.stdout) as { loads: number; failed: number });
    expect(counts).toEqual([
      { loads: 30, failed: 0 },
      { loads: 30, failed: 0 },
    ]);
    const files = (await readdir(dir)).sort();
    expect(files).not.toContain(CHECKPOINT_LOCK_FILE);
    expect(files.filter((f) => f.endsWith('.bin')).length).toBe(1);
    await rm(dir, { recursive: true, force: true });
  });
});
