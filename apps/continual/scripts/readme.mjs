#!/usr/bin/env node
/**
 * Rewrites the results section of apps/continual/README.md from the committed results files
 * (docs/results/<benchmark>/results.json, finished runs only) and redraws nothing: `npm run readme -w @pathnet/continual`.
 * `--check` exits 1 when the README is not up to date.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarkSection, replaceResults } from '../dist/readme.js';

const app = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = path.join(app, 'README.md');
const sections = ['split-mnist', 'permuted-mnist', 'split-fashion-mnist'].flatMap((b) => {
  const folder = `docs/results/${b}`;
  const file = path.join(app, folder, 'results.json');
  if (!existsSync(file)) return [];
  const results = JSON.parse(readFileSync(file, 'utf8'));
  // A table still running (complete: false) stays out until it finishes.
  return results.complete ? [benchmarkSection(results, folder)] : [];
});
const text = readFileSync(readme, 'utf8');
const next = replaceResults(text, sections.join('\n\n'));
if (process.argv.includes('--check')) {
  if (next !== text) {
    console.error(`${readme} is not up to date: run npm run readme -w @pathnet/continual`);
    process.exit(1);
  }
} else {
  writeFileSync(readme, next);
}
