import { describe, expect, it } from 'vitest';
import {
  EmptySeriesError,
  InvalidOptionError,
  NonFiniteValueError,
  renderBarChart,
} from '../index.js';
import { byClass, parseSvg } from './xml.js';

const bars = [
  { label: 'pathnet', mean: 167, ciLow: 131, ciHigh: 203, values: [120, 150, 170, 190, 205] },
  { label: 'independent', mean: 195, ciLow: 160, ciHigh: 230 },
  { label: 'fine-tune', mean: 229, ciLow: 180, ciHigh: 278, values: [170, 290] },
];

describe('renderBarChart', () => {
  const els = parseSvg(renderBarChart({ bars, title: 'generations to solve B' }));

  it('draws one bar and one error bar per condition and one dot per value', () => {
    expect(byClass(els, 'pn-bar')).toHaveLength(3);
    expect(byClass(els, 'pn-errorbar')).toHaveLength(3);
    expect(byClass(els, 'pn-value')).toHaveLength(7);
  });

  it('orders bar heights like the means', () => {
    const h = byClass(els, 'pn-bar').map((e) => Number(e.attrs.height));
    expect(h[0]).toBeLessThan(h[1] ?? 0);
    expect(h[1]).toBeLessThan(h[2] ?? 0);
  });

  it('writes the labels, the means and the interval legend', () => {
    const texts = els.filter((e) => e.tag === 'text').map((e) => e.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        'pathnet',
        'independent',
        'fine-tune',
        '167',
        '195',
        '229',
        '95% CI',
      ]),
    );
  });

  it('slants labels too wide for their slot instead of letting them overlap', () => {
    const long = bars.map((b) => ({ ...b, label: `${b.label} with a long condition name` }));
    const e = parseSvg(renderBarChart({ bars: long, width: 400 }));
    const labels = e.filter((x) => x.tag === 'text' && x.text.endsWith('long condition name'));
    expect(labels).toHaveLength(3);
    for (const l of labels) {
      expect(l.attrs.transform).toMatch(/rotate\(-35\)/);
      // The label ends at its translate point and reaches left by cos(35°)·width;
      // with a generous 0.62 em per character it must still start inside the picture.
      const tx = Number(/translate\(([-\d.]+)/.exec(l.attrs.transform ?? '')?.[1]);
      const reach = [...l.text].length * 12 * 0.62 * Math.cos((35 * Math.PI) / 180);
      expect(tx - reach).toBeGreaterThanOrEqual(0);
    }
  });

  it('throws EmptySeriesError for no bars', () => {
    expect(() => renderBarChart({ bars: [] })).toThrow(EmptySeriesError);
  });

  it('throws NonFiniteValueError naming a non-finite mean, interval end or value', () => {
    expect(() =>
      renderBarChart({ bars: [{ label: 'a', mean: Number.NaN, ciLow: 0, ciHigh: 1 }] }),
    ).toThrow(/bars\[0\]\.mean: got NaN/);
    expect(() =>
      renderBarChart({
        bars: [{ label: 'a', mean: 1, ciLow: 0, ciHigh: 2, values: [1, Number.POSITIVE_INFINITY] }],
      }),
    ).toThrow(NonFiniteValueError);
  });

  it('throws InvalidOptionError when the interval does not contain the mean', () => {
    expect(() => renderBarChart({ bars: [{ label: 'a', mean: 5, ciLow: 6, ciHigh: 7 }] })).toThrow(
      InvalidOptionError,
    );
  });
});
