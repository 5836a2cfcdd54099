import { defineConfig } from 'tsup';
import { appBuild } from '../../tsup.library';

// options.ts (the MinAtar tasks and grid) is its own file: benchmarks/ uses it too.
export default defineConfig({
  ...appBuild,
  entry: ['src/cli.ts', 'src/options.ts'],
  dts: { entry: ['src/options.ts'] },
});
