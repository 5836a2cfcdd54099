import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/cli.ts', 'src/readme.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
