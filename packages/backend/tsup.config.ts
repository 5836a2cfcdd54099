import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library';

export default defineConfig([
  libraryBuild,
  { entry: ['src/cli.ts'], format: ['esm'], sourcemap: true, shims: true, target: 'es2022' },
]);
