import { describeValue, EmptySeriesError, InvalidOptionError } from './errors.js';
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

/**
 * One bar: a condition's mean with its confidence interval, e.g. the
 * generations to solve task B under `pathnet` (Fernando et al. 2017, Sec. 3.1). The
 * statistics are computed by the caller; this package only draws them.
 */
export interface Bar {
  /** Condition name under the bar; any text, escaped. */
  readonly label: string;
  /** Bar height. */
  readonly mean: number;
  /** Lower end of the error bar (<= mean). */
  readonly ciLow: number;
  /** Upper end of the error bar (>= mean). */
  readonly ciHigh: number;
  /** Optional per-run values (e.g. one per seed), drawn as dots over the bar. */
  readonly values?: readonly number[];
  /** CSS colour; default: the Okabe–Ito colour of the bar's index. */
  readonly color?: string;
}

/** Options of {@link renderBarChart}. */
export interface BarChartOptions {
  /** At least one bar, drawn left to right. */
  readonly bars: readonly Bar[];
  /** Title above the plot. */
  readonly title?: string;
  /** Default `"generations to solve"`. */
  readonly yLabel?: string;
  /** Legend text of the error bar; default `"95% CI"`. */
  readonly intervalLabel?: string;
  /** Default: from min(0, data) to a tick above the largest value. */
  readonly yDomain?: readonly [number, number];
  /** Outer size in px; defaults 560 × 400. */
  readonly width?: number;
  /** Outer height in px; default 400. */
  readonly height?: number;
}

function fmtValue(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}

/**
 * Draws a bar chart with error bars: one bar per condition at its mean, a
 * whisker from `ciLow` to `ciHigh`, the mean written above the whisker, and
 * optional per-run dots (spread sideways by a fixed pattern, no randomness).
 * Labels too wide for their slot are drawn slanted.
 *
 * Classes: `pn-bar` (one per bar), `pn-errorbar` (one per bar), `pn-value`
 * (one per per-run dot).
 *
 * @returns a standalone SVG document (string).
 * @throws {EmptySeriesError} for no bars.
 * @throws {NonFiniteValueError} for a non-finite mean, interval end or value.
 * @throws {InvalidOptionError} for `ciLow > mean` or `mean > ciHigh`, a bad
 *   size, domain or label.
 */
