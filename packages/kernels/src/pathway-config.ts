import { type Conv2DGeometry, conv2dGeometry } from './conv2d.js';
import { checkInt, KernelArgumentError } from './errors.js';
import type { DensePathwayConfig } from './pathway-types.js';

/**
 * @internal A grid configuration checked, with every default filled in.
 * @throws KernelArgumentError when a size is not a positive integer, the input shape does not
 *   hold `inputSize` values, or a reduction/activation is unknown.
 */
export function completeConfig(config: DensePathwayConfig): Required<DensePathwayConfig> {
  checkInt('config.inputSize', config.inputSize, 1);
  checkInt('config.classes', config.classes ?? 0, 0);
  if (config.layers.length === 0) {
    throw new KernelArgumentError('config.layers', 'an empty list', 'at least one layer');
  }
  checkInt('config.concurrency', config.concurrency ?? 1, 1);
  const inputShape = config.inputShape ?? [config.inputSize];
  for (const [i, d] of inputShape.entries()) checkInt(`config.inputShape[${i}]`, d, 1);
  if (inputShape.reduce((a, b) => a * b, 1) !== config.inputSize) {
    throw new KernelArgumentError(
      'config.inputShape',
      `[${inputShape.join(', ')}]`,
      `a shape of ${config.inputSize} (config.inputSize) values`,
    );
  }
  return {
    inputSize: config.inputSize,
    inputShape,
    threads: config.threads ?? 1,
    concurrency: config.concurrency ?? 1,
    layers: config.layers.map((l, i) => {
      checkInt(`config.layers[${i}].units`, l.units, 1);
      checkInt(`config.layers[${i}].modules`, l.modules, 1);
      const reduction = l.reduction ?? 'sum';
      const activation = l.activation ?? 'relu';
      if (reduction !== 'sum' && reduction !== 'mean') {
        throw new KernelArgumentError(
          `config.layers[${i}].reduction`,
          String(reduction),
          "'sum' or 'mean'",
        );
      }
      if (activation !== 'relu' && activation !== 'linear') {
        throw new KernelArgumentError(
          `config.layers[${i}].activation`,
          String(activation),
          "'relu' or 'linear'",
        );
      }
      if (l.conv === undefined)
        return { units: l.units, modules: l.modules, reduction, activation };
      checkInt(`config.layers[${i}].conv.kernelSize`, l.conv.kernelSize, 1);
      checkInt(`config.layers[${i}].conv.strides`, l.conv.strides, 1);
      const conv = { ...l.conv, padding: l.conv.padding ?? 'valid' };
      return { units: l.units, modules: l.modules, reduction, activation, conv };
    }),
    classes: config.classes ?? 0,
    readoutId: config.readoutId ?? 'main',
    seed: config.seed ?? 0,
    skipZeroInputs: config.skipZeroInputs ?? true,
  };
}

/** Where a layer's modules read from and how many weights each unit has. */
export interface LayerGeometry {
  /** Weights per unit: the flattened input size (dense) or kernel·kernel·inChannels (conv). */
  inSize: number;
  /** Output positions per example: outHeight·outWidth (conv) or 1 (dense). */
  positions: number;
  /** Geometry for a batch of 1 (conv layers only). */
  conv: Conv2DGeometry | undefined;
  /** Glorot fan-out of a module's weights. */
  fanOut: number;
}

/**
 * @internal Each layer's geometry, from the input shape through the layers (a conv layer
 * needs a rank-3 input; a dense layer flattens its input).
 * @throws KernelArgumentError when a conv layer gets an input that is not rank 3.
 */
export function layerGeometries(config: Required<DensePathwayConfig>): LayerGeometry[] {
  let shape = [...config.inputShape];
  return config.layers.map((spec, l) => {
    const units = spec.units;
    let conv: Conv2DGeometry | undefined;
    if (spec.conv !== undefined) {
      if (shape.length !== 3) {
        throw new KernelArgumentError(
          `config.layers[${l}].conv`,
          `an input of shape [${shape.join(', ')}]`,
          'a rank-3 [height, width, channels] input (config.inputShape, or a conv layer before)',
        );
      }
      const [height, width, inChannels] = shape as [number, number, number];
      const { kernelSize, strides, padding } = spec.conv;
      conv = conv2dGeometry({
        batch: 1,
        height,
        width,
        inChannels,
        outChannels: units,
        kernelHeight: kernelSize,
        kernelWidth: kernelSize,
        strideHeight: strides,
        strideWidth: strides,
        padding: padding ?? 'valid',
      });
    }
    const inSize = conv
      ? conv.kernelHeight * conv.kernelWidth * conv.inChannels
      : shape.reduce((a, b) => a * b, 1);
    const positions = conv ? conv.outHeight * conv.outWidth : 1;
    shape = conv ? [conv.outHeight, conv.outWidth, units] : [units];
    const fanOut = conv ? conv.kernelHeight * conv.kernelWidth * units : units;
    return { inSize, positions, conv, fanOut };
  });
}
