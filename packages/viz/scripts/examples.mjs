// Writes example pictures (SVG + PNG) to a folder (default /tmp/viz-examples):
// a 3×10 grid with pathways A (frozen) and B sharing two modules, learning
// curves of three conditions × three runs, and a bar chart.
// Usage: npx tsup && node scripts/examples.mjs [outDir]
import { join } from 'node:path';
import {
  renderBarChart,
  renderLearningCurves,
  renderPathwayGrid,
  writePicture,
} from '../dist/index.js';

const out = process.argv[2] ?? '/tmp/viz-examples';

const A = [
  [1, 4, 7],
  [0, 2, 5],
  [3, 6, 8],
];
// B re-uses two of A's frozen modules: module 4 of layer 1 and module 5 of layer 2.
const B = [
  [4, 9, 2],
  [5, 1, 8],
  [0, 9, 2],
];
const frozen = A.map((row) => Array.from({ length: 10 }, (_, m) => row.includes(m)));
const grid = renderPathwayGrid({
  layers: 3,
  modules: 10,
  pathways: [
    { genotype: A, label: 'A: best pathway of task A (frozen)', task: 'A' },
    { genotype: B, label: 'B: best pathway of task B', task: 'B' },
  ],
  frozen,
  title: 'Binary MNIST, L=3, M=10, N=3: pathways after transfer',
});

// Synthetic curves: a logistic rise per run with a fixed wobble (no
// randomness); each run ends when it passes 0.998, as a real run would.
const conditions = [
  { label: 'pathnet', speed: 1 / 18, mids: [105, 130, 150] },
  { label: 'independent', speed: 1 / 22, mids: [140, 165, 185] },
  { label: 'fine-tune', speed: 1 / 26, mids: [170, 200, 235] },
];
const series = conditions.map((c) => ({
  label: c.label,
  runs: c.mids.map((mid, k) => {
    const pts = [];
    for (let g = 0; g <= 400; g += 4) {
      const wobble = 0.012 * Math.sin(g / (7 + k)) * Math.exp(-g / 300);
      const y = Math.min(1, 0.5 + 0.5 / (1 + Math.exp(-(g - mid) * c.speed)) + wobble);
      pts.push([g, y]);
      if (y >= 0.998) break;
    }
    return pts;
  }),
}));
const curves = renderLearningCurves({
  series,
  title: 'Task B training accuracy (3 runs per condition)',
  threshold: { value: 0.998, label: '0.998' },
  yDomain: [0.4, 1],
});

const bars = renderBarChart({
  title: 'Generations to solve task B (mean, 95% CI)',
  bars: [
    { label: 'pathnet', mean: 167, ciLow: 131, ciHigh: 203, values: [120, 150, 170, 190, 205] },
    { label: 'independent', mean: 195, ciLow: 160, ciHigh: 230, values: [150, 180, 200, 215, 230] },
    { label: 'fine-tune', mean: 229, ciLow: 180, ciHigh: 278, values: [170, 210, 230, 260, 275] },
  ],
});

for (const [name, svg, width] of [
  ['pathway-grid', grid, 1200],
  ['learning-curves', curves, 1200],
  ['bar-chart', bars, 900],
]) {
  const { svgPath, pngPath } = await writePicture(join(out, name), svg, { width });
  console.log(svgPath, pngPath);
}
