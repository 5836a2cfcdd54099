import { defineConfig } from 'tsup';

// transfer-app.ts and transfer-cli.ts are their own files: apps/labyrinth-transfer runs the same loop and flags;
// options.ts (the MinAtar tasks and grid) serves benchmarks/ too.
export default defineConfig({
  entry: ['src/cli.ts', 'src/transfer-app.ts', 'src/transfer-cli.ts', 'src/options.ts'],
  format: ['esm'],
  dts: { entry: ['src/transfer-app.ts', 'src/transfer-cli.ts', 'src/options.ts'] },
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
