// Transpiles a bench/*.ts script (its imports of packages stay external) and runs it.
// Usage: node bench/run.mjs [script name, default step-layout]

import { mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = `${here}../node_modules/.cache/pathnet-bench/${process.argv[2] ?? 'step-layout'}.mjs`;
mkdirSync(`${here}../node_modules/.cache/pathnet-bench`, { recursive: true });
await build({
  entryPoints: [`${here}${process.argv[2] ?? 'step-layout'}.ts`],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: out,
  logLevel: 'warning',
  packages: 'external',
});
await import(pathToFileURL(out).href);
