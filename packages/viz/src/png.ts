import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { describeValue, InvalidOptionError, PngRenderError } from './errors.js';

type ResvgModule = typeof import('@resvg/resvg-js');

const require = createRequire(import.meta.url);
let resvg: ResvgModule | undefined;
let fontFiles: string[] | undefined;

/**
 * Loads `@resvg/resvg-js` on first use, so that the SVG functions work even
 * where its native binary is missing.
 */
function loadResvg(): ResvgModule {
  if (resvg) return resvg;
  try {
    resvg = require('@resvg/resvg-js') as ResvgModule;
    return resvg;
  } catch (e) {
    throw new PngRenderError(
      `PNG output needs @resvg/resvg-js with a prebuilt binary for ${process.platform}-${process.arch}; loading it failed: ${(e as Error).message}`,
    );
  }
}

/**
 * The font files resvg renders text with: DejaVu Sans (regular, bold) from
 * the `dejavu-fonts-ttf` package, so PNGs look the same on machines without
 * any installed font.
 */
export function bundledFontFiles(): readonly string[] {
  if (!fontFiles) {
    try {
      fontFiles = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) =>
        require.resolve(`dejavu-fonts-ttf/ttf/${f}`),
      );
    } catch (e) {
      throw new PngRenderError(`the dejavu-fonts-ttf package is missing: ${(e as Error).message}`);
    }
  }
  return fontFiles;
}

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /** Output width in px (height follows the SVG's aspect); default: the SVG's own width. */
  readonly width?: number;
}

/**
 * Renders an SVG document to PNG bytes with resvg (`@resvg/resvg-js`),
 * using the bundled DejaVu Sans and no system fonts (deterministic output).
 *
 * @param svg - a standalone SVG document, e.g. from `renderPathwayGrid`.
 * @returns PNG file bytes (`Uint8Array`, starting with the 8-byte PNG signature).
 * @throws {InvalidOptionError} when `width` is not an integer in [1, 16384].
 * @throws {PngRenderError} when resvg cannot be loaded or rejects the SVG.
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  if (typeof svg !== 'string') {
    throw new InvalidOptionError('svg', describeValue(svg), 'an SVG document string');
  }
  const { width } = options;
  if (width !== undefined && (!Number.isInteger(width) || width < 1 || width > 16384)) {
    throw new InvalidOptionError(
      'width',
      describeValue(width),
      'an integer number of px in [1, 16384]',
    );
  }
  const { Resvg } = loadResvg();
  try {
    const r = new Resvg(svg, {
      font: {
        loadSystemFonts: false,
        fontFiles: [...bundledFontFiles()],
        defaultFontFamily: 'DejaVu Sans',
        sansSerifFamily: 'DejaVu Sans',
      },
      fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: width },
      background: '#ffffff',
    });
    return new Uint8Array(r.render().asPng());
  } catch (e) {
    if (e instanceof PngRenderError) throw e;
    throw new PngRenderError(`resvg could not render the SVG: ${(e as Error).message}`);
  }
}

let tmpCounter = 0;

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${++tmpCounter}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Options of {@link writePicture}. */
export interface WritePictureOptions extends PngOptions {}

/**
 * Writes `<path>.svg` and `<path>.png` (a trailing `.svg` or `.png` on
 * `path` is dropped), each atomically: written to a temporary file in the
 * same folder, then renamed, so readers never see a half-written picture.
 * The PNG is rendered before anything is written; missing folders are made.
 *
 * @returns the two paths written.
 * @throws {PngRenderError} / {InvalidOptionError} as {@link svgToPng}; file
 *   system errors as thrown by `node:fs`.
 */
export async function writePicture(
  path: string,
  svg: string,
  options: WritePictureOptions = {},
): Promise<{ svgPath: string; pngPath: string }> {
  if (typeof path !== 'string' || path === '') {
    throw new InvalidOptionError('path', describeValue(path), 'a non-empty file path');
  }
  const stem = path.replace(/\.(svg|png)$/i, '');
  const png = svgToPng(svg, options);
  await mkdir(dirname(stem), { recursive: true });
  const svgPath = `${stem}.svg`;
  const pngPath = `${stem}.png`;
  await writeAtomic(svgPath, svg);
  await writeAtomic(pngPath, png);
  return { svgPath, pngPath };
}
