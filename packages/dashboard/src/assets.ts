import uplot from 'uplot/dist/uPlot.iife.min.js?raw';
import uplotStyle from 'uplot/dist/uPlot.min.css?raw';
import page from './client/index.html?raw';
import script from './client/page.js?raw';
import style from './client/style.css?raw';

/** A file the dashboard serves: its media type and its text. */
export interface Asset {
  type: string;
  body: string;
}

/**
 * Everything the page needs, inlined into this package at build time (uPlot included, MIT
 * licence), so the dashboard works offline and serves nothing from the disk but pictures.
 */
export const ASSETS: Readonly<Record<string, Asset>> = {
  '/': { type: 'text/html; charset=utf-8', body: page },
  '/assets/page.js': { type: 'text/javascript; charset=utf-8', body: script },
  '/assets/style.css': { type: 'text/css; charset=utf-8', body: style },
  '/assets/uPlot.min.css': { type: 'text/css; charset=utf-8', body: uplotStyle },
  '/assets/uPlot.iife.min.js': { type: 'text/javascript; charset=utf-8', body: uplot },
};
