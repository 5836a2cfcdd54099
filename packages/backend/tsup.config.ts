import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library';

export default defineConfig([
  {
    ...libraryBuild,
    // tfjs-core's gradient registration ships only as extension-less ESM files that Node
    // cannot import; bundling that one module (and what it imports) makes it loadable.
    noExternal: [/^@tensorflow\/tfjs-core\/dist\//],
    // tfjs-core's declarations name the global `Long` of @types/long without referencing it,
    // so a consumer whose tsconfig lists `types` got "Cannot find name 'Long'" under
    // `skipLibCheck: false`; this reference brings @types/long in with our declarations.
    dts: { banner: '/// <reference types="long" />' },
  },
  { entry: ['src/cli.ts'], format: ['esm'], sourcemap: true, shims: true, target: 'es2022' },
]);
