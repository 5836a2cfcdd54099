import { defineConfig } from 'tsup';

// options.ts (the MinAtar tasks and grid) is its own file: benchmarks/ uses it too.
export default defineConfig({
  entry: ['src/cli.ts', 'src/options.ts'],
  format: ['esm'],
  dts: { entry: ['src/options.ts'] },
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
