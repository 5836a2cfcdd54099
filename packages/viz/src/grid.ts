import {
  describeValue,
  FrozenShapeError,
  GenotypeShapeError,
  InvalidOptionError,
  ModuleIndexError,
} from './errors.js';
import { defaultColor } from './palette.js';
import {
  checkLabel,
  checkOptionalStrings,
  escapeXml,
  type LegendItem,
  legendColumn,
  legendWidth,
  num,
  svgOpen,
  textEl,
  textWidth,
} from './svg.js';

/**
 * A pathway to draw on the grid.
 *
 * `genotype` is the L×N matrix of Fernando et al. 2017, Sec. 2: row `l` holds the module
 * indices (integers in `[0, M)`) chosen in layer `l` (row 0 = the layer next
 * to the input). Duplicate indices in a row collapse to one active module, as
 * in the model.
 */
export interface Pathway {
  /** L rows of module indices; rows may differ in length but hold at least one gene. */
  readonly genotype: readonly (readonly number[])[];
  /** Shown in the legend, e.g. `"A (best, frozen)"`. Any text; it is escaped. */
  readonly label: string;
  /** CSS colour; default: the Okabe–Ito colour of the pathway's index. */
  readonly color?: string;
  /**
   * The task whose readout this pathway feeds; pathways naming the same task
   * share one readout box. Default: `label`.
   */
  readonly task?: string;
}

/** Options of {@link renderPathwayGrid}. */
export interface PathwayGridOptions {
  /** L, the number of layers (integer >= 1). */
  readonly layers: number;
  /** M, the number of modules per layer (integer >= 1). */
  readonly modules: number;
  /** Pathways to highlight, drawn in order (may be empty: the bare grid). */
  readonly pathways: readonly Pathway[];
  /** L×M mask, `frozen[l][m]` true when module m of layer l is frozen (Fernando et al. 2017, Sec. 2.3). */
  readonly frozen?: readonly (readonly boolean[])[];
  /** Title above the grid. */
  readonly title?: string;
  /** Text of the input box; default `"input"`. */
  readonly inputLabel?: string;
  /**
   * Outer size in px. The picture is laid out at its natural size and scaled
   * into this box (aspect kept); giving only one of them keeps the aspect.
   */
  readonly width?: number;
  /** Outer height in px; see `width`. */
  readonly height?: number;
}

const BOX_W = 44;
const BOX_H = 28;
const COL_GAP = 10;
const ROW_GAP = 40;
const FONT = 12;
const FROZEN_STROKE = '#1a1a1a';
const MODULE_STROKE = '#8c8c8c';

function checkCount(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new InvalidOptionError(name, describeValue(v), 'an integer >= 1');
  }
  return v;
}

function checkGenotype(p: number, g: unknown, layers: number, modules: number): number[][] {
  const name = `pathways[${p}].genotype`;
  if (!Array.isArray(g) || g.length !== layers) {
    throw new GenotypeShapeError(name, describeValue(g), `an array of L = ${layers} layer rows`);
  }
  return g.map((row: unknown, l) => {
    if (!Array.isArray(row) || row.length === 0) {
      throw new GenotypeShapeError(
        `${name}[${l}]`,
        describeValue(row),
        'a non-empty array of module indices',
      );
    }
    const distinct = new Set<number>();
    row.forEach((gene: unknown, i) => {
      if (typeof gene !== 'number' || !Number.isInteger(gene) || gene < 0 || gene >= modules) {
        throw new ModuleIndexError(
          `${name}[${l}][${i}]`,
          describeValue(gene),
          `an integer module index in [0, M = ${modules})`,
        );
      }
      distinct.add(gene);
    });
    return [...distinct].sort((a, b) => a - b);
  });
}

function checkFrozen(f: unknown, layers: number, modules: number): boolean[][] {
  if (f === undefined) {
    return Array.from({ length: layers }, () => new Array<boolean>(modules).fill(false));
  }
  if (!Array.isArray(f) || f.length !== layers) {
    throw new FrozenShapeError('frozen', describeValue(f), `an L×M = ${layers}×${modules} array`);
  }
  return f.map((row: unknown, l) => {
    if (!Array.isArray(row) || row.length !== modules) {
      throw new FrozenShapeError(
        `frozen[${l}]`,
        describeValue(row),
        `an array of M = ${modules} booleans`,
      );
    }
    return row.map((v: unknown, m) => {
      if (typeof v !== 'boolean') {
        throw new FrozenShapeError(`frozen[${l}][${m}]`, describeValue(v), 'a boolean');
      }
      return v;
    });
  });
}

