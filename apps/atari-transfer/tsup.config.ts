import { defineConfig } from 'tsup';

// transfer-app.ts and transfer-cli.ts are their own files: apps/labyrinth-transfer runs the same loop and flags.
export default defineConfig({
  entry: ['src/cli.ts', 'src/transfer-app.ts', 'src/transfer-cli.ts'],
  format: ['esm'],
  dts: { entry: ['src/transfer-app.ts', 'src/transfer-cli.ts'] },
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
