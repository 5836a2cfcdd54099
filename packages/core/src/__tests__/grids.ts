/**
 * Small grids for the tests: configs written as what they are (`grid([4], [dense(3),
 * dense(2, 'mean')], 4, 2)`) instead of each test spelling out every layer object, and
 * nets of them with the one readout `T` the tests train.
 */
import {
  type Activation,
  type Engine,
  type LayerConfig,
  PathNet,
  type PathNetConfig,
  type Reduction,
} from '../index.js';

/** A dense layer: `units` units per module, `activation` (ReLU), combined by `reduction` (sum). */
export function dense(
  units: number,
  reduction: Reduction = 'sum',
  activation: Activation = 'relu',
): LayerConfig {
  return { module: { kind: 'dense', units }, activation, reduction };
}

/** A conv2d layer (valid padding, ReLU, sum): `filters` filters of `kernelSize`², stride `strides`. */
export function conv2d(filters: number, kernelSize: number, strides: number): LayerConfig {
  return {
    module: { kind: 'conv2d', filters, kernelSize, strides },
    activation: 'relu',
    reduction: 'sum',
  };
}

/** A grid of `layers` over inputs of `inputShape`: M modules per layer, at most N active. */
export function grid(
  inputShape: readonly number[],
  layers: readonly LayerConfig[],
  M: number,
  N: number,
): PathNetConfig {
  return { inputShape, layers, modulesPerLayer: M, maxActivePerLayer: N };
}

/**
 * A net of `config` (parameters from `seed`, on `engine`, default tfjs) with the readout `T`
 * of `numClasses` classes (from `seed + 1`).
 */
export function netWithReadout(
  config: PathNetConfig,
  seed: number,
  numClasses: number,
  engine?: Engine,
): PathNet {
  const net = PathNet.create(config, { seed, engine });
  net.addReadout('T', numClasses, seed + 1);
  return net;
}

/** The same {@link netWithReadout} on each engine: `[tfjs, fused]`, equal parameters. */
export function onBothEngines(
  config: PathNetConfig,
  seed: number,
  numClasses: number,
): readonly [PathNet, PathNet] {
  return [
    netWithReadout(config, seed, numClasses, 'tfjs'),
    netWithReadout(config, seed, numClasses, 'fused'),
  ];
}

/** Whether `a` equals `b` within the engines' float32 tolerance, `1e-4 + 1e-3 · |b|`. */
export const closeTo = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-4 + 1e-3 * Math.abs(b);