function star(cx: number, cy: number, r: number, className?: string): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const rad = i % 2 === 0 ? r : r * 0.45;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push(`${num(cx + rad * Math.cos(a))},${num(cy + rad * Math.sin(a))}`);
  }
  const cls = className ? ` class="${className}"` : '';
  return `<polygon${cls} points="${pts.join(' ')}" fill="#000000" stroke="#ffffff" stroke-width="1"/>`;
}

/**
 * Draws the PathNet super network and pathways through it, like Fig. 1–2 of
 * Fernando et al. 2017, Sec. 2 and 2.3.
 *
 * Layout: the input box at the bottom, layer 1 just above it, layer L at the
 * top, then one readout box per task. Each layer is a row of M module boxes
 * numbered 0..M-1. Each pathway is drawn in its colour: its active modules
 * are filled, and edges join every active module of a layer to every active
 * module of the next (a layer's summed output feeds every module above), from
 * the input to its task's readout. Frozen modules are hatched with a thick
 * border; modules active in two or more pathways are split into one stripe
 * per pathway and carry a star. A legend explains the marks.
 *
 * Elements carry classes for tooling and tests: `pn-module` (L×M boxes),
 * `pn-frozen` (frozen boxes), `pn-active` (one per pathway per distinct gene
 * per layer, with `data-pathway`, `data-layer`, `data-module`), `pn-shared`
 * (one star per module used by >= 2 pathways), `pn-edge`, `pn-readout`.
 *
 * @returns a standalone SVG 1.1 document (string).
 * @throws {InvalidOptionError} for `layers`/`modules` not integers >= 1, a
 *   non-string label/colour/task/title, or a bad width/height.
 * @throws {GenotypeShapeError} for a genotype that is not L non-empty rows.
 * @throws {ModuleIndexError} for a gene that is not an integer in [0, M).
 * @throws {FrozenShapeError} for a `frozen` mask that is not L×M booleans.
 */
