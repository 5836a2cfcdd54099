import { defineConfig } from 'tsup';
import { appBuild } from '../../tsup.library';

// mazes.ts (the maze tasks as the app builds them) is its own file: benchmarks/ uses it too.
export default defineConfig({
  ...appBuild,
  entry: ['src/cli.ts', 'src/mazes.ts'],
  dts: { entry: ['src/mazes.ts'] },
});
