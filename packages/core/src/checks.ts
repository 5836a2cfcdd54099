/**
 * Argument checks and shapes shared by `PathNet` and its engines: each check throws a named
 * error naming the input, what was given and what was expected, before anything changes.
 */
import { type LayerShape, layerShapes, type PathNetConfig } from './config.js';
import { InvalidConfigError, ShapeMismatchError } from './errors.js';
import type { CreateOptions, DenseLayout, NetworkValues } from './types.js';

/** Product of a shape's dimensions. */
export function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Kernel and bias shapes of one module of a layer. */
export function moduleParamShapes(config: PathNetConfig, shapes: readonly LayerShape[], l: number) {
  const layer = config.layers[l]!;
  const s = shapes[l]!;
  if (layer.module.kind === 'dense') {
    const fanIn = product(s.input);
    return {
      kernel: [fanIn, layer.module.units],
      bias: [layer.module.units],
      fanIn,
      fanOut: layer.module.units,
    };
  }
  const m = layer.module;
  const inC = s.input[2]!;
  return {
    kernel: [m.kernelSize, m.kernelSize, inC, m.filters],
    bias: [m.filters],
    fanIn: m.kernelSize * m.kernelSize * inC,
    fanOut: m.kernelSize * m.kernelSize * m.filters,
  };
}

/**
 * Checks a batch of inputs: `x` a Float32Array [batchSize · prod(inputShape)].
 * @throws ShapeMismatchError naming what was given and expected.
 */
export function checkInput(config: PathNetConfig, x: Float32Array, batchSize: number): void {
  const per = product(config.inputShape);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ShapeMismatchError(`batchSize: expected a positive integer; got ${batchSize}`);
  }
  if (!(x instanceof Float32Array) || x.length !== batchSize * per) {
    throw new ShapeMismatchError(
      `x: expected Float32Array of length ${batchSize * per} (batchSize ${batchSize} × input [${config.inputShape.join(', ')}]); got ${x instanceof Float32Array ? `length ${x.length}` : typeof x}`,
    );
  }
}

/** Checks labels: an Int32Array [batchSize] of classes in [0, numClasses). @throws ShapeMismatchError */
export function checkLabels(y: Int32Array, batchSize: number, numClasses: number): void {
  if (!(y instanceof Int32Array) || y.length !== batchSize) {
    throw new ShapeMismatchError(
      `y: expected Int32Array of length ${batchSize} (batchSize); got ${y instanceof Int32Array ? `length ${y.length}` : typeof y}`,
    );
  }
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    if (c < 0 || c >= numClasses) {
      throw new ShapeMismatchError(`y[${i}]: expected a class in [0, ${numClasses}); got ${c}`);
    }
  }
}

/** The dense layout option, defaulted and checked. @throws InvalidConfigError */
export function checkLayout(layout: DenseLayout | undefined): DenseLayout {
  const l = layout ?? 'per-module';
  if (l !== 'per-module' && l !== 'per-module-autodiff' && l !== 'concat') {
    throw new InvalidConfigError(
      `options.denseLayout: expected 'per-module' | 'per-module-autodiff' | 'concat'; got ${JSON.stringify(l)}`,
    );
  }
  return l;
}

/** Checks the fused engine's `threads` and `concurrency` options. @throws InvalidConfigError */
export function checkThreading(options: Pick<CreateOptions, 'threads' | 'concurrency'>): void {
  const { threads = 1, concurrency = 1 } = options;
  if (threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1)) {
    throw new InvalidConfigError(
      `options.threads: expected an integer ≥ 1 or 'auto'; got ${JSON.stringify(threads)}`,
    );
  }
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new InvalidConfigError(
      `options.concurrency: expected an integer ≥ 1; got ${JSON.stringify(concurrency)}`,
    );
  }
}

/** Checks a list of parameter arrays against their expected lengths. @throws ShapeMismatchError */
export function checkLengths(
  what: string,
  values: readonly Float32Array[],
  expected: readonly number[],
): void {
  if (
    values.length !== expected.length ||
    values.some((v, i) => !(v instanceof Float32Array) || v.length !== expected[i])
  ) {
    throw new ShapeMismatchError(
      `${what}: expected Float32Arrays of lengths [${expected.join(', ')}]; got [${values.map((v) => (v instanceof Float32Array ? v.length : typeof v)).join(', ')}]`,
    );
  }
}

/** Checks an output gradient returned by an {@link OutputLossFn}. @throws ShapeMismatchError */
export function checkGradient(gradient: unknown, batchSize: number, classes: number): void {
  const n = batchSize * classes;
  if (!(gradient instanceof Float32Array) || gradient.length !== n) {
    throw new ShapeMismatchError(
      `lossFn(outputs).gradient: expected Float32Array of length ${n} (batchSize ${batchSize} × ${classes} outputs, dLoss/dOutputs); got ${gradient instanceof Float32Array ? `length ${gradient.length}` : typeof gradient}`,
    );
  }
}

/**
 * Checks parameter values against their config: L layers of M modules, each
 * `[kernel, bias]` of the config's sizes, and an L×M frozen set.
 * @throws ShapeMismatchError naming the first mismatch.
 */
export function checkNetworkValues(values: NetworkValues): void {
  const shapes = layerShapes(values.config);
  const L = values.config.layers.length;
  const M = values.config.modulesPerLayer;
  if (values.modules.length !== L || values.frozen.length !== L) {
    throw new ShapeMismatchError(
      `values.modules / values.frozen: expected ${L} layers; got ${values.modules.length} / ${values.frozen.length}`,
    );
  }
  for (let l = 0; l < L; l++) {
    const ps = moduleParamShapes(values.config, shapes, l);
    const row = values.modules[l]!;
    if (row.length !== M || values.frozen[l]!.length !== M) {
      throw new ShapeMismatchError(
        `values.modules[${l}]: expected ${M} modules; got ${row.length}`,
      );
    }
    row.forEach((v, m) => {
      checkLengths(`values.modules[${l}][${m}]`, v, [product(ps.kernel), product(ps.bias)]);
    });
  }
}
