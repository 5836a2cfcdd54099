import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/run.ts',
    'src/sweep.ts',
    'src/order-bias.ts',
    'src/render-envs.ts',
    'src/readme.ts',
    'src/memory-child.ts',
  ],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
