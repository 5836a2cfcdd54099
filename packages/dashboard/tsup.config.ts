import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library';

const require = createRequire(import.meta.url);

// `?raw` imports (the page, its script and style, uPlot) become strings in the bundle, as
// vite does in tests: the built package serves them without reading its own files.
export default defineConfig({
  ...libraryBuild,
  entry: ['src/index.ts', 'src/view-cli.ts'],
  esbuildPlugins: [
    {
      name: 'raw',
      setup(build) {
        build.onResolve({ filter: /\?raw$/ }, (args) => {
          const request = args.path.slice(0, -'?raw'.length);
          const file = request.startsWith('.')
            ? path.resolve(args.resolveDir, request)
            : require.resolve(request, { paths: [args.resolveDir] });
          // The suffix stays on so that no other loader (tsup's CSS one) claims the file.
          return { path: `${file}?raw`, namespace: 'raw' };
        });
        build.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({
          contents: await readFile(args.path.slice(0, -'?raw'.length), 'utf8'),
          loader: 'text',
        }));
      },
    },
  ],
});
