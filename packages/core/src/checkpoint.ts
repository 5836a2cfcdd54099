import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type CheckpointManifest,
  formatIssues,
  MANIFEST_FILE,
  manifestHash,
  manifestSchema,
  pathNetConfigSchema,
  type TensorEntry,
} from './checkpoint-manifest.js';
import { layerShapes, type PathNetConfig, validateConfig } from './config.js';
import { CheckpointError } from './errors.js';
import { acquireFolderLock } from './folder-lock.js';
import type { NetworkValues } from './pathnet.js';

/** Lock file of a checkpoint folder while a save runs (see {@link writeCheckpoint}). */
export const CHECKPOINT_LOCK_FILE = '.lock';
/** How long a save waits for another save into the same folder, in milliseconds. */
const SAVE_WAIT_MS = 60_000;
/** How often a read starts over when a concurrent save replaced the weights under it. */
const READ_RETRIES = 5;

interface Expected {
  name: string;
  shape: number[];
}

/** Expected tensor list (names and shapes) of a config and readouts, in file order. */
function expectedTensors(
  config: PathNetConfig,
  readouts: readonly { taskId: string; numClasses: number }[],
): Expected[] {
  const shapes = layerShapes(config);
  const out: Expected[] = [];
  config.layers.forEach((layer, l) => {
    const s = shapes[l]!;
    const m = layer.module;
    const kernel =
      m.kind === 'dense'
        ? [s.input.reduce((a, b) => a * b, 1), m.units]
        : [m.kernelSize, m.kernelSize, s.input[2]!, m.filters];
    const bias = [m.kind === 'dense' ? m.units : m.filters];
    for (let i = 0; i < config.modulesPerLayer; i++) {
      out.push({ name: `layers.${l}.modules.${i}.kernel`, shape: kernel });
      out.push({ name: `layers.${l}.modules.${i}.bias`, shape: bias });
    }
  });
  const last = shapes[shapes.length - 1]!.output.reduce((a, b) => a * b, 1);
  for (const r of readouts) {
    out.push({ name: `readouts.${r.taskId}.kernel`, shape: [last, r.numClasses] });
    out.push({ name: `readouts.${r.taskId}.bias`, shape: [r.numClasses] });
  }
  return out;
}

async function writeFileSynced(path: string, data: Uint8Array | string): Promise<void> {
  const fh = await open(path, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the renames still hold.
  }
}

/**
 * Writes network values to a folder, atomically: the weights go to
 * `weights-<sha256 prefix>.bin` (temp file, fsync, rename), then the manifest
 * `manifest.json` (temp file, fsync, rename) — the manifest rename is the commit point,
 * so a reader sees either the old checkpoint or the new one, never a mix. Weights files
 * no longer referenced and temporary files of interrupted saves are removed afterwards.
 *
 * Saves into one folder are serialised: each holds the folder's lock file
 * {@link CHECKPOINT_LOCK_FILE} (owner pid and start time; the lock of a killed process is
 * taken over) and waits up to 60 s for another save to finish.
 *
 * @throws CheckpointError if the values do not fit the manifest schema (e.g. a seed
 *   outside [−2^31, 2^32)), if another save holds the folder for longer than 60 s, or on
 *   I/O failure (the previous checkpoint in `dir`, if any, stays valid).
 */
