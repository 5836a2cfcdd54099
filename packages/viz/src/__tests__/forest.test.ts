import { describe, expect, it } from 'vitest';
import { InvalidOptionError, renderForestPlot } from '../index.js';

const rows = [
  { label: 'default', estimate: 0.9, ciLow: 0.82, ciHigh: 0.97 },
  { label: 'B = A', estimate: 1.56, ciLow: 1.3, ciHigh: 1.9 },
];

/** The x coordinate of an element's attribute in the row of `label`. */
function rowX(svg: string, label: string, attr: 'x1' | 'x2' | 'x'): number {
  const row = svg.split('<g class="pn-forest-row">').find((r) => r.includes(`>${label}<`))!;
  const m = row.match(new RegExp(`<(?:line|rect)[^>]* ${attr}="([0-9.]+)"`));
  return Number(m![1]);
}

describe('renderForestPlot', () => {
  it('draws one row per estimate with its label and numbers, and the reference line', () => {
    const svg = renderForestPlot({
      rows,
      title: 'speedups',
      groups: [{ start: 0, label: 'cells' }],
    });
    expect(svg.match(/class="pn-forest-row"/g)).toHaveLength(2);
    expect(svg).toContain('0.90 [0.82, 0.97]');
    expect(svg).toContain('>cells<');
    expect(svg.match(/class="pn-reference"/g)).toHaveLength(1);
  });

  it('places the whiskers on a logarithmic axis: equal ratios span equal widths', () => {
    const svg = renderForestPlot({
      rows: [
        { label: 'a', estimate: 1, ciLow: 0.5, ciHigh: 1 },
        { label: 'b', estimate: 1, ciLow: 1, ciHigh: 2 },
      ],
    });
    const widthA = rowX(svg, 'a', 'x2') - rowX(svg, 'a', 'x1');
    const widthB = rowX(svg, 'b', 'x2') - rowX(svg, 'b', 'x1');
    expect(widthA).toBeCloseTo(widthB, 1);
    expect(rowX(svg, 'a', 'x2')).toBeCloseTo(rowX(svg, 'b', 'x1'), 1);
  });

  it('refuses a non-positive interval, an estimate outside it and no rows', () => {
    expect(() =>
      renderForestPlot({ rows: [{ label: 'x', estimate: 1, ciLow: 0, ciHigh: 2 }] }),
    ).toThrow(InvalidOptionError);
    expect(() =>
      renderForestPlot({ rows: [{ label: 'x', estimate: 3, ciLow: 1, ciHigh: 2 }] }),
    ).toThrow(/ciLow <= estimate <= ciHigh/);
    expect(() => renderForestPlot({ rows: [] })).toThrow(/at least one row/);
  });
});
