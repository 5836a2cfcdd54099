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
