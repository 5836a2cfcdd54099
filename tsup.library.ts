import type { Options } from 'tsup';

/**
 * The build of every published package: `src/index.ts` to ESM + CJS with
 * `.d.ts`/`.d.cts`, source maps, and `import.meta.url` shimmed in CJS.
 */
export const libraryBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'es2022',
};

/**
 * The build of every app and of the benchmarks (private, run with `node`): the given
 * entries to ESM with source maps.
 */
export const appBuild: Options = {
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
};
