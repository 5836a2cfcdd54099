import { fc } from '@fast-check/vitest';
import type { Bounds, Genotype, GenotypeShape, PopulationConfig } from '../index.js';

/** L in [1, 5], M in [1, 12], N in [1, M]. */
export const shapeArb: fc.Arbitrary<GenotypeShape> = fc
  .record({ layers: fc.integer({ min: 1, max: 5 }), modules: fc.integer({ min: 1, max: 12 }) })
  .chain(({ layers, modules }) =>
    fc.integer({ min: 1, max: modules }).map((active) => ({ layers, modules, active })),
  );

/** A shape plus P in [2, 10]. */
export const populationConfigArb: fc.Arbitrary<PopulationConfig> = shapeArb.chain((shape) =>
  fc.integer({ min: 2, max: 10 }).map((size) => ({ ...shape, size })),
);

export const seedArb = fc.integer({ min: 0, max: 2 ** 32 - 1 });
export const boundsArb: fc.Arbitrary<Bounds> = fc.constantFrom('clamp', 'wrap');

/** The start of a population's run: its config, its seed and the mutation bounds. */
export const populationRunArbs = [populationConfigArb, seedArb, boundsArb] as const;

/** Fitness values with frequent ties. */
export const fitnessArb = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);

/** Shortest signed distance from `from` to `to` on the ring Z_M. */
export function ringDistance(from: number, to: number, modules: number): number {
  const up = (((to - from) % modules) + modules) % modules;
  return Math.min(up, modules - up);
}

/** Whether gene `child` is reachable from `parent` by one mutation step of at most `maxDelta`. */
export function reachable(
  parent: number,
  child: number,
  modules: number,
  maxDelta: number,
  bounds: Bounds,
): boolean {
  if (child < 0 || child >= modules || !Number.isInteger(child)) return false;
  return bounds === 'clamp'
    ? Math.abs(child - parent) <= maxDelta
    : ringDistance(parent, child, modules) <= maxDelta;
}

/** Whether `g` is `[L][N]` with integer genes in `[0, M)`. */
export function inShape(g: Genotype, { layers, modules, active }: GenotypeShape): boolean {
  return (
    g.length === layers &&
    g.every(
      (row) =>
        row.length === active &&
        row.every((gene) => Number.isInteger(gene) && gene >= 0 && gene < modules),
    )
  );
}