export function renderPathwayGrid(options: PathwayGridOptions): string {
  const L = checkCount('layers', options.layers);
  const M = checkCount('modules', options.modules);
  if (!Array.isArray(options.pathways)) {
    throw new InvalidOptionError(
      'pathways',
      describeValue(options.pathways),
      'an array of pathways',
    );
  }
  const pathways = options.pathways.map((p, i) => {
    const label = checkLabel(`pathways[${i}]`, p);
    checkOptionalStrings(p, ['color', 'task'], `pathways[${i}].`);
    return {
      label,
      color: p.color ?? defaultColor(i),
      task: p.task ?? label,
      active: checkGenotype(i, p.genotype, L, M),
    };
  });
  const frozen = checkFrozen(options.frozen, L, M);
  checkOptionalStrings(options, ['title', 'inputLabel']);
  const title = options.title;
  const inputLabel = options.inputLabel ?? 'input';

  // Users of each module: users[l][m] = indices of pathways active there.
  const users: number[][][] = Array.from({ length: L }, () =>
    Array.from({ length: M }, () => [] as number[]),
  );
  pathways.forEach((p, i) => {
    p.active.forEach((row, l) => {
      for (const m of row) users[l]?.[m]?.push(i);
    });
  });
  const anyFrozen = frozen.some((row) => row.some(Boolean));
  const anyShared = users.some((row) => row.some((u) => u.length >= 2));

  // Readouts, one per distinct task, in order of first appearance.
  const tasks: string[] = [];
  for (const p of pathways) if (!tasks.includes(p.task)) tasks.push(p.task);
  const readoutW = tasks.map((t) => Math.max(64, textWidth(`readout ${t}`, 11) + 14));
  const readoutGap = 14;
  const readoutRowW =
    readoutW.reduce((a, b) => a + b, 0) + Math.max(0, tasks.length - 1) * readoutGap;

  // ---- geometry (natural size) ----
  const gridW = M * BOX_W + (M - 1) * COL_GAP;
  const contentW = Math.max(gridW, readoutRowW, textWidth(inputLabel, FONT) + 20);
  const rowLabelW = Math.max(textWidth(`layer ${L}`, FONT), textWidth('readout', FONT));
  const left = 16 + rowLabelW + 12;
  const gridX = left + (contentW - gridW) / 2;
  const titleH = title !== undefined ? 40 : 14;
  const readoutY = titleH + 6;
  const topLayerY = readoutY + (tasks.length > 0 ? BOX_H + ROW_GAP : 0);
  const rowY = (l: number) => topLayerY + (L - 1 - l) * (BOX_H + ROW_GAP);
  const inputY = rowY(0) + BOX_H + ROW_GAP;
  const bottom = inputY + BOX_H + 16;
  const colX = (m: number) => gridX + m * (BOX_W + COL_GAP);

  const legendItems: LegendItem[] = pathways.map((p) => ({
    label: p.label,
    swatch: (x, y) =>
      `<rect x="${num(x)}" y="${num(y - 8)}" width="22" height="16" fill="${escapeXml(p.color)}" fill-opacity="0.55" stroke="${escapeXml(p.color)}" stroke-width="2"/>`,
  }));
  legendItems.push({
    label: 'inactive module',
    swatch: (x, y) =>
      `<rect x="${num(x)}" y="${num(y - 8)}" width="22" height="16" fill="#ffffff" stroke="${MODULE_STROKE}"/>`,
  });
  if (anyFrozen) {
    legendItems.push({
      label: 'frozen module',
      swatch: (x, y) =>
        `<rect x="${num(x)}" y="${num(y - 8)}" width="22" height="16" fill="url(#pn-hatch)" stroke="${FROZEN_STROKE}" stroke-width="3"/>`,
    });
  }
  if (anyShared) {
    legendItems.push({
      label: 'used by 2+ pathways',
      swatch: (x, y) => star(x + 11, y, 7),
    });
  }
  const legendX = left + contentW + 36;
  const legendY = titleH + 14;
  const legW = legendWidth(legendItems, FONT);
  const natW = Math.max(legendX + legW + 16, title ? textWidth(title, 16) + 32 : 0);
  const natH = Math.max(bottom, legendY + legendItems.length * (FONT + 8) + 8);

  let outW = natW;
  let outH = natH;
  if (options.width !== undefined || options.height !== undefined) {
    const w = options.width;
    const h = options.height;
    for (const [k, v] of [
      ['width', w],
      ['height', h],
    ] as const) {
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 1)) {
        throw new InvalidOptionError(k, describeValue(v), 'a finite number of px >= 1');
      }
    }
    outW = w ?? (natW * (h as number)) / natH;
    outH = h ?? (natH * (w as number)) / natW;
  }

  const out: string[] = [];
  out.push(
    svgOpen(natW, natH, title).replace(
      /width="[^"]*" height="[^"]*"/,
      `width="${num(outW)}" height="${num(outH)}"`,
    ),
  );
  out.push(
    '<defs><pattern id="pn-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<rect width="6" height="6" fill="none"/><line x1="0" y1="0" x2="0" y2="6" stroke="#333333" stroke-width="1.6"/></pattern></defs>',
  );
  if (title !== undefined) {
    out.push(textEl(natW / 2, 26, title, { size: 16, anchor: 'middle', weight: 'bold' }));
  }

  // Row labels.
  for (let l = 0; l < L; l++) {
    out.push(
      textEl(left - 12, rowY(l) + BOX_H / 2, `layer ${l + 1}`, {
        anchor: 'end',
        baseline: 'middle',
        size: FONT,
      }),
    );
  }

  // Input and readout boxes.
  out.push(
    `<rect class="pn-input" x="${num(left)}" y="${num(inputY)}" width="${num(contentW)}" height="${BOX_H}" rx="4" fill="#f2f2f2" stroke="#555555"/>`,
  );
  out.push(
    textEl(left + contentW / 2, inputY + BOX_H / 2, inputLabel, {
      anchor: 'middle',
      baseline: 'middle',
      size: FONT,
    }),
  );
  const readoutX: number[] = [];
  {
    let x = left + (contentW - readoutRowW) / 2;
    tasks.forEach((t, i) => {
      const w = readoutW[i] ?? 64;
      readoutX.push(x + w / 2);
      const owner = pathways.find((p) => p.task === t);
      out.push(
        `<rect class="pn-readout" x="${num(x)}" y="${num(readoutY)}" width="${num(w)}" height="${BOX_H}" rx="4" fill="#f2f2f2" stroke="${escapeXml(owner?.color ?? '#555555')}" stroke-width="2"/>`,
      );
      out.push(
        textEl(x + w / 2, readoutY + BOX_H / 2, `readout ${t}`, {
          anchor: 'middle',
          baseline: 'middle',
          size: 11,
        }),
      );
      x += w + readoutGap;
    });
  }

  // Edges (under the boxes), one small horizontal offset per pathway so that
  // pathways sharing modules stay visible.
  const P = pathways.length;
  const offset = (i: number) => (P <= 1 ? 0 : (i - (P - 1) / 2) * Math.min(4, 24 / P));
  const edge = (i: number, x1: number, y1: number, x2: number, y2: number, color: string) =>
    `<line class="pn-edge" data-pathway="${i}" x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${escapeXml(color)}" stroke-width="2" stroke-opacity="0.85"/>`;
  out.push('<g class="pn-edges">');
  pathways.forEach((p, i) => {
    const dx = offset(i);
    const cx = (m: number) => colX(m) + BOX_W / 2 + dx;
    for (const m of p.active[0] ?? [])
      out.push(edge(i, cx(m), inputY, cx(m), rowY(0) + BOX_H, p.color));
    for (let l = 0; l + 1 < L; l++) {
      for (const a of p.active[l] ?? []) {
        for (const b of p.active[l + 1] ?? []) {
          out.push(edge(i, cx(a), rowY(l), cx(b), rowY(l + 1) + BOX_H, p.color));
        }
      }
    }
    const r = readoutX[tasks.indexOf(p.task)] ?? 0;
    for (const m of p.active[L - 1] ?? []) {
      out.push(edge(i, cx(m), rowY(L - 1), r + dx, readoutY + BOX_H, p.color));
    }
  });
  out.push('</g>');

  // Modules.
  out.push('<g class="pn-modules">');
  for (let l = 0; l < L; l++) {
    for (let m = 0; m < M; m++) {
      const x = colX(m);
      const y = rowY(l);
      const u = users[l]?.[m] ?? [];
      const isFrozen = frozen[l]?.[m] === true;
      out.push(
        `<rect x="${num(x)}" y="${num(y)}" width="${BOX_W}" height="${BOX_H}" fill="#ffffff"/>`,
      );
      u.forEach((pi, k) => {
        const w = BOX_W / u.length;
        const color = pathways[pi]?.color ?? '#000000';
        out.push(
          `<rect class="pn-active" data-pathway="${pi}" data-layer="${l}" data-module="${m}" x="${num(x + k * w)}" y="${num(y)}" width="${num(w)}" height="${BOX_H}" fill="${escapeXml(color)}" fill-opacity="0.55"/>`,
        );
      });
      if (isFrozen) {
        out.push(
          `<rect x="${num(x)}" y="${num(y)}" width="${BOX_W}" height="${BOX_H}" fill="url(#pn-hatch)"/>`,
        );
      }
      out.push(
        `<rect class="pn-module${isFrozen ? ' pn-frozen' : ''}" data-layer="${l}" data-module="${m}" x="${num(x)}" y="${num(y)}" width="${BOX_W}" height="${BOX_H}" fill="none" stroke="${isFrozen ? FROZEN_STROKE : MODULE_STROKE}" stroke-width="${isFrozen ? 3 : 1}"/>`,
      );
      if (isFrozen) {
        // Keep the module number readable over the hatching.
        const w = textWidth(String(m), 10) + 6;
        out.push(
          `<rect x="${num(x + BOX_W / 2 - w / 2)}" y="${num(y + BOX_H / 2 - 7)}" width="${num(w)}" height="14" rx="3" fill="#ffffff" fill-opacity="0.9"/>`,
        );
      }
      out.push(
        textEl(x + BOX_W / 2, y + BOX_H / 2, String(m), {
          anchor: 'middle',
          baseline: 'middle',
          size: 10,
          fill: '#333333',
        }),
      );
      if (u.length >= 2) out.push(star(x + BOX_W - 2, y + 2, 7, 'pn-shared'));
    }
  }
  out.push('</g>');

  out.push(legendColumn(legendItems, legendX, legendY, FONT).svg);
  out.push('</svg>');
  return out.join('\n');
}
