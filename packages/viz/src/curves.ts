import {
  describeValue,
  EmptySeriesError,
  InvalidOptionError,
  UnsortedPointsError,
} from './errors.js';
import { defaultColor } from './palette.js';
import {
  chartTitle,
  checkDomain,
  checkFinite,
  checkLabel,
  checkOptionalStrings,
  checkSize,
  escapeXml,
  formatTicks,
  type LegendItem,
  legendColumn,
  legendWidth,
  niceTicks,
  num,
  svgOpen,
  textEl,
  textWidth,
  yTickLines,
} from './svg.js';

/** A point `[x, y]`, e.g. `[generation, fitness]`. */
export type Point = readonly [number, number];

/** One line: e.g. the best fitness of one run per generation. */
export interface LineSeries {
  /** Legend text; any text, escaped. */
  readonly label: string;
  /** Points with non-decreasing x. */
  readonly points: readonly Point[];
  /** CSS colour; default: the Okabe–Ito colour of the series' index. */
  readonly color?: string;
}

/**
 * Several runs of one condition (e.g. seeds): each run drawn thin, their
 * mean ({@link meanCurve}) drawn thick.
 */
export interface RunsSeries {
  /** Legend text (shown with "(mean of k)"); any text, escaped. */
  readonly label: string;
  /** One array of points (non-decreasing x) per run. */
  readonly runs: readonly (readonly Point[])[];
  /** CSS colour of the runs and the mean; default: the Okabe–Ito colour of the series' index. */
  readonly color?: string;
}

/** A series of {@link renderLearningCurves}. */
export type CurveSeries = LineSeries | RunsSeries;

/**
 * What a run contributes after its last point: `'drop'` (nothing: the mean
 * at x is over the runs still going at x) or `'hold'` (its last value).
 */
export type AfterEnd = 'drop' | 'hold';

/** Options of {@link renderLearningCurves}. */
export interface LearningCurvesOptions {
  /** At least one series. */
  readonly series: readonly CurveSeries[];
  /** Title above the plot. */
  readonly title?: string;
  /** Default `"generation"`. */
  readonly xLabel?: string;
  /** Default `"fitness"`. */
  readonly yLabel?: string;
  /** Default `[0, 1]`. */
  readonly yDomain?: readonly [number, number];
  /** Default: from the smallest to the largest x of the data. */
  readonly xDomain?: readonly [number, number];
  /** A dashed horizontal line, e.g. the stop criterion 0.998 (Fernando et al. 2017, Sec. 3.1). */
  readonly threshold?: number | { readonly value: number; readonly label?: string };
  /** How the mean of a {@link RunsSeries} treats finished runs; default `'drop'`. */
  readonly afterEnd?: AfterEnd;
  /** Outer size in px; defaults 760 × 440. */
  readonly width?: number;
  /** Outer height in px; default 440. */
  readonly height?: number;
}

/**
 * Checks one polyline.
 * @throws {EmptySeriesError} for no points.
 * @throws {NonFiniteValueError} for a coordinate that is not a finite number.
 * @throws {UnsortedPointsError} where x decreases.
 */
function checkPoints(name: string, pts: unknown): Point[] {
  if (!Array.isArray(pts) || pts.length === 0) {
    throw new EmptySeriesError(name, describeValue(pts), 'a non-empty array of [x, y] points');
  }
  let prev = Number.NEGATIVE_INFINITY;
  return pts.map((p: unknown, i) => {
    if (!Array.isArray(p) || p.length !== 2) {
      throw new InvalidOptionError(`${name}[${i}]`, describeValue(p), 'a pair [x, y]');
    }
    const x = checkFinite(`${name}[${i}][0]`, p[0]);
    const y = checkFinite(`${name}[${i}][1]`, p[1]);
    if (x < prev) {
      throw new UnsortedPointsError(`${name}[${i}][0]`, String(x), `x >= ${prev} (non-decreasing)`);
    }
    prev = x;
    return [x, y] as const;
  });
}

function interpolate(run: readonly Point[], x: number): number {
  // run is non-empty, sorted by x, and x lies within [first x, last x].
  let lo = 0;
  let hi = run.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((run[mid]?.[0] ?? 0) <= x) lo = mid;
    else hi = mid;
  }
  const a = run[lo] as Point;
  const b = run[hi] as Point;
  if (x <= a[0]) return a[1];
  if (x >= b[0]) return b[1];
  return a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0]);
}

/**
 * The pointwise mean of several runs, at every x where any run has a point.
 * A run contributes at x from its first x to its last x, linearly
 * interpolated between its points; past its end it contributes nothing
 * (`'drop'`) or its last value (`'hold'`); before its start, nothing.
 *
 * @param runs - runs of `[x, y]` points, each non-empty with non-decreasing x.
 * @returns `[x, mean y, number of runs averaged]` per distinct x, ascending.
 * @throws {EmptySeriesError} for no runs or an empty run.
 * @throws {NonFiniteValueError} / {@link UnsortedPointsError} for bad points.
 */
