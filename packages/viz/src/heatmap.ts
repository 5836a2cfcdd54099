import { describeValue, EmptySeriesError, InvalidOptionError } from './errors.js';
import { checkFinite, checkSize, escapeXml, num, svgOpen, textEl, textWidth } from './svg.js';

/**
 * One heatmap: a matrix of values over two settings, e.g. the final score of
 * A3C per learning rate (rows) and entropy cost (columns) (Fernando et al.
 * 2017, Sec. 3.5). `NaN` marks a cell without a value (drawn grey, no text).
 */
export interface HeatmapPanel {
  /** Title above the panel (e.g. the method and the game). */
  readonly title: string;
  /** `[rows][columns]` values. */
  readonly values: readonly (readonly number[])[];
  /** Row labels, top to bottom (one per row of `values`). */
  readonly rowLabels: readonly string[];
  /** Column labels, left to right (one per column of `values`). */
  readonly columnLabels: readonly string[];
}

/** Options of {@link renderHeatmaps}. */
export interface HeatmapOptions {
  /** At least one panel, drawn left to right with one shared colour scale. */
  readonly panels: readonly HeatmapPanel[];
  /** Title above the panels. */
  readonly title?: string;
  /** What the rows are (written left of the first panel). */
  readonly rowName?: string;
  /** What the columns are (written under every panel). */
  readonly columnName?: string;
  /**
   * Colour-scale domain; default: from the smallest to the largest value of all panels. With
   * `scale: 'ratio'` it is widened to be symmetric around 1 on a log scale.
   */
  readonly domain?: readonly [number, number];
  /**
   * `linear` (default): light = low, dark = high. `ratio`, for ratios such as speedups (every
   * value > 0): a log scale centred on 1, red below, white at 1, blue above, so that 2 and 1/2
   * are equally dark; values are written with two decimals.
   */
  readonly scale?: 'linear' | 'ratio';
  /** Size of a cell in px; default 44. */
  readonly cellSize?: number;
}

const LOW = [247, 251, 255];
const HIGH = [8, 48, 107];

/** A colour from white-blue (t = 0) to dark blue (t = 1). */
function shade(t: number): string {
  const c = LOW.map((lo, i) => Math.round(lo + (HIGH[i]! - lo) * Math.min(1, Math.max(0, t))));
  return `rgb(${c.join(',')})`;
}

const BELOW = [178, 24, 43];
const MIDDLE = [247, 247, 247];
const ABOVE = [33, 102, 172];

/** A colour from red (t = 0) through near-white (t = 0.5) to blue (t = 1). */
function diverging(t: number): string {
  const u = Math.min(1, Math.max(0, t));
  const [from, to, f] = u < 0.5 ? [BELOW, MIDDLE, u * 2] : [MIDDLE, ABOVE, (u - 0.5) * 2];
  return `rgb(${from.map((a, i) => Math.round(a + (to[i]! - a) * f)).join(',')})`;
}

/** How a scale colours and writes values: `t` maps a value into [0, 1]. */
interface Scale {
  t: (v: number) => number;
  colour: (t: number) => string;
  /** White ink on a dark cell. */
  dark: (t: number) => boolean;
  text: (v: number) => string;
  /** The colour bar's labels, top to bottom, with their heights in [0, 1]. */
  ticks: [number, string][];
}

function linearScale(lo: number, hi: number): Scale {
  return {
    t: (v) => (hi > lo ? (v - lo) / (hi - lo) : 0.5),
    colour: shade,
    dark: (t) => t > 0.55,
    text: fmt,
    ticks: [
      [0, fmt(hi)],
      [1, fmt(lo)],
    ],
  };
}

/** Log scale centred on 1, from 1/m to m. */
function ratioScale(m: number): Scale {
  const half = Math.log(m);
  return {
    t: (v) => (half > 0 ? 0.5 + Math.log(v) / (2 * half) : 0.5),
    colour: diverging,
    dark: (t) => Math.abs(t - 0.5) > 0.3,
    text: (v) => v.toFixed(2),
    ticks: [
      [0, m.toFixed(2)],
      [0.5, '1'],
      [1, (1 / m).toFixed(2)],
    ],
  };
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}

function checkPanel(p: HeatmapPanel, i: number): void {
  const name = `panels[${i}]`;
  if (!Array.isArray(p.values) || p.values.length === 0) {
    throw new EmptySeriesError(`${name}.values`, describeValue(p.values), 'at least one row');
  }
  const columns = p.values[0]!.length;
  if (columns === 0 || p.values.some((row) => !Array.isArray(row) || row.length !== columns)) {
    throw new InvalidOptionError(`${name}.values`, 'ragged rows', 'rows of one length ≥ 1');
  }
  if (p.rowLabels.length !== p.values.length || p.columnLabels.length !== columns) {
    throw new InvalidOptionError(
      `${name} labels`,
      `${p.rowLabels.length} row and ${p.columnLabels.length} column labels`,
      `${p.values.length} and ${columns}, one per row and column`,
    );
  }
  for (const row of p.values) {
    for (const v of row) if (!Number.isNaN(v)) checkFinite(`${name}.values`, v);
  }
}

