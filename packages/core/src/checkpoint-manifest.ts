/**
 * The schema of a checkpoint manifest (`manifest.json`), checked on every read with
 * zod, and the manifest's own hash.
 *
 * The hash covers every field but itself: SHA-256 of the manifest's JSON with keys
 * sorted (`safe-stable-stringify`), so editing any field (a module's `frozen` flag, a
 * readout, the seed) or adding one is detected, whatever the key order in the file.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import { type ZodError, z } from 'zod';
import type { PathNetConfig } from './config.js';

/** Format name written to every manifest. */
export const CHECKPOINT_FORMAT = 'pathnet-ts/checkpoint';
/** Version of the checkpoint format this package writes and reads (2: manifests carry their own hash). */
export const CHECKPOINT_VERSION = 2;
/** File name of the manifest inside a checkpoint folder. */
export const MANIFEST_FILE = 'manifest.json';
/**
 * Smallest seed a checkpoint holds: seeds are mixed as 32-bit integers (see `deriveSeed`),
 * so a seed is an integer in [−2^31, 2^32) (`PathNet.create` takes negative seeds too).
 */
export const MIN_SEED = -(2 ** 31);
/** Largest seed a checkpoint holds (see {@link MIN_SEED}). */
export const MAX_SEED = 2 ** 32 - 1;

const positiveInt = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits (SHA-256)');

const moduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dense'), units: positiveInt }),
  z.object({
    kind: z.literal('conv2d'),
    filters: positiveInt,
    kernelSize: positiveInt,
    strides: positiveInt,
    padding: z.enum(['valid', 'same']).optional(),
  }),
]);

/** Schema of a {@link PathNetConfig} (types and ranges; N ≤ M and shapes are checked by `validateConfig`). */
export const pathNetConfigSchema = z.object({
  inputShape: z.array(positiveInt).min(1),
  layers: z
    .array(
      z.object({
        module: moduleSchema,
        activation: z.enum(['relu', 'tanh', 'sigmoid', 'linear']),
        reduction: z.enum(['sum', 'mean']),
      }),
    )
    .min(1),
  modulesPerLayer: positiveInt,
  maxActivePerLayer: positiveInt,
});

const tensorSchema = z.object({
  name: z.string().min(1),
  shape: z.array(positiveInt),
  dtype: z.literal('float32'),
  byteOffset: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  byteLength: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

const readoutSchema = z.object({
  taskId: z.string().min(1),
  numClasses: positiveInt,
});

/** Schema of the manifest without its own hash. */
const manifestBody = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.literal(CHECKPOINT_VERSION),
  config: pathNetConfigSchema,
  seed: z.number().int().min(MIN_SEED).max(MAX_SEED),
  frozen: z.array(z.array(z.boolean())),
  readouts: z.array(readoutSchema).superRefine((readouts, ctx) => {
    const seen = new Map<string, number>();
    readouts.forEach((r, i) => {
      const first = seen.get(r.taskId);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'taskId'],
          message: `duplicate task id ${JSON.stringify(r.taskId)} (also readouts[${first}]); expected one readout per task`,
        });
      } else {
        seen.set(r.taskId, i);
      }
    });
  }),
  weights: z.object({
    file: z
      .string()
      .regex(/^weights-[0-9a-f]{16,64}\.bin$/, 'expected a file name weights-<hex>.bin'),
    byteLength: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    sha256: hex64,
  }),
  tensors: z.array(tensorSchema),
});

/** Schema of a whole manifest (`manifestSha256` = {@link manifestHash} of the rest). */
export const manifestSchema = manifestBody.extend({ manifestSha256: hex64 });

/** One tensor's entry in the manifest. */
export type TensorEntry = z.output<typeof tensorSchema>;
/** The JSON manifest of a checkpoint folder, as {@link manifestSchema} outputs it. */
export type CheckpointManifest = z.output<typeof manifestSchema> & {
  readonly config: PathNetConfig;
};

/**
 * SHA-256 (hex) of a manifest's fields other than `manifestSha256`: its JSON with keys
 * sorted at every level (any JSON value can be hashed, valid or not).
 */
export function manifestHash(manifest: object): string {
  const { manifestSha256: _, ...body } = manifest as { manifestSha256?: unknown };
  return createHash('sha256')
    .update(stringify(body) ?? '')
    .digest('hex');
}

/** `a.b[3].c` from a zod issue path. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** The value at a zod issue path inside `input`, or `undefined`. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = typeof v === 'number' || typeof v === 'bigint' ? String(v) : JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * The issues of a failed parse of `input`, `; `-separated:
 * `field tensors[3]: Invalid input: expected object, received null (got null)` — the
 * field's path, what was expected and the value found (at most `max` issues, then how
 * many more). Shared by every schema-checked file of the project.
 */
export function formatIssues(error: ZodError, input: unknown, max = 5): string {
  const lines = error.issues.slice(0, max).map((issue) => {
    const found = issue.code === 'custom' ? '' : ` (got ${show(valueAt(input, issue.path))})`;
    return `field ${formatPath(issue.path)}: ${issue.message}${found}`;
  });
  if (error.issues.length > max) lines.push(`(and ${error.issues.length - max} more)`);
  return lines.join('; ');
}