export function renderBarChart(options: BarChartOptions): string {
  const W = checkSize('width', options.width, 560, 200);
  const H = checkSize('height', options.height, 400, 150);
  if (!Array.isArray(options.bars) || options.bars.length === 0) {
    throw new EmptySeriesError('bars', describeValue(options.bars), 'at least one bar');
  }
  const bars = options.bars.map((b, i) => {
    const name = `bars[${i}]`;
    const label = checkLabel(name, b);
    checkOptionalStrings(b, ['color'], `${name}.`);
    const mean = checkFinite(`${name}.mean`, b.mean);
    const lo = checkFinite(`${name}.ciLow`, b.ciLow);
    const hi = checkFinite(`${name}.ciHigh`, b.ciHigh);
    if (!(lo <= mean && mean <= hi)) {
      throw new InvalidOptionError(
        `${name}.ciLow/mean/ciHigh`,
        `${lo} / ${mean} / ${hi}`,
        'ciLow <= mean <= ciHigh',
      );
    }
    if (b.values !== undefined && !Array.isArray(b.values)) {
      throw new InvalidOptionError(
        `${name}.values`,
        describeValue(b.values),
        'an array of numbers',
      );
    }
    const values = (b.values ?? []).map((v: unknown, j: number) =>
      checkFinite(`${name}.values[${j}]`, v),
    );
    return { label, color: b.color ?? defaultColor(i), mean, lo, hi, values };
  });
  checkOptionalStrings(options, ['title', 'yLabel', 'intervalLabel']);
  let y0: number;
  let y1: number;
  if (options.yDomain !== undefined) {
    [y0, y1] = checkDomain('yDomain', options.yDomain);
  } else {
    const all = bars.flatMap((b) => [b.lo, b.hi, b.mean, ...b.values]);
    y0 = Math.min(0, ...all);
    const top = Math.max(0, ...all);
    const span = top - y0 || 1;
    const t = niceTicks(y0, top + span * 0.12, 5);
    const step = t.length > 1 ? (t[1] ?? 0) - (t[0] ?? 0) : span;
    y1 = Math.max(
      top + span * 0.12,
      (t[t.length - 1] ?? top) + (t[t.length - 1] === top ? step : 0),
    );
  }

  const legendItems: LegendItem[] = [
    {
      label: options.intervalLabel ?? '95% CI',
      swatch: (x, y) =>
        `<path d="M${num(x + 11)} ${num(y - 8)} V${num(y + 8)} M${num(x + 5)} ${num(y - 8)} H${num(x + 17)} M${num(x + 5)} ${num(y + 8)} H${num(x + 17)}" stroke="#222222" stroke-width="1.5" fill="none"/>`,
    },
  ];
  if (bars.some((b) => b.values.length > 0)) {
    legendItems.push({
      label: 'single run',
      swatch: (x, y) =>
        `<circle cx="${num(x + 11)}" cy="${num(y)}" r="3" fill="#ffffff" stroke="#222222"/>`,
    });
  }

  const title = options.title;
  const yTicks = niceTicks(y0, y1, Math.max(2, Math.round(H / 80)));
  const yTickText = formatTicks(yTicks);
  const top = title !== undefined ? 44 : 16;
  const axisLeft = 28 + Math.max(...yTickText.map((t) => textWidth(t, 11))) + 12;
  const right = legendWidth(legendItems, 12) + 36;
  const maxLabel = Math.max(...bars.map((b) => textWidth(b.label, 12)));
  const angle = 35;
  const rad = (angle * Math.PI) / 180;
  let left = axisLeft;
  let slot = (W - left - right) / bars.length;
  const slant = maxLabel > slot - 8;
  if (slant) {
    // A slanted label ends at its bar and reaches cos(angle)·width to the
    // left; widen the left margin until the first one fits in the picture.
    const first = textWidth(bars[0]?.label ?? '', 12) * Math.cos(rad);
    for (let i = 0; i < 4; i++) {
      left = Math.max(axisLeft, first - slot / 2 + 4);
      slot = (W - left - right) / bars.length;
    }
  }
  const pw = W - left - right;
  const bottom = slant ? 16 + maxLabel * Math.sin(rad) + 10 : 36;
  const ph = H - top - bottom;
  if (pw < 40 || ph < 40) {
    throw new InvalidOptionError(
      'width/height',
      `${W}×${H}`,
      'a size leaving a plot area of at least 40×40 px for these labels',
    );
  }
  const sy = (y: number) => top + ph - ((Math.min(y1, Math.max(y0, y)) - y0) / (y1 - y0)) * ph;
  const base = sy(Math.max(y0, Math.min(y1, 0)));

  const out: string[] = [svgOpen(W, H, title), ...chartTitle(title, left + pw / 2)];
  out.push('<g class="pn-axes">');
  out.push(...yTickLines(yTicks, yTickText, sy, left, pw));
  out.push(
    `<line x1="${num(left)}" y1="${num(top)}" x2="${num(left)}" y2="${num(top + ph)}" stroke="#333333"/>`,
  );
  out.push(
    `<line x1="${num(left)}" y1="${num(base)}" x2="${num(left + pw)}" y2="${num(base)}" stroke="#333333"/>`,
  );
  out.push(
    textEl(0, 0, options.yLabel ?? 'generations to solve', {
      size: 12,
      anchor: 'middle',
      transform: `translate(${num(left - axisLeft + 16)} ${num(top + ph / 2)}) rotate(-90)`,
    }),
  );
  out.push('</g>');

  const barW = Math.min(90, slot * 0.6);
  bars.forEach((b, i) => {
    const cx = left + slot * (i + 0.5);
    const yMean = sy(b.mean);
    const c = escapeXml(b.color);
    out.push(
      `<rect class="pn-bar" data-bar="${i}" x="${num(cx - barW / 2)}" y="${num(Math.min(yMean, base))}" width="${num(barW)}" height="${num(Math.abs(base - yMean))}" fill="${c}" fill-opacity="0.75" stroke="${c}"/>`,
    );
    const yl = sy(b.lo);
    const yh = sy(b.hi);
    const cap = Math.min(14, barW / 3);
    out.push(
      `<path class="pn-errorbar" data-bar="${i}" d="M${num(cx)} ${num(yl)} V${num(yh)} M${num(cx - cap)} ${num(yl)} H${num(cx + cap)} M${num(cx - cap)} ${num(yh)} H${num(cx + cap)}" stroke="#222222" stroke-width="1.5" fill="none"/>`,
    );
    b.values.forEach((v: number, j: number) => {
      // Fixed sideways spread: 0, +1, -1, +2, -2, ... steps of 4 px, within the bar.
      const k = j === 0 ? 0 : (j % 2 === 1 ? 1 : -1) * Math.ceil(j / 2);
      const dx = Math.max(-barW / 2 + 4, Math.min(barW / 2 - 4, k * 4));
      out.push(
        `<circle class="pn-value" data-bar="${i}" cx="${num(cx + dx)}" cy="${num(sy(v))}" r="3" fill="#ffffff" fill-opacity="0.9" stroke="#222222"/>`,
      );
    });
    const labelTop = Math.min(yh, ...b.values.map(sy));
    out.push(textEl(cx, labelTop - 9, fmtValue(b.mean), { size: 11, anchor: 'middle' }));
    if (slant) {
      out.push(
        textEl(0, 0, b.label, {
          size: 12,
          anchor: 'end',
          transform: `translate(${num(cx + 4)} ${num(top + ph + 16)}) rotate(-${angle})`,
        }),
      );
    } else {
      out.push(textEl(cx, top + ph + 20, b.label, { size: 12, anchor: 'middle' }));
    }
  });

  out.push(legendColumn(legendItems, left + pw + 20, top + 10, 12).svg);
  out.push('</svg>');
  return out.join('\n');
}
