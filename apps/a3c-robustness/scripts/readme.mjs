#!/usr/bin/env node
/**
 * `npm run readme -w @pathnet/a3c-robustness`: rewrites the README's results part (between
 * `<!-- a3c-robustness:results:start -->` and `…:end -->`) from every committed
 * docs/results/<name>/results.json, and redraws each folder's pictures where their bytes
 * change (`a3cRobustnessReadme` of dist/readme.js on `runResultsReadme` of
 * @pathnet/experiments). `--check` writes nothing and exits 1 when a file is not up to date.
 * Needs the app built (`npm run build`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runResultsReadme } from '@pathnet/experiments';
import { a3cRobustnessReadme } from '../dist/readme.js';

const app = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.exitCode = await runResultsReadme(a3cRobustnessReadme(app));
