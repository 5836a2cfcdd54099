import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/run.ts',
    'src/sweep.ts',
    'src/order-bias.ts',
    'src/render-envs.ts',
    'src/readme.ts',
    'src/memory-child.ts',
    'src/a3c-cartpole.ts',
    'src/a3c-breakout.ts',
    'src/a3c-pong.ts',
    'src/a3c-control.ts',
    'src/pong-env.ts',
  ],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
