import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { layerShapes, type PathNetConfig, validateConfig } from './config.js';
import { CheckpointError } from './errors.js';
import type { NetworkValues } from './pathnet.js';

/** Format name written to every manifest. */
export const CHECKPOINT_FORMAT = 'pathnet-ts/checkpoint';
/** Version of the checkpoint format this package writes and reads. */
export const CHECKPOINT_VERSION = 1;
/** File name of the manifest inside a checkpoint folder. */
export const MANIFEST_FILE = 'manifest.json';

/** One tensor's entry in the manifest. */
export interface TensorEntry {
  /** e.g. `layers.0.modules.3.kernel`, `readouts.A.bias`. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32';
  /** Offset in the weights file, in bytes. */
  readonly byteOffset: number;
  /** Length in the weights file, in bytes (= 4 · prod(shape)). */
  readonly byteLength: number;
}

/** The JSON manifest of a checkpoint folder. */
export interface CheckpointManifest {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: number;
  readonly config: PathNetConfig;
  readonly seed: number;
  /** boolean[L][M]. */
  readonly frozen: boolean[][];
  readonly readouts: { readonly taskId: string; readonly numClasses: number }[];
  readonly weights: {
    /** File name inside the folder. */
    readonly file: string;
    readonly byteLength: number;
    /** Hex SHA-256 of the weights file. */
    readonly sha256: string;
  };
  readonly tensors: TensorEntry[];
}

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
 * no longer referenced are removed afterwards.
 *
 * @throws CheckpointError on I/O failure.
 */
export async function writeCheckpoint(dir: string, values: NetworkValues): Promise<void> {
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
  const weightsFile = `weights-${sha256.slice(0, 16)}.bin`;
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config: values.config,
    seed: values.seed,
    frozen: values.frozen.map((r) => [...r]),
    readouts: values.readouts.map((r) => ({ taskId: r.taskId, numClasses: r.numClasses })),
    weights: { file: weightsFile, byteLength: bytes.length, sha256 },
    tensors,
  };
  try {
    await mkdir(dir, { recursive: true });
    const tmpWeights = join(dir, `${weightsFile}.tmp-${process.pid}`);
    await writeFileSynced(tmpWeights, bytes);
    await rename(tmpWeights, join(dir, weightsFile));
    const tmpManifest = join(dir, `${MANIFEST_FILE}.tmp-${process.pid}`);
    await writeFileSynced(tmpManifest, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(tmpManifest, join(dir, MANIFEST_FILE));
    await syncDir(dir);
    for (const f of await readdir(dir)) {
      if (/^weights-[0-9a-f]+\.bin$/.test(f) && f !== weightsFile) await rm(join(dir, f));
    }
  } catch (e) {
    throw new CheckpointError(
      `save(${JSON.stringify(dir)}): could not write the checkpoint: ${(e as Error).message}`,
    );
  }
}

function fail(dir: string, msg: string): never {
  throw new CheckpointError(`checkpoint ${JSON.stringify(dir)}: ${msg}`);
}

/**
 * Reads and validates a checkpoint folder written by {@link writeCheckpoint}: format
 * name and version, config, frozen set shape, tensor names, shapes, dtypes and offsets
 * against the config, weights byte length and SHA-256.
 *
 * @throws CheckpointError saying what was found and what was expected.
 */
export async function readCheckpoint(dir: string): Promise<NetworkValues> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (e) {
    fail(dir, `cannot read ${MANIFEST_FILE}: ${(e as Error).message}`);
  }
  let m: CheckpointManifest;
  try {
    m = JSON.parse(text) as CheckpointManifest;
  } catch (e) {
    fail(dir, `${MANIFEST_FILE} is not valid JSON: ${(e as Error).message}`);
  }
  if (m === null || typeof m !== 'object' || m.format !== CHECKPOINT_FORMAT) {
    fail(
      dir,
      `format: expected ${JSON.stringify(CHECKPOINT_FORMAT)}; got ${JSON.stringify(m?.format)}`,
    );
  }
  if (m.version !== CHECKPOINT_VERSION) {
    fail(dir, `version: expected ${CHECKPOINT_VERSION}; got ${JSON.stringify(m.version)}`);
  }
  try {
    validateConfig(m.config);
  } catch (e) {
    fail(dir, `config is invalid: ${(e as Error).message}`);
  }
  const L = m.config.layers.length;
  const M = m.config.modulesPerLayer;
  if (
    !Array.isArray(m.frozen) ||
    m.frozen.length !== L ||
    m.frozen.some(
      (r) => !Array.isArray(r) || r.length !== M || r.some((b) => typeof b !== 'boolean'),
    )
  ) {
    fail(
      dir,
      `frozen: expected boolean[${L}][${M}]; got ${JSON.stringify(m.frozen)?.slice(0, 200)}`,
    );
  }
  if (
    !Array.isArray(m.readouts) ||
    m.readouts.some(
      (r) => typeof r?.taskId !== 'string' || !Number.isInteger(r.numClasses) || r.numClasses < 1,
    )
  ) {
    fail(
      dir,
      `readouts: expected [{taskId: string, numClasses: positive integer}]; got ${JSON.stringify(m.readouts)?.slice(0, 200)}`,
    );
  }
  const expected = expectedTensors(m.config, m.readouts);
  if (!Array.isArray(m.tensors) || m.tensors.length !== expected.length) {
    fail(
      dir,
      `tensors: expected ${expected.length} entries; got ${Array.isArray(m.tensors) ? m.tensors.length : typeof m.tensors}`,
    );
  }
  let offset = 0;
  expected.forEach((e, i) => {
    const t = m.tensors[i]!;
    if (t.name !== e.name)
      fail(dir, `tensors[${i}].name: expected ${e.name}; got ${JSON.stringify(t.name)}`);
    if (!Array.isArray(t.shape) || t.shape.join(',') !== e.shape.join(',')) {
      fail(
        dir,
        `tensor ${e.name}: expected shape [${e.shape.join(', ')}]; got ${JSON.stringify(t.shape)}`,
      );
    }
    if (t.dtype !== 'float32')
      fail(dir, `tensor ${e.name}: expected dtype float32; got ${JSON.stringify(t.dtype)}`);
    const len = e.shape.reduce((a, b) => a * b, 1) * 4;
    if (t.byteOffset !== offset || t.byteLength !== len) {
      fail(
        dir,
        `tensor ${e.name}: expected byteOffset ${offset} and byteLength ${len}; got ${t.byteOffset} and ${t.byteLength}`,
      );
    }
    offset += len;
  });
  if (typeof m.weights?.file !== 'string' || !/^weights-[0-9a-f]+\.bin$/.test(m.weights.file)) {
    fail(
      dir,
      `weights.file: expected a name weights-<hex>.bin; got ${JSON.stringify(m.weights?.file)}`,
    );
  }
  let buf: Buffer;
  try {
    buf = await readFile(join(dir, m.weights.file));
  } catch (e) {
    fail(dir, `cannot read ${m.weights.file}: ${(e as Error).message}`);
  }
  if (buf.length !== offset || m.weights.byteLength !== offset) {
    fail(
      dir,
      `${m.weights.file}: expected ${offset} bytes (from the tensor shapes); got ${buf.length} bytes on disk, ${m.weights.byteLength} in the manifest`,
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