/**
 * Draws heatmaps side by side with one shared colour scale: each cell
 * coloured by its value (light = low, dark = high) with the value written in
 * it, row labels left of the first panel, column labels under each panel,
 * and a colour bar with the domain's ends on the right.
 *
 * Classes: `pn-cell` (one per cell with a value), `pn-panel` (one per panel).
 *
 * @returns a standalone SVG document (string).
 * @throws {EmptySeriesError} for no panels or a panel without rows.
 * @throws {InvalidOptionError} for ragged rows, label counts that do not
 *   match, a bad cell size or domain.
 * @throws {NonFiniteValueError} for an infinite value (NaN marks an empty cell).
 */
export function renderHeatmaps(options: HeatmapOptions): string {
  if (!Array.isArray(options.panels) || options.panels.length === 0) {
    throw new EmptySeriesError('panels', describeValue(options.panels), 'at least one panel');
  }
  const panels: readonly HeatmapPanel[] = options.panels;
  panels.forEach(checkPanel);
  const cell = checkSize('cellSize', options.cellSize, 44, 12);
  const all = panels.flatMap((p) => p.values.flat()).filter((v) => !Number.isNaN(v));
  const [lo, hi] = options.domain ?? [Math.min(...all), Math.max(...all)];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) {
    throw new InvalidOptionError('domain', describeValue(options.domain), 'finite [low, high]');
  }
  const ratio = options.scale === 'ratio';
  if (options.scale !== undefined && !ratio && options.scale !== 'linear') {
    throw new InvalidOptionError('scale', describeValue(options.scale), '"linear" or "ratio"');
  }
  const ratios = [...all, ...(options.domain ?? [])];
  const bad = ratio ? ratios.find((v) => !(v > 0)) : undefined;
  if (bad !== undefined) {
    throw new InvalidOptionError('values', describeValue(bad), 'ratios > 0 with scale "ratio"');
  }
  const scale = ratio
    ? ratioScale(Math.max(1, ...ratios.map((v) => Math.max(v, 1 / v))))
    : linearScale(lo, hi);
  const t = scale.t;
  const labelWidth = 14 + 7 * Math.max(...panels[0]!.rowLabels.map((l) => l.length));
  const left = labelWidth + (options.rowName ? 22 : 0);
  const top = options.title ? 56 : 34;
  const gap = 28;
  const widths = panels.map((p) => p.values[0]!.length * cell);
  const rows = Math.max(...panels.map((p) => p.values.length));
  const plotWidth = widths.reduce((a, w) => a + w, 0) + gap * (panels.length - 1);
  const W = Math.max(left + plotWidth + 90, options.title ? textWidth(options.title, 15) + 40 : 0);
  const H = top + rows * cell + 62;
  const out = [svgOpen(W, H, options.title)];
  if (options.title)
    out.push(textEl(W / 2, 24, options.title, { size: 15, anchor: 'middle', weight: 'bold' }));
  if (options.rowName) {
    const y = top + (rows * cell) / 2;
    out.push(
      textEl(14, y, options.rowName, { anchor: 'middle', transform: `rotate(-90 14 ${num(y)})` }),
    );
  }
  let x0 = left;
  panels.forEach((p, i) => {
    out.push(`<g class="pn-panel">`);
    out.push(textEl(x0 + widths[i]! / 2, top - 10, p.title, { size: 13, anchor: 'middle' }));
    p.values.forEach((row, r) => {
      if (i === 0) {
        out.push(
          textEl(left - 6, top + r * cell + cell / 2, p.rowLabels[r]!, {
            size: 11,
            anchor: 'end',
            baseline: 'middle',
          }),
        );
      }
      row.forEach((v, c) => {
        const x = x0 + c * cell;
        const y = top + r * cell;
        if (Number.isNaN(v)) {
          out.push(
            `<rect x="${num(x)}" y="${num(y)}" width="${num(cell)}" height="${num(cell)}" fill="#dddddd"/>`,
          );
          return;
        }
        out.push(
          `<rect class="pn-cell" x="${num(x)}" y="${num(y)}" width="${num(cell)}" height="${num(cell)}" fill="${scale.colour(t(v))}"><title>${escapeXml(`${p.rowLabels[r]}, ${p.columnLabels[c]}: ${v}`)}</title></rect>`,
        );
        const ink = scale.dark(t(v)) ? '#ffffff' : '#000000';
        out.push(
          textEl(x + cell / 2, y + cell / 2, scale.text(v), {
            size: 10,
            anchor: 'middle',
            baseline: 'middle',
            fill: ink,
          }),
        );
      });
    });
    p.columnLabels.forEach((label, c) => {
      out.push(
        textEl(x0 + c * cell + cell / 2, top + p.values.length * cell + 14, label, {
          size: 11,
          anchor: 'middle',
        }),
      );
    });
    if (options.columnName) {
      out.push(
        textEl(x0 + widths[i]! / 2, top + p.values.length * cell + 34, options.columnName, {
          anchor: 'middle',
        }),
      );
    }
    out.push('</g>');
    x0 += widths[i]! + gap;
  });
  // Colour bar.
  const barX = left + plotWidth + 24;
  const steps = 20;
  const barH = rows * cell;
  for (let s = 0; s < steps; s++) {
    const y = top + (barH * s) / steps;
    out.push(
      `<rect x="${num(barX)}" y="${num(y)}" width="14" height="${num(barH / steps + 0.5)}" fill="${scale.colour(1 - s / (steps - 1))}"/>`,
    );
  }
  for (const [at, label] of scale.ticks) {
    out.push(textEl(barX + 18, top + 8 + (barH - 8) * at, label, { size: 11 }));
  }
  out.push('</svg>');
  return out.join('\n');
}
