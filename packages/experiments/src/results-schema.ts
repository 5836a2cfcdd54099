/**
 * The schema of `results.json` (zod), checked when a run is resumed: the
 * file's fields, each record's (for the transfer protocol: {@link seedRecordSchema}),
 * one record per (setting, seed). Unknown fields are kept, so records written
 * by a newer protocol pass through unchanged.
 */
import { z } from 'zod';
import { CONDITIONS } from './plan.js';

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const fraction = z.number().min(0).max(1);
const seconds = z.number().nonnegative().max(Number.MAX_VALUE);

const taskSpecSchema = z.looseObject({
  id: z.string().min(1),
  options: z.record(z.string(), z.unknown()).optional(),
});

const phaseRecordSchema = z.looseObject({
  generations: count,
  solved: z.boolean(),
  testAccuracy: fraction,
  bestPathway: z.array(z.array(count)),
  curve: z.array(z.tuple([count, z.number()])),
});

const conditionRecordSchema = phaseRecordSchema.extend({
  reusedModules: count.nullable(),
  taskATestAccuracyAfter: fraction.nullable(),
});

/** Schema of one repetition's record (`SeedRecord`). */
export const seedRecordSchema = z.looseObject({
  seed: count,
  setting: z.string().optional(),
  taskA: taskSpecSchema,
  taskB: taskSpecSchema,
  a: phaseRecordSchema,
  conditions: z.looseObject(
    Object.fromEntries(CONDITIONS.map((c) => [c, conditionRecordSchema.optional()])),
  ),
  wallSeconds: seconds,
});

/**
 * Schema of a whole `results.json` of format `format`: its `config` checked by
 * `schemas.config`, each record by `schemas.record` (default: any object), and, with
 * `schemas.key`, one record per key (e.g. the transfer protocol's setting and seed).
 */
export function resultsFileSchema(
  format: string,
  schemas: { config?: z.ZodType; record?: z.ZodType; key?: (record: never) => string } = {},
) {
  const anyObject = z.record(z.string(), z.unknown());
  const { key } = schemas;
  return z.looseObject({
    format: z.literal(format),
    complete: z.boolean(),
    config: schemas.config ?? anyObject,
    versions: z.unknown(),
    backend: z.unknown(),
    seeds: z.array(schemas.record ?? anyObject).superRefine((records, ctx) => {
      if (key === undefined) return;
      const seen = new Map<string, number>();
      records.forEach((r, i) => {
        const k = key(r as never);
        const first = seen.get(k);
        if (first === undefined) {
          seen.set(k, i);
        } else {
          const { seed } = r as { seed?: unknown };
          ctx.addIssue({
            code: 'custom',
            path: [i, 'seed'],
            message: `seed ${String(seed)} is recorded twice (also seeds[${first}]); expected one record per seed`,
          });
        }
      });
    }),
    summary: z.unknown(),
    wallSeconds: seconds,
    elapsedSeconds: seconds.optional(),
  });
}
