import { InvalidConfigError } from './errors.js';

/**
 * A fully connected module: `y = act(x · W + b)`, `W [inputSize, units]`, `b [units]`.
 * The layer's input is flattened first. Follows Fernando et al. 2017, Sec. 2 (linear + ReLU units).
 */
export interface DenseModule {
  readonly kind: 'dense';
  /** Number of units (output width) of each module of the layer. */
  readonly units: number;
}

/**
 * A 2-D convolution module, NHWC: `y = act(conv2d(x, K) + b)`,
 * `K [kernelSize, kernelSize, inChannels, filters]`, `b [filters]`.
 * Follows Fernando et al. 2017, Sec. 3.3 (Atari: 8 filters, kernel 8/4/3, stride 4/2/1).
 */
export interface Conv2dModule {
  readonly kind: 'conv2d';
  /** Number of output channels of each module. */
  readonly filters: number;
  /** Side of the square kernel, in pixels. */
  readonly kernelSize: number;
  /** Stride in both spatial directions, in pixels. */
  readonly strides: number;
  /** Border handling; default `'valid'` (84 → 20 → 9 → 7 for the Atari preset). */
  readonly padding?: 'valid' | 'same';
}

/** The module kind of a layer. */
export type ModuleSpec = DenseModule | Conv2dModule;

/** Module non-linearity. */
export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'linear';

/**
 * How the outputs of a layer's active modules combine: `sum` (Fernando et al. 2017, Sec. 2)
 * or `mean` (= sum ÷ number of distinct active modules; the authors' correction for
 * the last layer of the supervised experiments).
 */
export type Reduction = 'sum' | 'mean';

/** One layer of the grid: M modules of the same kind. */
export interface LayerConfig {
  readonly module: ModuleSpec;
  readonly activation: Activation;
  readonly reduction: Reduction;
}

/**
 * Shape of a PathNet (Fernando et al. 2017, Sec. 2): L = `layers.length` layers of M =
 * `modulesPerLayer` modules, of which a pathway activates at most N =
 * `maxActivePerLayer` per layer.
 */
export interface PathNetConfig {
  /** Shape of one input example, without the batch axis: `[784]` or `[H, W, C]`. */
  readonly inputShape: readonly number[];
  /** One entry per layer, input side first. */
  readonly layers: readonly LayerConfig[];
  /** M: modules per layer. */
  readonly modulesPerLayer: number;
  /** N: at most this many active modules per layer in a pathway. */
  readonly maxActivePerLayer: number;
}

const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'sigmoid', 'linear'];
const REDUCTIONS: readonly Reduction[] = ['sum', 'mean'];

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

