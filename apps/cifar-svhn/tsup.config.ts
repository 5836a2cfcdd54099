import { defineConfig } from 'tsup';
import { appBuild } from '../../tsup.library';

export default defineConfig({
  ...appBuild,
  entry: ['src/cli.ts'],
});