export function meanCurve(
  runs: readonly (readonly Point[])[],
  afterEnd: AfterEnd = 'drop',
): Array<[number, number, number]> {
  if (!Array.isArray(runs) || runs.length === 0) {
    throw new EmptySeriesError('runs', describeValue(runs), 'at least one run');
  }
  if (afterEnd !== 'drop' && afterEnd !== 'hold') {
    throw new InvalidOptionError('afterEnd', describeValue(afterEnd), "'drop' or 'hold'");
  }
  const checked = runs.map((r, i) => checkPoints(`runs[${i}]`, r));
  const xs = [...new Set(checked.flatMap((r) => r.map((p) => p[0])))].sort((a, b) => a - b);
  const out: Array<[number, number, number]> = [];
  for (const x of xs) {
    let sum = 0;
    let n = 0;
    for (const r of checked) {
      const first = r[0] as Point;
      const last = r[r.length - 1] as Point;
      if (x < first[0]) continue;
      if (x > last[0]) {
        if (afterEnd === 'hold') {
          sum += last[1];
          n++;
        }
        continue;
      }
      sum += interpolate(r, x);
      n++;
    }
    if (n > 0) out.push([x, sum / n, n]);
  }
  return out;
}

function lineSwatch(color: string, width: number) {
  return (x: number, y: number) =>
    `<line x1="${num(x)}" y1="${num(y)}" x2="${num(x + 22)}" y2="${num(y)}" stroke="${escapeXml(color)}" stroke-width="${width}"/>`;
}

/**
 * Draws learning curves: fitness (y) against generation (x), one line per
 * {@link LineSeries}, or thin lines per run plus a thick mean per
 * {@link RunsSeries} (e.g. one series per condition: pathnet, independent,
 * fine-tune; Fernando et al. 2017, Sec. 2.3, 3.1). Axes with ticks, axis labels, a legend
 * to the right, an optional title and dashed threshold line. Lines are
 * clipped to the plot area.
 *
 * Classes: `pn-series` (one `<g>` per series, `data-series` index),
 * `pn-run` (one thin line per run), `pn-mean` (one per runs series),
 * `pn-line` (one per line series), `pn-threshold`.
 *
 * @returns a standalone SVG document (string).
 * @throws {EmptySeriesError} for no series, no runs, or a run/series with no points.
 * @throws {NonFiniteValueError} for a non-finite coordinate, domain end or threshold.
 * @throws {UnsortedPointsError} where x decreases within a run or series.
 * @throws {InvalidOptionError} for a bad size, domain, label or `afterEnd`.
 */
