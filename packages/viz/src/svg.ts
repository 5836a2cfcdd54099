import { describeValue, InvalidOptionError, NonFiniteValueError } from './errors.js';

/** Font stack written into every `<text>`; the PNG path ships DejaVu Sans. */
export const FONT_FAMILY = 'DejaVu Sans, Verdana, Arial, sans-serif';

/**
 * Replaces characters XML 1.0 forbids (C0 controls except TAB, LF, CR; lone
 * surrogates; U+FFFE, U+FFFF) by U+FFFD.
 */
function replaceForbidden(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i] + (text[i + 1] ?? '');
        i++;
      } else {
        out += '\uFFFD';
      }
    } else if (
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) ||
      (c >= 0xdc00 && c <= 0xdfff) ||
      c === 0xfffe ||
      c === 0xffff
    ) {
      out += '\uFFFD';
    } else {
      out += text[i];
    }
  }
  return out;
}

/**
 * Escapes text for use as SVG character data or a double- or single-quoted
 * attribute value: `& < > " '` become entities, CR becomes `&#13;` (a bare
 * CR would be read back as LF) and characters XML 1.0 does not allow become
 * U+FFFD.
 *
 * @param text - any string (labels are user input).
 * @returns the escaped string; parsing it back yields `text` with forbidden
 *   characters replaced.
 */
export function escapeXml(text: string): string {
  return replaceForbidden(String(text))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

/** A coordinate rounded to 0.01 px, without trailing zeros. */
export function num(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/**
 * Width in px that `text` takes at `fontSize` in DejaVu Sans, over-estimated
 * on purpose (0.62 em a character) so that layouts never cut labels.
 */
export function textWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * 0.62;
}

/** Options of {@link textEl}. */
export interface TextAttrs {
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  weight?: 'normal' | 'bold';
  fill?: string;
  className?: string;
  transform?: string;
  baseline?: 'middle' | 'auto';
}

/** A `<text>` element with escaped content. */
export function textEl(x: number, y: number, content: string, a: TextAttrs = {}): string {
  const attrs = [
    `x="${num(x)}"`,
    `y="${num(y)}"`,
    `font-size="${num(a.size ?? 12)}"`,
    `text-anchor="${a.anchor ?? 'start'}"`,
  ];
  if (a.weight === 'bold') attrs.push('font-weight="bold"');
  if (a.fill) attrs.push(`fill="${escapeXml(a.fill)}"`);
  if (a.className) attrs.push(`class="${escapeXml(a.className)}"`);
  if (a.transform) attrs.push(`transform="${a.transform}"`);
  if (a.baseline === 'middle') attrs.push('dominant-baseline="central"');
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

/** Opens an SVG document with a white background and the font stack. */
export function svgOpen(width: number, height: number, title: string | undefined): string {
  const head = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" font-family="${FONT_FAMILY}">`,
  ];
  if (title !== undefined) head.push(`<title>${escapeXml(title)}</title>`);
  head.push(`<rect class="pn-background" width="100%" height="100%" fill="#ffffff"/>`);
  return head.join('\n');
}

/**
 * Axis ticks at 1, 2 or 5 × 10^k covering `[lo, hi]` with about `count` steps
 * (the "nice numbers" rule of Heckbert, Graphics Gems I, 1990).
 *
 * @returns ascending tick values inside `[lo, hi]` (at least `lo` when `lo === hi`).
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (hi <= lo) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm < 1.5 ? 1 : norm < 3.5 ? 2 : norm < 7.5 ? 5 : 10) * mag;
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** Formats tick values with the fewest decimals that tell them apart. */
export function formatTicks(ticks: readonly number[]): string[] {
  const step = ticks.length > 1 ? Math.abs((ticks[1] ?? 0) - (ticks[0] ?? 0)) : 1;
  const decimals = step >= 1 || step === 0 ? 0 : Math.min(10, Math.ceil(-Math.log10(step) - 1e-9));
  return ticks.map((t) => t.toFixed(decimals));
}

/**
 * Checks a size option (px).
 * @throws {InvalidOptionError} unless `value` is a finite number >= `min`.
 */
export function checkSize(name: string, value: number | undefined, fallback: number, min: number) {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new InvalidOptionError(name, describeValue(v), `a finite number of px >= ${min}`);
  }
  return v;
}

