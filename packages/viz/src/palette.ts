/**
 * The Okabe–Ito palette: eight colours told apart under the common forms of
 * colour blindness (Okabe & Ito, "Color Universal Design", 2002; also the
 * default qualitative palette of R >= 4.0).
 */
export const okabeIto = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/**
 * The order in which series, pathways and bars take Okabe–Ito colours when
 * none is given: strong colours first, yellow (weak on white) and black late.
 */
export const seriesColors: readonly string[] = [
  okabeIto.blue,
  okabeIto.orange,
  okabeIto.bluishGreen,
  okabeIto.vermillion,
  okabeIto.reddishPurple,
  okabeIto.skyBlue,
  okabeIto.yellow,
  okabeIto.black,
];

/** The `i`-th default colour (cycles past eight). */
export function defaultColor(i: number): string {
  return seriesColors[i % seriesColors.length] ?? okabeIto.black;
}
