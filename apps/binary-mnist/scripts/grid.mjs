#!/usr/bin/env node
/**
 * The decisive grid of binary-MNIST transfer: every cell is one run of the app into its own
 * folder under docs/results/, resumed where it stopped. Run it again to continue (each cell
 * picks up with `--resume`); a cell killed mid-run loses only its unfinished seed.
 *
 *   node scripts/grid.mjs                  run every cell in order (default workers: the cores)
 *   node scripts/grid.mjs --list           the cells, their settings and how far each got
 *   node scripts/grid.mjs --only same      one cell (repeatable)
 *   node scripts/grid.mjs --workers 2      phases at once in each run
 *
 * The cells (src/grid-cells.ts) differ from `default` in one setting each (learning rate,
 * digit pairs, task B made from A, or the pathways B runs); `npm run report` turns their
 * results into tables.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GRID_CELLS as CELLS } from '../dist/grid-cells.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const app = path.resolve(here, '..');
const cli = path.join(app, 'dist', 'cli.js');
/** Where the cells' folders are kept (committed). */
const RESULTS_DIR = path.join(app, 'docs', 'results');

/** Seeds a cell's results file holds, or 0 without one. */
function seedsDone(dir) {
  const file = path.join(dir, 'results.json');
  if (!existsSync(file)) return 0;
  return JSON.parse(readFileSync(file, 'utf8')).seeds.length;
}

function main() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      workers: { type: 'string' },
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
    return;
  }
  const names = CELLS.map((c) => c.name);
  for (const name of values.only ?? []) {
    if (!names.includes(name)) {
      console.error(`grid: --only ${name}: no such cell; cells: ${names.join(', ')}`);
      process.exit(2);
    }
  }
  const cells = CELLS.filter((c) => (values.only ?? names).includes(c.name));
  if (values.list) {
    for (const c of cells) {
      const done = seedsDone(path.join(RESULTS_DIR, c.name));
      console.log(
        `${c.name.padEnd(24)} ${String(done).padStart(2)}/${c.seeds} seeds  ${c.flags.join(' ')}`,
      );
    }
    return;
  }
  if (!existsSync(cli)) {
    console.error(`grid: ${cli} is missing; run npm run build first`);
    process.exit(2);
  }
  const workers = values.workers === undefined ? [] : ['--workers', values.workers];
  for (const c of cells) {
    const dir = path.join(RESULTS_DIR, c.name);
    const done = seedsDone(dir);
    if (done >= c.seeds) {
      console.error(`grid: ${c.name}: ${done}/${c.seeds} seeds, done`);
      continue;
    }
    const args = existsSync(path.join(dir, 'results.json'))
      ? ['--resume', dir, '--seeds', String(c.seeds)]
      : [...c.flags, '--seeds', String(c.seeds), '--out', dir];
    console.error(`grid: ${c.name}: ${done}/${c.seeds} seeds done; running ${args.join(' ')}`);
    const r = spawnSync(process.execPath, [cli, ...args, ...workers], { stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`grid: ${c.name} exited with ${r.status ?? r.signal}; rerun to continue`);
      process.exit(r.status ?? 1);
    }
  }
}

main();
