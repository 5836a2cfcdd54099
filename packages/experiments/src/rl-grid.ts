/**
 * The grid of an RL transfer run, chosen from its tasks' observations (`--grid`): every
 * task of a run must give observations of one shape, which the one grid reads. Image
 * observations `[H, W, C]` of the app's input shape run on the app's conv grid (MinAtar's,
 * the paper's Atari/Labyrinth grid; Fernando et al. 2017, Sec. 3.3–3.4), unchanged; vector
 * observations `[D]` (e.g. a plugin's environment) run on a grid of dense modules
 * ({@link denseTransferGrid}). Anything else is refused naming the tasks, their shapes and
 * the flag, before anything runs.
 *
 * @packageDocumentation
 */
import type { LayerConfig, PathNetConfig } from '@pathnet/core';
import { DENSE_GRID_DEFAULTS, type GridChoice } from './cli/rl-flags.js';
import { type EnvSpec, specSpaces } from './rl-env.js';
import { RLOptionError } from './rl-options.js';

/** The dense grid's sizes: L layers of M modules of `units` ReLU units, N active per layer. */
export interface DenseGridSizes {
  /** L. */
  layers: number;
  /** M. */
  modules: number;
  /** N (≤ M). */
  active: number;
  /** ReLU units per module. */
  units: number;
}

/** A task's observation shape, as its environment declares it (`[]`: not a box). */
export interface TaskShape {
  /** The task's environment id. */
  readonly id: string;
  /** The observation space's shape (`specSpaces`); `[]` when the observations are not a box. */
  readonly shape: readonly number[];
}

/** The grid a run uses, and why. */
export interface GridPick {
  readonly grid: PathNetConfig;
  /** `conv`: the app's conv grid; `dense`: {@link denseTransferGrid}. */
  readonly kind: 'conv' | 'dense';
  /** Why, for the run's first lines: e.g. `observations are vectors [4]`. */
  readonly reason: string;
}

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;
const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The dense grid of the RL apps: `sizes.layers` layers of `sizes.modules` dense modules of
 * `sizes.units` ReLU units, at most `sizes.active` on a pathway per layer, over the
 * observations flattened (`inputShape` is the observation shape). Hidden layers sum their
 * active modules, the last one averages them, as binary MNIST's grid (PAPER.md: the
 * authors' correction, this project's decision for dense grids).
 * @param inputShape - the tasks' observation shape, e.g. `[4]`.
 * @param sizes - default {@link DENSE_GRID_DEFAULTS} (L=3, M=10, N=4, 20 units).
 */
export function denseTransferGrid(
  inputShape: readonly number[],
  sizes: DenseGridSizes = DENSE_GRID_DEFAULTS,
): PathNetConfig {
  const layers: LayerConfig[] = Array.from({ length: sizes.layers }, (_, l) => ({
    module: { kind: 'dense', units: sizes.units },
    activation: 'relu',
    reduction: l === sizes.layers - 1 ? 'mean' : 'sum',
  }));
  return {
    inputShape: [...inputShape],
    layers,
    modulesPerLayer: sizes.modules,
    maxActivePerLayer: sizes.active,
  };
}

/**
 * The observation shape of every task, each environment built once and closed.
 * @throws {RLOptionError} naming `--pairs` and the task whose environment cannot be built.
 */
export function taskShapes(tasks: readonly EnvSpec[]): TaskShape[] {
  return tasks.map((t) => {
    try {
      return { id: t.id, shape: specSpaces(t).shape };
    } catch (e) {
      throw new RLOptionError(`--pairs: ${t.id} cannot be built: ${(e as Error).message}`);
    }
  });
}

/**
 * Chooses the grid of a run from its tasks' observation shapes (pure: the shapes come from
 * {@link taskShapes}). `auto` takes the app's conv grid, exactly as given, for image
 * observations of its input shape, and the dense grid for vectors `[D]`; `conv` the app's
 * conv grid; `dense` dense modules over any box observations, flattened.
 * @param conv - the app's conv grid (e.g. MinAtar's, input `[10, 10, C]`).
 * @param sizes - the dense grid's sizes (used only when the pick is dense).
 * @throws {RLOptionError} one line naming the flag (`--pairs` or `--grid`), the tasks and
 *   their shapes: no tasks, tasks whose observations are not boxes or differ in shape, `conv`
 *   on observations of another shape than the conv grid's input, `auto` on observations that
 *   are neither vectors nor images of the conv grid's input shape (e.g. rank 2).
 */