export function renderLearningCurves(options: LearningCurvesOptions): string {
  const W = checkSize('width', options.width, 760, 200);
  const H = checkSize('height', options.height, 440, 150);
  if (!Array.isArray(options.series) || options.series.length === 0) {
    throw new EmptySeriesError('series', describeValue(options.series), 'at least one series');
  }
  const afterEnd = options.afterEnd ?? 'drop';
  const series = options.series.map((s, i) => {
    const label = checkLabel(`series[${i}]`, s);
    checkOptionalStrings(s, ['color'], `series[${i}].`);
    const color = s.color ?? defaultColor(i);
    if ('runs' in s) {
      if (!Array.isArray(s.runs) || s.runs.length === 0) {
        throw new EmptySeriesError(`series[${i}].runs`, describeValue(s.runs), 'at least one run');
      }
      const runs = s.runs.map((r: unknown, j: number) => checkPoints(`series[${i}].runs[${j}]`, r));
      const mean = meanCurve(runs, afterEnd).map(([x, y]) => [x, y] as const);
      return { label, color, runs, main: mean as Point[] };
    }
    return {
      label,
      color,
      runs: [] as Point[][],
      main: checkPoints(`series[${i}].points`, s.points),
    };
  });
  checkOptionalStrings(options, ['title', 'xLabel', 'yLabel']);
  const [y0, y1] = checkDomain('yDomain', options.yDomain ?? [0, 1]);
  let x0: number;
  let x1: number;
  if (options.xDomain !== undefined) {
    [x0, x1] = checkDomain('xDomain', options.xDomain);
  } else {
    const xs = series.flatMap((s) => [...s.main, ...s.runs.flat()].map((p) => p[0]));
    x0 = Math.min(...xs);
    x1 = Math.max(...xs);
    if (x0 === x1) {
      x0 -= 0.5;
      x1 += 0.5;
    }
  }
  let threshold: { value: number; label: string } | undefined;
  if (options.threshold !== undefined) {
    const t = options.threshold;
    const value = checkFinite('threshold', typeof t === 'number' ? t : t?.value);
    const label = typeof t === 'number' ? String(t) : (t.label ?? String(t.value));
    if (typeof label !== 'string') {
      throw new InvalidOptionError('threshold.label', describeValue(label), 'a string');
    }
    threshold = { value, label };
  }

  const legendItems: LegendItem[] = [];
  for (const s of series) {
    legendItems.push({
      label: s.runs.length > 0 ? `${s.label} (mean of ${s.runs.length})` : s.label,
      swatch:
        s.main.length === 1 && s.runs.length === 0
          ? (x: number, y: number) =>
              `<circle cx="${num(x + 11)}" cy="${num(y)}" r="3" fill="${escapeXml(s.color)}"/>`
          : lineSwatch(s.color, 3),
    });
  }
  if (series.some((s) => s.runs.length > 0)) {
    legendItems.push({ label: 'single run', swatch: lineSwatch('#777777', 1) });
  }
  if (threshold) {
    legendItems.push({
      label: `threshold ${threshold.label}`,
      swatch: (x, y) =>
        `<line x1="${num(x)}" y1="${num(y)}" x2="${num(x + 22)}" y2="${num(y)}" stroke="#333333" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    });
  }

  const yTicks = niceTicks(y0, y1, Math.max(2, Math.round(H / 80)));
  const yTickText = formatTicks(yTicks);
  const xTicks = niceTicks(x0, x1, Math.max(2, Math.round(W / 110)));
  const xTickText = formatTicks(xTicks);
  const title = options.title;
  const legW = legendWidth(legendItems, 12);
  const top = title !== undefined ? 44 : 16;
  const left = 28 + Math.max(...yTickText.map((t) => textWidth(t, 11))) + 12;
  const right = legW + 36;
  const bottom = 52;
  const pw = W - left - right;
  const ph = H - top - bottom;
  if (pw < 60 || ph < 40) {
    throw new InvalidOptionError(
      'width/height',
      `${W}×${H}`,
      `a size leaving a plot area of at least 60×40 px (the legend takes ${Math.ceil(right)} px)`,
    );
  }
  const sx = (x: number) => left + ((x - x0) / (x1 - x0)) * pw;
  // 6 px inside the frame at both ends, so lines at y0 or y1 (fitness 1.0,
  // a 0.998 threshold) stay visible instead of merging with the frame.
  const pad = 6;
  const sy = (y: number) => top + pad + (ph - 2 * pad) * (1 - (y - y0) / (y1 - y0));
  const path = (pts: readonly Point[]) =>
    pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(sx(p[0]))} ${num(sy(p[1]))}`).join(' ');

  const out: string[] = [svgOpen(W, H, title)];
  out.push(
    `<defs><clipPath id="pn-plot-clip"><rect x="${num(left)}" y="${num(top)}" width="${num(pw)}" height="${num(ph)}"/></clipPath></defs>`,
  );
  out.push(...chartTitle(title, left + pw / 2));
  // Grid and axes.
  out.push('<g class="pn-axes">');
  out.push(...yTickLines(yTicks, yTickText, sy, left, pw));
  xTicks.forEach((t, i) => {
    const x = sx(t);
    out.push(
      `<line x1="${num(x)}" y1="${num(top + ph)}" x2="${num(x)}" y2="${num(top + ph + 5)}" stroke="#333333"/>`,
    );
    out.push(textEl(x, top + ph + 18, xTickText[i] ?? '', { size: 11, anchor: 'middle' }));
  });
  out.push(
    `<rect x="${num(left)}" y="${num(top)}" width="${num(pw)}" height="${num(ph)}" fill="none" stroke="#333333"/>`,
  );
  out.push(
    textEl(left + pw / 2, H - 12, options.xLabel ?? 'generation', { size: 12, anchor: 'middle' }),
  );
  out.push(
    textEl(0, 0, options.yLabel ?? 'fitness', {
      size: 12,
      anchor: 'middle',
      transform: `translate(16 ${num(top + ph / 2)}) rotate(-90)`,
    }),
  );
  out.push('</g>');

  out.push('<g clip-path="url(#pn-plot-clip)">');
  if (threshold && threshold.value >= y0 && threshold.value <= y1) {
    out.push(
      `<line class="pn-threshold" x1="${num(left)}" y1="${num(sy(threshold.value))}" x2="${num(left + pw)}" y2="${num(sy(threshold.value))}" stroke="#333333" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    );
  }
  // Thin runs first, then every thick line on top.
  series.forEach((s, i) => {
    for (const r of s.runs) {
      out.push(
        `<path class="pn-run" data-series="${i}" d="${path(r)}" fill="none" stroke="${escapeXml(s.color)}" stroke-width="1" stroke-opacity="0.45"/>`,
      );
    }
  });
  series.forEach((s, i) => {
    const cls = s.runs.length > 0 ? 'pn-mean' : 'pn-line';
    out.push(`<g class="pn-series" data-series="${i}">`);
    if (s.main.length === 1) {
      const p = s.main[0] as Point;
      out.push(
        `<circle class="${cls}" cx="${num(sx(p[0]))}" cy="${num(sy(p[1]))}" r="3" fill="${escapeXml(s.color)}"/>`,
      );
    } else {
      out.push(
        `<path class="${cls}" d="${path(s.main)}" fill="none" stroke="${escapeXml(s.color)}" stroke-width="${s.runs.length > 0 ? 3 : 2}" stroke-linejoin="round"/>`,
      );
    }
    out.push('</g>');
  });
  out.push('</g>');

  out.push(legendColumn(legendItems, left + pw + 20, top + 10, 12).svg);
  out.push('</svg>');
  return out.join('\n');
}
