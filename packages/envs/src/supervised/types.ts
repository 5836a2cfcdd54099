/**
 * Types of the supervised-task half of `@pathnet/envs`.
 */

/**
 * Images with labels as stored on disk: raw bytes, not yet scaled.
 * Every data set loader returns one of these per split.
 */
export interface LabeledImages {
  /** `Uint8Array [count, ...shape]`, pixel intensities 0..255, row-major (HWC for colour). */
  readonly images: Uint8Array;
  /** `Uint8Array [count]`, class index of each image. */
  readonly labels: Uint8Array;
  /** Number of images. */
  readonly count: number;
  /** Shape of one image, e.g. `[28, 28, 1]` or `[32, 32, 3]` (height, width, channels). */
  readonly shape: readonly number[];
}

/** A data set with its official train/test split. */
export interface ImageDataset {
  /** Human-readable name, e.g. `"MNIST"`. */
  readonly name: string;
  /** Number of classes; labels lie in `[0, numClasses)`. */
  readonly numClasses: number;
  /** Name of each class, indexed by label. */
  readonly classNames: readonly string[];
  /** Official training split. */
  readonly train: LabeledImages;
  /** Official test split. */
  readonly test: LabeledImages;
}

/**
 * A minibatch of inputs and class labels.
 *
 * Arrays returned by the streams and {@link SupervisedTask.testSet} are fresh
 * unless the caller passed its own minibatch to fill: keeping one across
 * steps is safe.
 */
export interface Minibatch {
  /** `Float32Array [batchSize, ...inputShape]`, row-major, values in [0, 1] unless a transform says otherwise. */
  readonly x: Float32Array;
  /** `Int32Array [batchSize]`, class indices in `[0, numClasses)`. */
  readonly y: Int32Array;
  /** Number of examples B. */
  readonly batchSize: number;
}

/**
 * The random source a transform draws from: any generator whose `next()`
 * returns a uniform signed 32-bit integer, like the `pure-rand` generators.
 */
export interface RandomSource {
  /** A uniform integer in `[-2^31, 2^31)`; advances the generator. */
  next(): number;
}

/** What an {@link InputTransform} is told about the batch it changes. */
export interface TransformContext {
  /** Number of examples in `x`. */
  readonly batchSize: number;
  /** Values per example (product of the input shape). */
  readonly inputSize: number;
  /** Seeded randomness, owned by the stream (or the fixed test-set seed). */
  readonly rng: RandomSource;
  /** Which split the batch comes from. */
  readonly split: 'train' | 'test';
}

/**
 * Input transform hook: changes a batch's inputs in place after pixels have
 * been scaled to [0, 1]. It is called on every training minibatch (fresh
 * randomness each time) and once on the test set with a fixed seed, unless
 * the task is told not to transform the test set.
 *
 * @param x - `Float32Array [batchSize, inputSize]`, to modify in place.
 */
export type InputTransform = (x: Float32Array, context: TransformContext) => void;

/** Options of {@link SupervisedTask.trainStream}. */
export interface TrainStreamOptions {
  /** Examples per minibatch B, a positive integer (paper: 16). */
  readonly batchSize: number;
  /** Seed of the stream's sampling and transform randomness (an integer). */
  readonly seed: number;
}

/**
 * An endless, seeded stream of training minibatches. Two streams of the same
 * task with the same options yield identical minibatches.
 */
export interface TrainStream {
  /** Examples per minibatch. */
  readonly batchSize: number;
  /** The seed the stream was created with. */
  readonly seed: number;
  /** Minibatches drawn so far. */
  readonly batchesDrawn: number;
  /**
   * The next minibatch. Without `into` the arrays are freshly allocated (safe
   * to keep); with `into` (a minibatch of this stream's size, e.g. a previous
   * one) its arrays are overwritten and it is returned, which saves
   * allocation when the caller is done with it.
   *
   * @throws {TaskOptionError} if `into` has the wrong sizes.
   */
  next(into?: Minibatch): Minibatch;
}

/**
 * A named classification task: a seeded stream of training minibatches, a
 * held-out test set and the class count. Follows Fernando et al. 2017, Sec. 3.1–3.2 (the
 * binary MNIST, CIFAR-10 and cropped-SVHN tasks).
 */
export interface SupervisedTask {
  /** Task id, e.g. `"mnist-binary:5v6"`. */
  readonly id: string;
  /** Shape of one input, e.g. `[784]` or `[32, 32, 3]`. */
  readonly inputShape: readonly number[];
  /** Number of classes C; labels lie in `[0, C)`. */
  readonly numClasses: number;
  /** Name of each class, indexed by label. */
  readonly classNames: readonly string[];
  /** Training examples available to the stream. */
  readonly trainSize: number;
  /** Examples in the test set. */
  readonly testSize: number;
  /**
   * A new seeded stream of training minibatches.
   * @throws {TaskOptionError} if `batchSize` is not a positive integer or `seed` not an integer.
   */
  trainStream(options: TrainStreamOptions): TrainStream;
  /**
   * The whole test set as one batch (`batchSize = testSize`), in file order,
   * transformed with the fixed test seed where the task says so. Fresh arrays
   * on every call; the values are the same every call.
   */
  testSet(): Minibatch;
}