function describe(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Per-layer input and output shapes (without batch axis), as computed by {@link layerShapes}. */
export interface LayerShape {
  readonly input: readonly number[];
  readonly output: readonly number[];
}

function convOut(size: number, k: number, s: number, padding: 'valid' | 'same'): number {
  return padding === 'same' ? Math.ceil(size / s) : Math.floor((size - k) / s) + 1;
}

/**
 * Checks a config and computes each layer's input/output shape (no batch axis).
 * Dense layers flatten their input; conv layers need a rank-3 `[H, W, C]` input.
 *
 * @throws InvalidConfigError naming the first bad field, what was given and what was expected.
 */
export function layerShapes(config: PathNetConfig): LayerShape[] {
  validateConfig(config);
  const shapes: LayerShape[] = [];
  let shape: readonly number[] = [...config.inputShape];
  config.layers.forEach((layer, l) => {
    const m = layer.module;
    let out: number[];
    if (m.kind === 'dense') {
      out = [m.units];
    } else {
      if (shape.length !== 3) {
        throw new InvalidConfigError(
          `layers[${l}]: conv2d needs a rank-3 [H, W, C] input; got input shape [${shape.join(', ')}]`,
        );
      }
      const [h, w] = shape as [number, number, number];
      const padding = m.padding ?? 'valid';
      const oh = convOut(h, m.kernelSize, m.strides, padding);
      const ow = convOut(w, m.kernelSize, m.strides, padding);
      if (oh < 1 || ow < 1) {
        throw new InvalidConfigError(
          `layers[${l}]: conv2d kernel ${m.kernelSize} stride ${m.strides} on input [${shape.join(', ')}] gives an empty output; expected kernelSize ≤ input height and width`,
        );
      }
      out = [oh, ow, m.filters];
    }
    shapes.push({ input: shape, output: out });
    shape = out;
  });
  return shapes;
}

/**
 * Validates a {@link PathNetConfig}.
 *
 * @throws InvalidConfigError if N > M, a size is not a positive integer, a module kind,
 *   activation or reduction is unknown, or there are no layers.
 */
export function validateConfig(config: PathNetConfig): void {
  if (config === null || typeof config !== 'object') {
    throw new InvalidConfigError(`config: expected an object; got ${describe(config)}`);
  }
  if (
    !Array.isArray(config.inputShape) ||
    config.inputShape.length === 0 ||
    !config.inputShape.every(isPositiveInt)
  ) {
    throw new InvalidConfigError(
      `config.inputShape: expected a non-empty array of positive integers; got ${describe(config.inputShape)}`,
    );
  }
  if (!isPositiveInt(config.modulesPerLayer)) {
    throw new InvalidConfigError(
      `config.modulesPerLayer (M): expected a positive integer; got ${describe(config.modulesPerLayer)}`,
    );
  }
  if (!isPositiveInt(config.maxActivePerLayer)) {
    throw new InvalidConfigError(
      `config.maxActivePerLayer (N): expected a positive integer; got ${describe(config.maxActivePerLayer)}`,
    );
  }
  if (config.maxActivePerLayer > config.modulesPerLayer) {
    throw new InvalidConfigError(
      `config.maxActivePerLayer (N): expected N ≤ M = ${config.modulesPerLayer}; got N = ${config.maxActivePerLayer}`,
    );
  }
  if (!Array.isArray(config.layers) || config.layers.length === 0) {
    throw new InvalidConfigError(
      `config.layers: expected a non-empty array of layers; got ${describe(config.layers)}`,
    );
  }
  config.layers.forEach((layer, l) => {
    const where = `config.layers[${l}]`;
    if (layer === null || typeof layer !== 'object') {
      throw new InvalidConfigError(`${where}: expected a layer object; got ${describe(layer)}`);
    }
    const m = layer.module as { kind?: unknown } | undefined;
    if (m === null || typeof m !== 'object') {
      throw new InvalidConfigError(
        `${where}.module: expected { kind: 'dense' | 'conv2d', ... }; got ${describe(m)}`,
      );
    }
    if (m.kind === 'dense') {
      const d = m as DenseModule;
      if (!isPositiveInt(d.units)) {
        throw new InvalidConfigError(
          `${where}.module.units: expected a positive integer; got ${describe(d.units)}`,
        );
      }
    } else if (m.kind === 'conv2d') {
      const c = m as Conv2dModule;
      for (const key of ['filters', 'kernelSize', 'strides'] as const) {
        if (!isPositiveInt(c[key])) {
          throw new InvalidConfigError(
            `${where}.module.${key}: expected a positive integer; got ${describe(c[key])}`,
          );
        }
      }
      if (c.padding !== undefined && c.padding !== 'valid' && c.padding !== 'same') {
        throw new InvalidConfigError(
          `${where}.module.padding: expected 'valid' | 'same'; got ${describe(c.padding)}`,
        );
      }
    } else {
      throw new InvalidConfigError(
        `${where}.module.kind: unknown module kind ${describe(m.kind)}; expected 'dense' | 'conv2d'`,
      );
    }
    if (!ACTIVATIONS.includes(layer.activation)) {
      throw new InvalidConfigError(
        `${where}.activation: expected one of ${ACTIVATIONS.join(' | ')}; got ${describe(layer.activation)}`,
      );
    }
    if (!REDUCTIONS.includes(layer.reduction)) {
      throw new InvalidConfigError(
        `${where}.reduction: expected 'sum' | 'mean'; got ${describe(layer.reduction)}`,
      );
    }
  });
}

/** Options of the dense presets. */
export interface DensePresetOptions {
  /** Input shape; default `[784]` (MNIST) or `[3072]` (32×32×3, CIFAR/cSVHN). */
  inputShape?: readonly number[];
  /** Units per module; default 20. */
  units?: number;
}

function denseGrid(
  inputShape: readonly number[],
  L: number,
  M: number,
  N: number,
  units: number,
): PathNetConfig {
  const layers: LayerConfig[] = [];
  for (let l = 0; l < L; l++) {
    layers.push({
      module: { kind: 'dense', units },
      activation: 'relu',
      reduction: l === L - 1 ? 'mean' : 'sum',
    });
  }
  return { inputShape: [...inputShape], layers, modulesPerLayer: M, maxActivePerLayer: N };
}

/**
 * The paper's settings as named configs (Fernando et al. 2017, Sec. 3). Each call returns
 * a fresh object; change any field to explore.
 */
export const presets = {
  /**
   * Binary MNIST (Sec. 3.1): L=3, M=10, N=3, dense 20 ReLU units, hidden layers `sum`,
   * last layer `mean` (a decision of this project: the paper does not say). Input `[784]`.
   */
  binaryMnist(options: DensePresetOptions = {}): PathNetConfig {
    return denseGrid(options.inputShape ?? [784], 3, 10, 3, options.units ?? 20);
  },
  /**
   * CIFAR-10 ↔ cSVHN (Sec. 3.2): L=3, M=20, N=5, dense 20 ReLU units, last layer `mean`.
   * Input `[3072]` (32×32×3 flattened).
   */
  cifarSvhn(options: DensePresetOptions = {}): PathNetConfig {
    return denseGrid(options.inputShape ?? [3072], 3, 20, 5, options.units ?? 20);
  },
  /**
   * Atari / Labyrinth (Sec. 3.3–3.4): L=4, M=10, N=4; layers 1–3 conv 8 filters, kernel
   * 8/4/3, stride 4/2/1 (valid padding, 84 → 20 → 9 → 7); layer 4 dense 50 units; ReLU;
   * all layers `sum`. Input `[84, 84, 4]` (4 stacked frames).
   */
  atari(options: { inputShape?: readonly number[] } = {}): PathNetConfig {
    const conv = (kernelSize: number, strides: number): LayerConfig => ({
      module: { kind: 'conv2d', filters: 8, kernelSize, strides },
      activation: 'relu',
      reduction: 'sum',
    });
    return {
      inputShape: [...(options.inputShape ?? [84, 84, 4])],
      layers: [
        conv(8, 4),
        conv(4, 2),
        conv(3, 1),
        { module: { kind: 'dense', units: 50 }, activation: 'relu', reduction: 'sum' },
      ],
      modulesPerLayer: 10,
      maxActivePerLayer: 4,
    };
  },
  /** Labyrinth (Sec. 3.4): the same grid as {@link presets.atari}. */
  labyrinth(options: { inputShape?: readonly number[] } = {}): PathNetConfig {
    return presets.atari(options);
  },
} as const;