export async function writeCheckpoint(dir: string, values: NetworkValues): Promise<void> {
  const { manifest, bytes } = encode(dir, values);
  const weightsFile = manifest.weights.file;
  try {
    await mkdir(dir, { recursive: true });
    const lock = await acquireFolderLock(join(dir, CHECKPOINT_LOCK_FILE), {
      waitMs: SAVE_WAIT_MS,
      purpose: 'checkpoint save',
    });
    try {
      const tmpWeights = join(dir, `${weightsFile}.tmp-${process.pid}`);
      await writeFileSynced(tmpWeights, bytes);
      await rename(tmpWeights, join(dir, weightsFile));
      const tmpManifest = join(dir, `${MANIFEST_FILE}.tmp-${process.pid}`);
      await writeFileSynced(tmpManifest, `${JSON.stringify(manifest, null, 2)}\n`);
      await rename(tmpManifest, join(dir, MANIFEST_FILE));
      await syncDir(dir);
      // Holding the lock, every other weights or temp file is a leftover.
      for (const f of await readdir(dir)) {
        const stale =
          (/^weights-[0-9a-f]+\.bin$/.test(f) && f !== weightsFile) ||
          /^(weights-[0-9a-f]+\.bin|manifest\.json)\.tmp-\d+$/.test(f);
        if (stale) await rm(join(dir, f), { force: true });
      }
    } finally {
      await lock.release();
    }
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    throw new CheckpointError(
      `save(${JSON.stringify(dir)}): could not write the checkpoint: ${(e as Error).message}`,
    );
  }
}

/** The manifest (with its hash) and the weights bytes of `values`. */
function encode(
  dir: string,
  values: NetworkValues,
): { manifest: CheckpointManifest; bytes: Uint8Array } {
  const expected = expectedTensors(values.config, values.readouts);
  const arrays: Float32Array[] = [];
  values.modules.forEach((row) => {
    for (const mod of row) arrays.push(...mod);
  });
  for (const r of values.readouts) arrays.push(...r.values);
  const tensors: TensorEntry[] = [];
  let offset = 0;
  expected.forEach((e, i) => {
    const byteLength = arrays[i]!.length * 4;
    tensors.push({
      name: e.name,
      shape: e.shape,
      dtype: 'float32',
      byteOffset: offset,
      byteLength,
    });
    offset += byteLength;
  });
  const bytes = new Uint8Array(offset);
  arrays.forEach((a, i) => {
    // Little-endian on every platform Node supports; Float32Array uses host order.
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), tensors[i]!.byteOffset);
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const body = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config: values.config,
    seed: values.seed,
    frozen: values.frozen.map((r) => [...r]),
    readouts: values.readouts.map((r) => ({ taskId: r.taskId, numClasses: r.numClasses })),
    weights: { file: `weights-${sha256.slice(0, 16)}.bin`, byteLength: bytes.length, sha256 },
    tensors,
  } as const;
  const parsed = manifestSchema.omit({ manifestSha256: true }).safeParse(body);
  if (!parsed.success) {
    throw new CheckpointError(
      `save(${JSON.stringify(dir)}): the network does not fit a checkpoint manifest: ${formatIssues(parsed.error, body)}`,
    );
  }
  const manifest = { ...parsed.data, manifestSha256: manifestHash(parsed.data) };
  return { manifest: manifest as CheckpointManifest, bytes };
}

function fail(dir: string, msg: string): never {
  throw new CheckpointError(`checkpoint ${JSON.stringify(dir)}: ${msg}`);
}

/** Options of {@link readCheckpoint} (and of `PathNet.load`). */
export interface ReadCheckpointOptions {
  /**
   * The config the caller expects; the checkpoint's config must equal it (every field,
   * `padding` absent and `'valid'` counted as different), else `CheckpointError` names
   * the first differing field.
   */
  readonly expect?: PathNetConfig;
}

/**
 * Reads and validates a checkpoint folder written by {@link writeCheckpoint}: the manifest
 * against its schema (every field's type and range, seed an integer in [−2^31, 2^32), one readout per
 * task) and its own SHA-256 (an edited field, e.g. a flipped `frozen` flag, is detected),
 * the config (and, with `options.expect`, that it equals the expected one), the frozen
 * set's shape, tensor names, shapes, dtypes and offsets against the config, the weights'
 * byte length and SHA-256, and that every weight is finite. A save into the same folder
 * while reading is tolerated: the read starts over with the new manifest.
 *
 * @throws CheckpointError naming the folder, the file, the field, what was found and
 *   what was expected.
 */