export function chooseTransferGrid(
  shapes: readonly TaskShape[],
  conv: PathNetConfig,
  choice: GridChoice,
  sizes: DenseGridSizes = DENSE_GRID_DEFAULTS,
): GridPick {
  const [first] = shapes;
  if (first === undefined) throw new RLOptionError('--pairs names no task');
  const notBox = shapes.find((s) => s.shape.length === 0);
  if (notBox !== undefined) {
    throw new RLOptionError(
      `--pairs: ${notBox.id} gives observations that are not a box (an array of numbers); a grid reads boxes`,
    );
  }
  if (shapes.some((s) => !sameShape(s.shape, first.shape))) {
    throw new RLOptionError(
      `--pairs: the tasks' observations differ in shape (${shapes.map((s) => `${s.id} ${shapeText(s.shape)}`).join(', ')}); one grid reads every task of a run`,
    );
  }
  const shape = first.shape;
  const tasks = shapes.length === 1 ? first.id : 'the tasks';
  const fitsConv = sameShape(shape, conv.inputShape);
  if (choice === 'conv' || (choice === 'auto' && shape.length === 3)) {
    if (!fitsConv) {
      throw new RLOptionError(
        `--grid ${choice}: ${tasks} give${shapes.length === 1 ? 's' : ''} observations of shape ${shapeText(shape)}; the app's conv grid reads ${shapeText(conv.inputShape)} (--grid dense reads any shape, flattened)`,
      );
    }
    return {
      grid: conv,
      kind: 'conv',
      reason:
        choice === 'conv'
          ? `--grid conv; observations ${shapeText(shape)}`
          : `observations are images ${shapeText(shape)}`,
    };
  }
  if (choice === 'auto' && shape.length !== 1) {
    throw new RLOptionError(
      `--grid auto: ${tasks} give${shapes.length === 1 ? 's' : ''} observations of shape ${shapeText(shape)}, neither vectors [D] (dense grid) nor images ${shapeText(conv.inputShape)} (the app's conv grid); --grid dense reads them flattened`,
    );
  }
  return {
    grid: denseTransferGrid(shape, sizes),
    kind: 'dense',
    reason:
      choice === 'dense'
        ? `--grid dense; observations ${shapeText(shape)}${shape.length === 1 ? '' : ', flattened'}`
        : `observations are vectors ${shapeText(shape)}`,
  };
}

/** A grid's kind: `conv` when any layer is a conv layer, else `dense`. */
export const gridKind = (grid: PathNetConfig): 'conv' | 'dense' =>
  grid.layers.some((l) => l.module.kind === 'conv2d') ? 'conv' : 'dense';

/**
 * A grid in a few words, as PAPER.md's table writes grids: its kind, L, M, N, then each run
 * of layers of one kind: `dense L=3 M=10 N=4 (20 units)`,
 * `conv L=4 M=10 N=4 (8 filters, kernel 8/4/3, stride 4/2/1; 50 units)`.
 */
export function describeGrid(grid: PathNetConfig): string {
  const runs: LayerConfig['module'][][] = [];
  for (const { module: m } of grid.layers) {
    const last = runs[runs.length - 1];
    if (last?.[0]?.kind === m.kind) last.push(m);
    else runs.push([m]);
  }
  const values = (xs: readonly number[]) => (new Set(xs).size === 1 ? `${xs[0]}` : xs.join('/'));
  const text = runs.map((run) => {
    if (run[0]?.kind === 'dense') {
      return `${values(run.map((m) => (m.kind === 'dense' ? m.units : 0)))} units`;
    }
    const conv = run.flatMap((m) => (m.kind === 'conv2d' ? [m] : []));
    return (
      `${values(conv.map((m) => m.filters))} filters, kernel ${conv.map((m) => m.kernelSize).join('/')}, ` +
      `stride ${conv.map((m) => m.strides).join('/')}`
    );
  });
  return `${gridKind(grid)} L=${grid.layers.length} M=${grid.modulesPerLayer} N=${grid.maxActivePerLayer} (${text.join('; ')})`;
}

/** The line a run prints first about its grid: `grid: dense L=3 M=10 N=4 (20 units) — observations are vectors [4]`. */
export const gridLine = (grid: PathNetConfig, reason: string): string =>
  `grid: ${describeGrid(grid)} — ${reason}`;
