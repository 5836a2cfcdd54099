/**
 * @pathnet/viz: pictures for PathNet experiments (Fernando et al. 2017):
 * pathways on the module grid, learning curves, bar charts and heatmaps as SVG strings
 * (pure TypeScript, no DOM), and PNG through resvg.
 */
export { type Bar, type BarChartOptions, renderBarChart } from './bars.js';
export {
  type AfterEnd,
  type CurveSeries,
  type LearningCurvesOptions,
  type LineSeries,
  meanCurve,
  type Point,
  type RunsSeries,
  renderLearningCurves,
} from './curves.js';
export {
  EmptySeriesError,
  FrozenShapeError,
  GenotypeShapeError,
  InvalidOptionError,
  ModuleIndexError,
  NonFiniteValueError,
  PngRenderError,
  UnsortedPointsError,
  VizInputError,
} from './errors.js';
export { type ForestPlotOptions, type ForestRow, renderForestPlot } from './forest.js';
export { type Pathway, type PathwayGridOptions, renderPathwayGrid } from './grid.js';
export { type HeatmapOptions, type HeatmapPanel, renderHeatmaps } from './heatmap.js';
export { defaultColor, okabeIto, seriesColors } from './palette.js';
export {
  bundledFontFiles,
  type PngOptions,
  svgToPng,
  type WritePictureOptions,
  writePicture,
} from './png.js';
export { escapeXml } from './svg.js';
