import { defineConfig } from 'tsup';

// transfer-app.ts is its own file: apps/labyrinth-transfer runs the same experiment loop.
export default defineConfig({
  entry: ['src/cli.ts', 'src/transfer-app.ts'],
  format: ['esm'],
  dts: { entry: 'src/transfer-app.ts' },
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
