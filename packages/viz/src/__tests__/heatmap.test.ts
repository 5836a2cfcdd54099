import { describe, expect, it } from 'vitest';
import { EmptySeriesError, InvalidOptionError, NonFiniteValueError } from '../errors.js';
import { renderHeatmaps } from '../heatmap.js';
import { svgToPng } from '../png.js';

const panel = (title: string, values: number[][]) => ({
  title,
  values,
  rowLabels: values.map((_, r) => `r${r}`),
  columnLabels: values[0]!.map((_, c) => `c${c}`),
});

describe('renderHeatmaps', () => {
  it('draws one cell per value with a value, in every panel, and renders to PNG', () => {
    const svg = renderHeatmaps({
      panels: [
        panel('A3C', [
          [1, 2, 3],
          [4, 5, Number.NaN],
        ]),
        panel('PathNet', [
          [0, 1, 2],
          [3, 4, 5],
        ]),
      ],
      title: 'final score',
      rowName: 'learning rate',
      columnName: 'entropy cost',
    });
    expect(svg.match(/class="pn-cell"/g)).toHaveLength(11);
    expect(svg.match(/class="pn-panel"/g)).toHaveLength(2);
    expect(svg).toContain('>PathNet</text>');
    expect(svgToPng(svg).length).toBeGreaterThan(100);
  });

  it('colours by one shared scale: equal values, equal fills across panels', () => {
    const svg = renderHeatmaps({ panels: [panel('a', [[1, 9]]), panel('b', [[9, 1]])] });
    const fills = [...svg.matchAll(/class="pn-cell"[^>]*fill="([^"]+)"/g)].map((m) => m[1]);
    expect(fills[0]).toBe(fills[3]);
    expect(fills[1]).toBe(fills[2]);
    expect(fills[0]).not.toBe(fills[1]);
  });

  it('the ratio scale is a log scale centred on 1: a ratio and its reciprocal are equally far from white', () => {
    const svg = renderHeatmaps({
      panels: [panel('speedup', [[2, 0.5, 1, 4, 0.25]])],
      scale: 'ratio',
    });
    const fills = [...svg.matchAll(/class="pn-cell"[^>]*fill="rgb\((\d+),(\d+),(\d+)\)"/g)].map(
      (m) => [Number(m[1]), Number(m[2]), Number(m[3])],
    );
    const white = fills[2]!;
    const distance = (c: number[]) => Math.hypot(...c.map((v, i) => v - white[i]!));
    expect(white).toEqual([247, 247, 247]);
    // 2 and 1/2 are halfway out on a scale that ends at 4 and 1/4.
    expect(Math.abs(distance(fills[0]!) / distance(fills[3]!) - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(distance(fills[1]!) / distance(fills[4]!) - 0.5)).toBeLessThan(0.02);
    // Above 1 blue, below 1 red.
    expect(fills[0]![2]).toBeGreaterThan(fills[0]![0]!);
    expect(fills[1]![0]).toBeGreaterThan(fills[1]![2]!);
    expect(svg).toContain('>0.50</text>');
    expect(svg).toContain('>4.00</text>');
    expect(svg).toContain('>0.25</text>');
  });

  it('refuses a ratio that is not > 0 and an unknown scale', () => {
    expect(() => renderHeatmaps({ panels: [panel('x', [[1, 0]])], scale: 'ratio' })).toThrow(
      /ratios > 0/,
    );
    expect(() =>
      renderHeatmaps({ panels: [panel('x', [[1]])], scale: 'log' as unknown as 'ratio' }),
    ).toThrow(/"linear" or "ratio"/);
  });

  it('refuses no panels, ragged rows, wrong label counts and infinite values', () => {
    expect(() => renderHeatmaps({ panels: [] })).toThrow(EmptySeriesError);
    expect(() => renderHeatmaps({ panels: [panel('x', [[1, 2], [3]])] })).toThrow(
      InvalidOptionError,
    );
    expect(() => renderHeatmaps({ panels: [{ ...panel('x', [[1, 2]]), rowLabels: [] }] })).toThrow(
      /one per row and column/,
    );
    expect(() => renderHeatmaps({ panels: [panel('x', [[1, Infinity]])] })).toThrow(
      NonFiniteValueError,
    );
  });
});
