import { describeValue, EmptySeriesError, InvalidOptionError } from './errors.js';
import { defaultColor } from './palette.js';
import {
  chartTitle,
  checkFinite,
  checkLabel,
  checkSize,
  escapeXml,
  num,
  svgOpen,
  textEl,
  textWidth,
} from './svg.js';

/**
 * One row of a forest plot: a ratio (e.g. a speedup, generations of a control ÷ generations of
 * a condition) with its 95% interval. The statistics are computed by the caller.
 */
export interface ForestRow {
  /** Row label at the left; any text, escaped. */
  readonly label: string;
  /** The estimate, > 0 (the axis is logarithmic). */
  readonly estimate: number;
  /** Lower end of its interval, > 0 and ≤ estimate. */
  readonly ciLow: number;
  /** Upper end of its interval, ≥ estimate. */
  readonly ciHigh: number;
  /** Text at the right of the row (e.g. `1.05 [0.93, 1.19]`); default the three numbers. */
  readonly note?: string;
  /** CSS colour of the marker; default the Okabe–Ito colour of the row's group. */
  readonly color?: string;
}

/** Options of {@link renderForestPlot}. */
export interface ForestPlotOptions {
  /** Rows, top to bottom. */
  readonly rows: readonly ForestRow[];
  /** Optional headings: `groups[k]` names the rows from `start` on (drawn as a bold line). */
  readonly groups?: readonly { readonly start: number; readonly label: string }[];
  /** Title above the plot. */
  readonly title?: string;
  /** Axis label; default `"speedup (log scale)"`. */
  readonly xLabel?: string;
  /** Where the reference line is drawn (no effect); default 1. */
  readonly reference?: number;
  /** Outer width in px; default 760. The height follows the rows. */
  readonly width?: number;
}

const ROW = 22;
const fmt = (x: number) => x.toFixed(2);

/**
 * Draws a forest plot: one row per estimate, a marker at the estimate and a whisker over its
 * interval on a logarithmic axis, a dashed reference line at `reference` (no effect), the
 * label at the left and the numbers at the right — the usual picture of many ratios with
 * intervals (e.g. speedups across an experiment's settings).
 *
 * Classes: `pn-forest-row` (one per row), `pn-reference`.
 *
 * @returns a standalone SVG document (string).
 * @throws {EmptySeriesError} for no rows.
 * @throws {NonFiniteValueError} for a non-finite estimate or interval end.
 * @throws {InvalidOptionError} for a non-positive value, `ciLow > estimate > ciHigh`, a bad
 *   label, group or width.
 */
export function renderForestPlot(options: ForestPlotOptions): string {
  const W = checkSize('width', options.width, 760, 320);
  if (!Array.isArray(options.rows) || options.rows.length === 0) {
    throw new EmptySeriesError('rows', describeValue(options.rows), 'at least one row');
  }
  const groups = [...(options.groups ?? [])].sort((a, b) => a.start - b.start);
  for (const [k, g] of groups.entries()) {
    if (!Number.isInteger(g.start) || g.start < 0 || g.start >= options.rows.length) {
      throw new InvalidOptionError(`groups[${k}].start`, describeValue(g.start), 'a row index');
    }
  }
  const groupOf = (i: number) => groups.filter((g) => g.start <= i).length - 1;
  const rows = options.rows.map((r, i) => {
    const name = `rows[${i}]`;
    const label = checkLabel(name, r);
    const estimate = checkFinite(`${name}.estimate`, r.estimate);
    const lo = checkFinite(`${name}.ciLow`, r.ciLow);
    const hi = checkFinite(`${name}.ciHigh`, r.ciHigh);
    if (!(lo > 0 && lo <= estimate && estimate <= hi)) {
      throw new InvalidOptionError(
        `${name}.ciLow/estimate/ciHigh`,
        `${lo} / ${estimate} / ${hi}`,
        '0 < ciLow <= estimate <= ciHigh',
      );
    }
    const note = r.note ?? `${fmt(estimate)} [${fmt(lo)}, ${fmt(hi)}]`;
    return {
      label,
      estimate,
      lo,
      hi,
      note,
      color: r.color ?? defaultColor(Math.max(0, groupOf(i))),
    };
  });
  const reference = options.reference ?? 1;
  const all = rows.flatMap((r) => [r.lo, r.hi]).concat(reference);
  // The axis spans whole half powers of two around the data.
  const lg0 = Math.floor(Math.log2(Math.min(...all)) * 2) / 2;
  const lg1 = Math.ceil(Math.log2(Math.max(...all)) * 2) / 2;
  const span = Math.max(lg1 - lg0, 0.5);

  const title = options.title;
  const top = title !== undefined ? 44 : 16;
  const headings = groups.length;
  const labelWidth =
    Math.max(
      ...rows.map((r) => textWidth(r.label, 12)),
      ...groups.map((g) => textWidth(g.label, 12)),
    ) + 24;
  const noteWidth = Math.max(...rows.map((r) => textWidth(r.note, 11))) + 20;
  const left = labelWidth;
  const pw = W - left - noteWidth;
  if (pw < 80) {
    throw new InvalidOptionError('width', String(W), 'a width leaving at least 80 px for the axis');
  }
  const H = top + (rows.length + headings) * ROW + 56;
  const sx = (v: number) => left + ((Math.log2(v) - lg0) / span) * pw;

  const out: string[] = [svgOpen(W, H, title)];
  out.push(...chartTitle(title, W / 2));
  const plotBottom = top + (rows.length + headings) * ROW + 6;
  // Ticks at every half power of two (×0.71, ×1, ×1.41, ×2, …), labelled at whole powers.
  for (let t = Math.ceil(lg0 * 2) / 2; t <= lg1 + 1e-9; t += 0.5) {
    const x = sx(2 ** t);
    out.push(
      `<line x1="${num(x)}" y1="${num(top)}" x2="${num(x)}" y2="${num(plotBottom)}" stroke="#eeeeee"/>`,
    );
    if (Number.isInteger(t)) {
      out.push(
        textEl(x, plotBottom + 16, String(Number((2 ** t).toPrecision(3))), {
          size: 11,
          anchor: 'middle',
        }),
      );
    }
  }
  out.push(
    `<line class="pn-reference" x1="${num(sx(reference))}" y1="${num(top)}" x2="${num(sx(reference))}" y2="${num(plotBottom)}" stroke="#555555" stroke-dasharray="4 3"/>`,
  );
  out.push(
    textEl(left + pw / 2, plotBottom + 36, options.xLabel ?? 'speedup (log scale)', {
      size: 12,
      anchor: 'middle',
    }),
  );
  let y = top + ROW / 2;
  rows.forEach((r, i) => {
    const heading = groups.find((g) => g.start === i);
    if (heading) {
      out.push(textEl(8, y, heading.label, { size: 12, weight: 'bold', baseline: 'middle' }));
      y += ROW;
    }
    out.push(`<g class="pn-forest-row">`);
    out.push(textEl(20, y, r.label, { size: 12, baseline: 'middle' }));
    out.push(
      `<line x1="${num(sx(r.lo))}" y1="${num(y)}" x2="${num(sx(r.hi))}" y2="${num(y)}" stroke="${escapeXml(r.color)}" stroke-width="2"/>`,
    );
    out.push(
      `<rect x="${num(sx(r.estimate) - 4)}" y="${num(y - 4)}" width="8" height="8" fill="${escapeXml(r.color)}"/>`,
    );
    out.push(textEl(left + pw + 12, y, r.note, { size: 11, baseline: 'middle' }));
    out.push('</g>');
    y += ROW;
  });
  out.push('</svg>');
  return out.join('\n');
}