/**
 * Checks that a number is finite.
 * @throws {NonFiniteValueError} naming `name`.
 */
export function checkFinite(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new NonFiniteValueError(name, describeValue(value), 'a finite number');
  }
  return value;
}

/**
 * Checks a `[lo, hi]` domain option.
 * @throws {NonFiniteValueError} for a non-finite end.
 * @throws {InvalidOptionError} unless it is a pair with `lo < hi`.
 */
export function checkDomain(name: string, d: unknown): [number, number] {
  if (!Array.isArray(d) || d.length !== 2) {
    throw new InvalidOptionError(name, describeValue(d), 'a pair [lo, hi]');
  }
  const lo = checkFinite(`${name}[0]`, d[0]);
  const hi = checkFinite(`${name}[1]`, d[1]);
  if (!(lo < hi)) throw new InvalidOptionError(name, `[${lo}, ${hi}]`, 'lo < hi');
  return [lo, hi];
}

/** One legend row: a swatch drawn by the caller, then a label. */
export interface LegendItem {
  label: string;
  swatch: (x: number, y: number) => string;
}

/**
 * Lays out legend rows vertically from (x, y), 20 px apart.
 * @returns the SVG and the height used.
 */
export function legendColumn(items: readonly LegendItem[], x: number, y: number, size = 12) {
  const parts: string[] = ['<g class="pn-legend">'];
  items.forEach((it, i) => {
    const cy = y + i * (size + 8);
    parts.push(it.swatch(x, cy));
    parts.push(textEl(x + 30, cy, it.label, { size, baseline: 'middle' }));
  });
  parts.push('</g>');
  return { svg: parts.join('\n'), height: items.length * (size + 8) };
}

/** Width of a {@link legendColumn}: swatch, gap and the widest label. */
export function legendWidth(items: readonly LegendItem[], size = 12): number {
  return 30 + Math.max(0, ...items.map((it) => textWidth(it.label, size)));
}

/**
 * Checks that each of `keys` of `record` is a string or absent.
 * @throws {InvalidOptionError} naming `${prefix}${key}` for the first that is not.
 */
export function checkOptionalStrings<T extends object>(
  record: T,
  keys: readonly (keyof T & string)[],
  prefix = '',
): void {
  for (const key of keys) {
    const value = record[key];
    if (value !== undefined && typeof value !== 'string') {
      throw new InvalidOptionError(`${prefix}${key}`, describeValue(value), 'a string');
    }
  }
}

/**
 * The `label` of the item `name` (e.g. `"bars[2]"`), which must be a string.
 * @throws {InvalidOptionError} naming `${name}.label` otherwise (also for a missing item).
 */
export function checkLabel(name: string, item: unknown): string {
  const label = (item as { label?: unknown } | null | undefined)?.label;
  if (typeof label !== 'string') {
    throw new InvalidOptionError(`${name}.label`, describeValue(label), 'a string');
  }
  return label;
}

/** A chart's bold title centred at `x`, 28 px from the top; nothing when `title` is undefined. */
export function chartTitle(title: string | undefined, x: number): string[] {
  if (title === undefined) return [];
  return [textEl(x, 28, title, { size: 16, anchor: 'middle', weight: 'bold' })];
}

/**
 * The y axis' ticks of a plot whose area starts at `left` and is `width` px
 * wide: for each tick a light grid line across the plot, a tick mark left of
 * it and its label (`labels[i]`), at height `sy(tick)`.
 */
export function yTickLines(
  ticks: readonly number[],
  labels: readonly string[],
  sy: (y: number) => number,
  left: number,
  width: number,
): string[] {
  return ticks.flatMap((t, i) => {
    const y = sy(t);
    return [
      `<line x1="${num(left)}" y1="${num(y)}" x2="${num(left + width)}" y2="${num(y)}" stroke="#e6e6e6"/>`,
      `<line x1="${num(left - 5)}" y1="${num(y)}" x2="${num(left)}" y2="${num(y)}" stroke="#333333"/>`,
      textEl(left - 8, y, labels[i] ?? '', { size: 11, anchor: 'end', baseline: 'middle' }),
    ];
  });
}
