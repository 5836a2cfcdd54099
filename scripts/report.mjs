#!/usr/bin/env node
/**
 * `npm run report`: rebuilds the measured parts of docs/REPRODUCTION.md and the root README's
 * headline table from the committed results files, with the forest plot of speedups
 * (docs/reproduction/binary-mnist-forest.svg and .png). Only the text between
 * `<!-- report:NAME:start -->` and `<!-- report:NAME:end -->` markers is replaced; the same
 * results files always give the same bytes. It also rebuilds the RL apps' READMEs between
 * `<!-- APP:results:start -->` and `<!-- APP:results:end -->` (one section per committed
 * apps/APP/docs/results/NAME/results.json, recomputed from its records) with each folder's
 * pictures, as `npm run readme -w @pathnet/APP` does (atari-transfer, labyrinth-transfer,
 * a3c-robustness): nothing is trained, the pictures are drawn from the records.
 *
 *   node scripts/report.mjs           rewrite the files
 *   node scripts/report.mjs --check   exit 1, naming the files, if they are not up to date
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resultsReadmeOutputs, rlTransferReadme } from '@pathnet/experiments';
import { renderForestPlot, svgToPng } from '@pathnet/viz';
import { a3cRobustnessReadme } from '../apps/a3c-robustness/dist/readme.js';
import { GRID_CELLS, reproductionSection } from '../apps/binary-mnist/dist/reproduction.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { check: { type: 'boolean' } } });

/** The results file of a grid cell, or undefined before the grid ran it. */
function cellResults(name) {
  const file = path.join(root, 'apps/binary-mnist/docs/results', name, 'results.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** `text` with the part between NAME's markers replaced by `body`. */
function replaceMarked(text, name, body, file) {
  const start = `<!-- report:${name}:start -->`;
  const end = `<!-- report:${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${file}: no ${start} … ${end} markers`);
  return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
}

const cells = GRID_CELLS.map((cell) => ({ cell, results: cellResults(cell.name) }));
const section = reproductionSection(cells);

const outputs = new Map();
const reproduction = path.join(root, 'docs/REPRODUCTION.md');
outputs.set(
  reproduction,
  replaceMarked(readFileSync(reproduction, 'utf8'), 'binary-mnist', section.markdown, reproduction),
);
const readme = path.join(root, 'README.md');
outputs.set(
  readme,
  replaceMarked(readFileSync(readme, 'utf8'), 'headline', section.headline, readme),
);
if (section.forest.rows.length > 0) {
  const svg = renderForestPlot({
    rows: section.forest.rows,
    groups: section.forest.groups,
    title: 'Binary MNIST: speedups, independent ÷ pathnet generations (95% bootstrap intervals)',
    width: 1040,
    xLabel: 'speedup: control ÷ condition generations (log scale; > 1: the condition is faster)',
  });
  const base = path.join(root, 'docs/reproduction/binary-mnist-forest');
  outputs.set(`${base}.svg`, svg);
  outputs.set(`${base}.png`, Buffer.from(svgToPng(svg)));
}

// The RL apps' READMEs and pictures, from their committed results folders.
const app = (name) => path.join(root, 'apps', name);
for (const spec of [
  rlTransferReadme('atari-transfer', app('atari-transfer')),
  rlTransferReadme('labyrinth-transfer', app('labyrinth-transfer')),
  a3cRobustnessReadme(app('a3c-robustness')),
]) {
  for (const [file, content] of await resultsReadmeOutputs(spec)) outputs.set(file, content);
}

const stale = [...outputs].filter(([file, content]) => {
  if (!existsSync(file)) return true;
  const now = readFileSync(file);
  return !now.equals(Buffer.isBuffer(content) ? content : Buffer.from(content));
});
if (values.check) {
  if (stale.length > 0) {
    console.error(
      `report: not up to date with the committed results: ${stale.map(([f]) => path.relative(root, f)).join(', ')}; run npm run report`,
    );
    process.exit(1);
  }
  console.error('report: up to date');
} else {
  for (const [file, content] of stale) {
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, content);
    renameSync(tmp, file);
    console.error(`report: wrote ${path.relative(root, file)}`);
  }
  if (stale.length === 0) console.error('report: up to date');
}
