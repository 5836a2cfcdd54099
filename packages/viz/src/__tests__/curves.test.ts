import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  EmptySeriesError,
  InvalidOptionError,
  meanCurve,
  NonFiniteValueError,
  type Point,
  renderLearningCurves,
  UnsortedPointsError,
} from '../index.js';
import { byClass, parseSvg } from './xml.js';

const run = (...ys: number[]): Point[] => ys.map((y, x) => [x, y]);

describe('renderLearningCurves', () => {
  const els = parseSvg(
    renderLearningCurves({
      title: 'B',
      series: [
        { label: 'pathnet', runs: [run(0.5, 0.9, 1), run(0.5, 0.7), run(0.6, 0.8, 0.9, 1)] },
        { label: 'independent', runs: [run(0.5, 0.6), run(0.5, 0.55, 0.7)] },
        { label: 'fine-tune', points: run(0.5, 0.6, 0.7) },
      ],
      threshold: 0.998,
    }),
  );

  it('draws each run thin, one mean per runs series and one line per points series', () => {
    expect(byClass(els, 'pn-run')).toHaveLength(5);
    expect(byClass(els, 'pn-mean')).toHaveLength(2);
    expect(byClass(els, 'pn-line')).toHaveLength(1);
    expect(byClass(els, 'pn-series')).toHaveLength(3);
  });

  it('draws the threshold line and names it and every series in the legend', () => {
    expect(byClass(els, 'pn-threshold')).toHaveLength(1);
    const texts = els.filter((e) => e.tag === 'text').map((e) => e.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        'pathnet (mean of 3)',
        'independent (mean of 2)',
        'fine-tune',
        'threshold 0.998',
        'generation',
        'fitness',
        'B',
      ]),
    );
  });

  it('labels y ticks over the default domain [0, 1]', () => {
    const texts = els.filter((e) => e.tag === 'text').map((e) => e.text);
    expect(texts).toEqual(expect.arrayContaining(['0.0', '0.5', '1.0']));
  });

  it('leaves out a threshold outside the y domain', () => {
    const e = parseSvg(
      renderLearningCurves({
        series: [{ label: 'a', points: run(1, 2) }],
        yDomain: [0, 5],
        threshold: 9,
      }),
    );
    expect(byClass(e, 'pn-threshold')).toHaveLength(0);
  });

  it('throws EmptySeriesError for no series, no runs or a run with no points', () => {
    expect(() => renderLearningCurves({ series: [] })).toThrow(EmptySeriesError);
    expect(() => renderLearningCurves({ series: [{ label: 'a', runs: [] }] })).toThrow(
      EmptySeriesError,
    );
    expect(() => renderLearningCurves({ series: [{ label: 'a', runs: [run(1), []] }] })).toThrow(
      /series\[0\]\.runs\[1\]/,
    );
    expect(() => renderLearningCurves({ series: [{ label: 'a', points: [] }] })).toThrow(
      EmptySeriesError,
    );
  });

  it('throws NonFiniteValueError naming the point for NaN or Infinity', () => {
    expect(() =>
      renderLearningCurves({
        series: [
          {
            label: 'a',
            points: [
              [0, 0.5],
              [1, Number.NaN],
            ],
          },
        ],
      }),
    ).toThrow(/series\[0\]\.points\[1\]\[1\]: got NaN/);
    expect(() =>
      renderLearningCurves({
        series: [{ label: 'a', runs: [[[Number.POSITIVE_INFINITY, 0.5]]] }],
      }),
    ).toThrow(NonFiniteValueError);
  });

  it('throws UnsortedPointsError where x decreases', () => {
    expect(() =>
      renderLearningCurves({
        series: [
          {
            label: 'a',
            points: [
              [2, 0.5],
              [1, 0.6],
            ],
          },
        ],
      }),
    ).toThrow(UnsortedPointsError);
  });

  it('throws InvalidOptionError for a reversed domain or a size too small for the plot', () => {
    const series = [{ label: 'a', points: run(0.1, 0.2) }];
    expect(() => renderLearningCurves({ series, yDomain: [1, 0] })).toThrow(InvalidOptionError);
    const wide = [{ label: 'a'.repeat(30), points: run(0.1, 0.2) }];
    expect(() => renderLearningCurves({ series: wide, width: 300, height: 300 })).toThrow(
      InvalidOptionError,
    );
  });
});

describe('meanCurve', () => {
  it("drops a run after its end under 'drop' and holds its last value under 'hold'", () => {
    const runs = [run(0, 1), run(1, 1, 1)];
    expect(meanCurve(runs, 'drop')).toEqual([
      [0, 0.5, 2],
      [1, 1, 2],
      [2, 1, 1],
    ]);
    expect(meanCurve([run(0, 0.5), run(1, 1, 1)], 'hold')).toEqual([
      [0, 0.5, 2],
      [1, 0.75, 2],
      [2, 0.75, 2],
    ]);
  });

  it('interpolates a run between its points and ignores it before its start', () => {
    const m = meanCurve([
      [
        [0, 0],
        [2, 1],
      ],
      [
        [1, 1],
        [2, 1],
      ],
    ]);
    expect(m).toEqual([
      [0, 0, 1],
      [1, 0.75, 2],
      [2, 1, 2],
    ]);
  });

  const runsArb = fc.array(
    fc
      .array(
        fc.tuple(
          fc.integer({ min: 0, max: 50 }),
          fc.double({ min: -1, max: 1, noNaN: true }).map((y) => y + 0),
        ),
        {
          minLength: 1,
          maxLength: 12,
        },
      )
      .map((pts) => pts.sort((a, b) => a[0] - b[0]) as Point[]),
    { minLength: 1, maxLength: 5 },
  );

  test.prop([runsArb, fc.constantFrom('drop' as const, 'hold' as const)])(
    'the mean at x lies within the range of the runs present at x, and covers every x of every run',
    (runs, afterEnd) => {
      const m = meanCurve(runs, afterEnd);
      const xs = new Set(runs.flatMap((r) => r.map((p) => p[0])));
      expect(m.map((p) => p[0])).toEqual([...xs].sort((a, b) => a - b));
      const ys = runs.flatMap((r) => r.map((p) => p[1]));
      for (const [, y, n] of m) {
        expect(y).toBeGreaterThanOrEqual(Math.min(...ys) - 1e-12);
        expect(y).toBeLessThanOrEqual(Math.max(...ys) + 1e-12);
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(runs.length);
      }
    },
    60_000,
  );

  test.prop([runsArb])(
    'a run with distinct x is its own mean, and repeating it changes only the count',
    (runs) => {
      const r = runs[0] as Point[];
      const distinct = r.filter((p, i) => i === 0 || (r[i - 1]?.[0] ?? 0) !== p[0]);
      expect(meanCurve([distinct])).toEqual(distinct.map(([x, y]) => [x, y, 1]));
      const once = meanCurve([r]);
      const thrice = meanCurve([r, r, r]);
      expect(thrice.map((p) => p[0])).toEqual(once.map((p) => p[0]));
      thrice.forEach(([, y, n], i) => {
        expect(n).toBe(3);
        expect(y).toBeCloseTo(once[i]?.[1] ?? Number.NaN, 12);
      });
    },
    60_000,
  );
});
