import { defineConfig } from 'tsup';
import { appBuild } from '../tsup.library';

export default defineConfig({
  ...appBuild,
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
});
