import type { LayerConfig, Reduction } from '@pathnet/core';

/** A layer of dense modules of `units` ReLU units, their outputs combined by `reduction`. */
export const denseLayer = (units: number, reduction: Reduction = 'sum'): LayerConfig => ({
  module: { kind: 'dense', units },
  activation: 'relu',
  reduction,
});

/** A layer of 3×3, stride-1 conv modules of `filters` ReLU channels, their outputs summed. */
export const convLayer = (filters: number): LayerConfig => ({
  module: { kind: 'conv2d', filters, kernelSize: 3, strides: 1 },
  activation: 'relu',
  reduction: 'sum',
});