export async function readCheckpoint(
  dir: string,
  options: ReadCheckpointOptions = {},
): Promise<NetworkValues> {
  for (let attempt = 0; ; attempt++) {
    const { m, text } = await readManifest(dir, options);
    let buf: Buffer;
    try {
      buf = await readFile(join(dir, m.weights.file));
    } catch (e) {
      // A concurrent save committed a new manifest and removed our weights: start over.
      const again = await readFile(join(dir, MANIFEST_FILE), 'utf8').catch(() => text);
      if (again !== text && attempt < READ_RETRIES) continue;
      fail(dir, `cannot read ${m.weights.file}: ${(e as Error).message}`);
    }
    return decode(dir, m, buf);
  }
}

/** Reads, parses and checks `manifest.json` (everything but the weights file). */
async function readManifest(
  dir: string,
  options: ReadCheckpointOptions,
): Promise<{ m: CheckpointManifest; text: string }> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(
      dir,
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `no ${MANIFEST_FILE}: not a checkpoint folder`
        : `cannot read ${MANIFEST_FILE}: ${(e as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    fail(dir, `${MANIFEST_FILE} is not valid JSON: ${(e as Error).message}`);
  }
  const head = (raw ?? {}) as { format?: unknown; version?: unknown };
  if (typeof raw !== 'object' || raw === null || head.format !== CHECKPOINT_FORMAT) {
    fail(
      dir,
      `${MANIFEST_FILE}: field format: expected ${JSON.stringify(CHECKPOINT_FORMAT)}; got ${JSON.stringify(head.format)}`,
    );
  }
  if (head.version !== CHECKPOINT_VERSION) {
    fail(
      dir,
      `${MANIFEST_FILE}: field version: expected ${CHECKPOINT_VERSION}; got ${JSON.stringify(head.version)}`,
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) fail(dir, `${MANIFEST_FILE}: ${formatIssues(parsed.error, raw)}`);
  const m = parsed.data as CheckpointManifest;
  const hash = manifestHash(raw as object);
  if (hash !== m.manifestSha256) {
    fail(
      dir,
      `${MANIFEST_FILE}: field manifestSha256: the manifest was edited or corrupted; expected ${m.manifestSha256}, its fields hash to ${hash}`,
    );
  }
  try {
    validateConfig(m.config);
  } catch (e) {
    fail(dir, `${MANIFEST_FILE}: field config: ${(e as Error).message}`);
  }
  if (options.expect !== undefined) checkExpected(dir, m.config, options.expect);
  checkLayout(dir, m);
  return { m, text };
}
/** Fails unless `found` equals `expected`, naming the first differing field. */
function checkExpected(dir: string, found: PathNetConfig, expected: PathNetConfig): void {
  const want = pathNetConfigSchema.safeParse(expected);
  if (!want.success) {
    fail(dir, `options.expect is not a valid config: ${formatIssues(want.error, expected)}`);
  }
  const diff = firstDifference(found, want.data, 'config');
  if (diff !== undefined) {
    fail(
      dir,
      `${MANIFEST_FILE}: ${diff.path}: expected ${JSON.stringify(diff.expected)} (options.expect); got ${JSON.stringify(diff.found)}`,
    );
  }
}

function firstDifference(
  found: unknown,
  expected: unknown,
  path: string,
): { path: string; found: unknown; expected: unknown } | undefined {
  if (isDeepStrictEqual(found, expected)) return undefined;
  if (
    typeof found === 'object' &&
    typeof expected === 'object' &&
    found !== null &&
    expected !== null &&
    Array.isArray(found) === Array.isArray(expected) &&
    (!Array.isArray(found) || found.length === (expected as unknown[]).length)
  ) {
    const keys = new Set([...Object.keys(found), ...Object.keys(expected)]);
    for (const k of keys) {
      const sub = Array.isArray(found) ? `${path}[${k}]` : `${path}.${k}`;
      const d = firstDifference(
        (found as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        sub,
      );
      if (d !== undefined) return d;
    }
  }
  return { path, found, expected };
}

/** Frozen set shape and the tensor list against the config and readouts. */
function checkLayout(dir: string, m: CheckpointManifest): void {
  const L = m.config.layers.length;
  const M = m.config.modulesPerLayer;
  if (m.frozen.length !== L || m.frozen.some((r) => r.length !== M)) {
    fail(
      dir,
      `${MANIFEST_FILE}: field frozen: expected boolean[${L}][${M}] (layers × modules per layer); got [${m.frozen.map((r) => r.length).join(', ')}] per layer`,
    );
  }
  const expected = expectedTensors(m.config, m.readouts);
  if (m.tensors.length !== expected.length) {
    fail(
      dir,
      `${MANIFEST_FILE}: field tensors: expected ${expected.length} entries (2 per module and per readout); got ${m.tensors.length}`,
    );
  }
  let offset = 0;
  expected.forEach((e, i) => {
    const t = m.tensors[i]!;
    const where = `${MANIFEST_FILE}: field tensors[${i}]`;
    if (t.name !== e.name)
      fail(dir, `${where}.name: expected ${e.name}; got ${JSON.stringify(t.name)}`);
    if (t.shape.join(',') !== e.shape.join(',')) {
      fail(
        dir,
        `${where} (${e.name}): expected shape [${e.shape.join(', ')}]; got [${t.shape.join(', ')}]`,
      );
    }
    const len = e.shape.reduce((a, b) => a * b, 1) * 4;
    if (t.byteOffset !== offset || t.byteLength !== len) {
      fail(
        dir,
        `${where} (${e.name}): expected byteOffset ${offset} and byteLength ${len}; got ${t.byteOffset} and ${t.byteLength}`,
      );
    }
    offset += len;
  });
  if (m.weights.byteLength !== offset) {
    fail(
      dir,
      `${MANIFEST_FILE}: field weights.byteLength: expected ${offset} (from the tensor shapes); got ${m.weights.byteLength}`,
    );
  }
}

/** Checks the weights bytes (length, SHA-256, finite values) and splits them into tensors. */
function decode(dir: string, m: CheckpointManifest, buf: Buffer): NetworkValues {
  const L = m.config.layers.length;
  const M = m.config.modulesPerLayer;
  if (buf.length !== m.weights.byteLength) {
    fail(
      dir,
      `${m.weights.file}: expected ${m.weights.byteLength} bytes (from the tensor shapes); got ${buf.length} bytes on disk`,
    );
  }
  const sha = createHash('sha256').update(buf).digest('hex');
  if (sha !== m.weights.sha256) {
    fail(dir, `${m.weights.file}: SHA-256 mismatch; expected ${m.weights.sha256}; got ${sha}`);
  }
  const aligned = new Uint8Array(buf.length);
  aligned.set(buf);
  const arrays = m.tensors.map(
    (t) => new Float32Array(aligned.buffer, t.byteOffset, t.byteLength / 4),
  );
  arrays.forEach((a, i) => {
    const bad = a.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      fail(
        dir,
        `${m.weights.file}: tensor ${m.tensors[i]!.name} holds ${a[bad]} at index ${bad}; expected finite weights`,
      );
    }
  });
  let k = 0;
  const modules: Float32Array[][][] = [];
  for (let l = 0; l < L; l++) {
    const row: Float32Array[][] = [];
    for (let i = 0; i < M; i++) {
      row.push([arrays[k]!, arrays[k + 1]!]);
      k += 2;
    }
    modules.push(row);
  }
  const readouts = m.readouts.map((r) => {
    const values = [arrays[k]!, arrays[k + 1]!];
    k += 2;
    return { taskId: r.taskId, numClasses: r.numClasses, values };
  });
  return { config: m.config, seed: m.seed, frozen: m.frozen, modules, readouts };
}
