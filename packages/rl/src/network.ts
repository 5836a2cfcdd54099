/**
 * What A3C asks of the module grid: a forward pass that returns the readout's
 * outputs, and one training step from a loss computed in TypeScript on those
 * outputs (its value and its gradient with respect to them). `PathNet` of
 * `@pathnet/core` is such a network on both engines.
 *
 * @packageDocumentation
 */
import type { PathNet } from '@pathnet/core';

/**
 * The grid as A3C uses it: the part of `PathNet` it calls (so a test may pass a
 * stand-in). `forward` returns the readout's outputs `[B · C]`;
 * `trainStepFromOutputGradient` runs the forward pass, the caller's loss on the
 * outputs, the backward pass from its output gradient and one optimizer update
 * of the pathway's trainable modules and the readout, skipping the update when
 * the loss or a gradient is not finite. Module duplication (`duplicationRate > 0`)
 * also needs `copyModule` and `frozenModules`.
 */
export type A3CNetwork = Pick<
  PathNet,
  'config' | 'readoutIds' | 'readoutSize' | 'addReadout' | 'forward' | 'trainStepFromOutputGradient'
> &
  Partial<Pick<PathNet, 'copyModule' | 'frozenModules'>>;
