import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bundledFontFiles,
  InvalidOptionError,
  PngRenderError,
  renderLearningCurves,
  renderPathwayGrid,
  svgToPng,
  writePicture,
} from '../index.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const grid = renderPathwayGrid({
  layers: 3,
  modules: 10,
  pathways: [{ genotype: [[1, 2], [3], [4, 5, 6]], label: 'A' }],
  title: 'grid',
});

function dark(png: PNG, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      if (
        (png.data[i] ?? 255) < 128 &&
        (png.data[i + 1] ?? 255) < 128 &&
        (png.data[i + 2] ?? 255) < 128
      )
        n++;
    }
  }
  return n;
}

describe('svgToPng', () => {
  it('returns PNG bytes that decode to the requested width and the SVG aspect', () => {
    const bytes = svgToPng(grid, { width: 500 });
    expect([...bytes.slice(0, 8)]).toEqual(SIGNATURE);
    const png = PNG.sync.read(Buffer.from(bytes));
    expect(png.width).toBe(500);
    const [, , vw, vh] = (/viewBox="([^"]+)"/.exec(grid)?.[1] ?? '').split(' ').map(Number);
    expect(png.height).toBeCloseTo((500 * (vh ?? 0)) / (vw ?? 1), -1);
  }, 60_000);

  it('renders text with the bundled font (a title draws dark pixels where it stands)', () => {
    expect(bundledFontFiles().every((f) => f.endsWith('.ttf'))).toBe(true);
    const withTitle = renderLearningCurves({
      series: [{ label: 'a', points: [[0, 0]] }],
      title: 'MMMMMMMM',
    });
    const noTitle = renderLearningCurves({ series: [{ label: 'a', points: [[0, 0]] }], title: '' });
    const a = PNG.sync.read(Buffer.from(svgToPng(withTitle)));
    const b = PNG.sync.read(Buffer.from(svgToPng(noTitle)));
    // The title row (y 10..36) of the 760 px wide chart.
    expect(dark(a, 0, 10, a.width, 36)).toBeGreaterThan(100);
    expect(dark(b, 0, 10, b.width, 36)).toBe(0);
  }, 60_000);

  it('rejects a bad width with InvalidOptionError and a broken SVG with PngRenderError', () => {
    expect(() => svgToPng(grid, { width: 0 })).toThrow(InvalidOptionError);
    expect(() => svgToPng(grid, { width: 10.5 })).toThrow(InvalidOptionError);
    expect(() => svgToPng('<svg')).toThrow(PngRenderError);
  }, 60_000);
});

describe('writePicture', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('writes x.svg and x.png, makes missing folders and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pn-viz-'));
    dirs.push(dir);
    const { svgPath, pngPath } = await writePicture(join(dir, 'sub', 'grid.svg'), grid, {
      width: 320,
    });
    expect(svgPath).toBe(join(dir, 'sub', 'grid.svg'));
    expect(pngPath).toBe(join(dir, 'sub', 'grid.png'));
    expect(await readFile(svgPath, 'utf8')).toBe(grid);
    expect(PNG.sync.read(await readFile(pngPath)).width).toBe(320);
    expect((await readdir(join(dir, 'sub'))).sort()).toEqual(['grid.png', 'grid.svg']);
  }, 60_000);

  it('writes nothing when the SVG cannot be rendered', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pn-viz-'));
    dirs.push(dir);
    await expect(writePicture(join(dir, 'bad'), '<svg')).rejects.toThrow(PngRenderError);
    expect(await readdir(dir)).toEqual([]);
  }, 60_000);
});
