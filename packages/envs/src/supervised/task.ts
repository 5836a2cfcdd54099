/**
 * A {@link SupervisedTask} built on an in-memory {@link ImageDataset}: class
 * selection and relabelling, seeded minibatch sampling (plain or
 * class-balanced), pixel scaling to [0, 1] and the input transform hook.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { TaskOptionError } from './errors.js';
import { checkNoiseLevel, noisyImageCopies } from './noise.js';
import { checkStreamOptions, minibatchStream } from './train-stream.js';
import type {
  ImageDataset,
  InputTransform,
  Minibatch,
  SupervisedTask,
  TrainStream,
  TrainStreamOptions,
} from './types.js';

/**
 * Seed of the randomness a task's transform (e.g. salt-and-pepper noise) uses
 * on the test set, so that every run evaluates on the same corrupted test
 * images. The digits are the paper's arXiv number, 1701.08734.
 */
export const TEST_TRANSFORM_SEED = 170108734;

/** How to build a task from a data set. */
export interface TaskDefinition {
  /** Task id reported by {@link SupervisedTask.id}. */
  readonly id: string;
  /** The data. */
  readonly dataset: ImageDataset;
  /**
   * Source labels to keep, in class order: source label `classes[k]` becomes
   * class `k`. Default: every label, unchanged. At least two, distinct, each in
   * `[0, dataset.numClasses)`.
   */
  readonly classes?: readonly number[];
  /** Input shape `[prod(shape)]` instead of the image shape. Default `false`. */
  readonly flatten?: boolean;
  /**
   * Class-balanced minibatches: each holds `floor(B / C)` examples of every
   * class, plus one more for `B mod C` classes drawn at random; within a
   * class, examples come from a reshuffled pass over that class. Default
   * `false`: minibatches are consecutive slices of reshuffled passes over
   * the whole training set.
   */
  readonly balanced?: boolean;
  /**
   * Salt-and-pepper noise drawn once per training image (noise mode `once`, see
   * {@link NoiseMode}): a fixed noisy copy of the kept training images, made on the first
   * `trainStream` call from a generator seeded by `seed` (images in ascending file order) and
   * shared by every stream of the task. Applied before `transform`. Memory: one byte per
   * input value of each kept training image. Default: none.
   */
  readonly fixedNoise?: { readonly probability: number; readonly seed: number };
  /** Input transform applied to every training minibatch, with the stream's randomness. */
  readonly transform?: InputTransform;
  /**
   * Input transform applied once to the test set, with randomness seeded by
   * {@link TEST_TRANSFORM_SEED}, so that every run sees the same test inputs.
   * Default: none.
   */
  readonly testTransform?: InputTransform;
}

const SCALE = new Float32Array(256).map((_, i) => i / 255);

/**
 * Builds a task from a data set.
 *
 * @throws {TaskOptionError} if `classes` has fewer than two entries,
 *   duplicates, non-integers or labels outside the data set, if no kept class
 *   has a training image, or (when `balanced`) if one kept class has none.
 */
export function createSupervisedTask(def: TaskDefinition): SupervisedTask {
  const { dataset } = def;
  const { train, test } = dataset;
  const classes = checkClasses(def.classes, dataset.numClasses);
  const numClasses = classes.length;
  const classOf = new Int32Array(256).fill(-1);
  classes.forEach((src, k) => {
    classOf[src] = k;
  });
  const imageShape = [...train.shape];
  const inputSize = imageShape.reduce((a, b) => a * b, 1);
  const inputShape = def.flatten ? [inputSize] : imageShape;

  const byClass = indexByClass(train.labels, classOf, numClasses);
  if (def.balanced) {
    byClass.forEach((list, k) => {
      if (list.length === 0) {
        throw new TaskOptionError(
          'classes',
          classes,
          `classes with training images (balanced minibatches need every class); ${dataset.name} has none with label ${classes[k]}`,
        );
      }
    });
  }
  const trainPool = concatInt32(byClass);
  if (trainPool.length === 0) {
    throw new TaskOptionError(
      'classes',
      classes,
      `classes with training images; ${dataset.name} has none`,
    );
  }
  const testIndex = indexesWhere(test.labels, classOf);
  const fixedNoise = checkFixedNoise(def.fixedNoise);
  let noisy: { images: Uint8Array; row: Int32Array } | undefined;
  const trainImages = (): { images: Uint8Array; row?: Int32Array } => {
    if (!fixedNoise) return { images: train.images };
    if (!noisy) {
      const ascending = trainPool.slice().sort();
      const row = new Int32Array(train.count).fill(-1);
      ascending.forEach((idx, k) => {
        row[idx] = k;
      });
      const rng = seededGenerator(fixedNoise.seed);
      const images = noisyImageCopies(
        train.images,
        ascending,
        inputSize,
        fixedNoise.probability,
        rng,
      );
      noisy = { images, row };
    }
    return noisy;
  };
  const transform = def.transform;
  const testTransform = def.testTransform;

  let cachedTest: Minibatch | undefined;
  const buildTest = (): Minibatch => {
    const n = testIndex.length;
    const batch = { x: new Float32Array(n * inputSize), y: new Int32Array(n), batchSize: n };
    gather(batch, testIndex, test.images, test.labels, classOf, inputSize);
    if (testTransform) {
      testTransform(batch.x, {
        batchSize: n,
        inputSize,
        rng: seededGenerator(TEST_TRANSFORM_SEED),
        split: 'test',
      });
    }
    return batch;
  };

  return {
    id: def.id,
    inputShape,
    numClasses,
    classNames: classes.map((c) => dataset.classNames[c] ?? String(c)),
    trainSize: trainPool.length,
    testSize: testIndex.length,
    trainStream(options: TrainStreamOptions): TrainStream {
      const checked = checkStreamOptions(options);
      const { batchSize } = checked;
      const source = trainImages();
      const rng = seededGenerator(checked.seed);
      const transformRng = rng.clone();
      transformRng.jump();
      const sample = def.balanced
        ? balancedSampler(byClass, batchSize, rng)
        : shuffledSampler(trainPool, batchSize, rng);
      return minibatchStream(checked, inputSize, sample, (batch, indexes) => {
        gather(batch, indexes, source.images, train.labels, classOf, inputSize, source.row);
        transform?.(batch.x, { batchSize, inputSize, rng: transformRng, split: 'train' });
      });
    },
    testSet(): Minibatch {
      cachedTest ??= buildTest();
      return { x: cachedTest.x.slice(), y: cachedTest.y.slice(), batchSize: cachedTest.batchSize };
    },
  };
}

/**
 * A xoroshiro128+ generator (pure-rand) for any safe-integer seed: the low
 * and high 32-bit halves both enter the state, so seeds that differ only
 * above bit 31 still give different streams. For seeds in `[0, 2^32)` this
 * equals `xoroshiro128plus(seed)`.
 */
export function seededGenerator(seed: number): JumpableRandomGenerator {
  const lo = seed | 0;
  const hi = Math.floor(seed / 2 ** 32) | 0;
  return xoroshiro128plusFromState([~hi, ~lo, lo, 0]);
}

function checkClasses(classes: readonly number[] | undefined, numClasses: number): number[] {
  if (classes === undefined) return Array.from({ length: numClasses }, (_, i) => i);
  const expected = `at least two distinct integer labels in 0..${numClasses - 1}`;
  if (!Array.isArray(classes) || classes.length < 2) {
    throw new TaskOptionError('classes', classes, expected);
  }
  const seen = new Set<number>();
  for (const c of classes) {
    if (!Number.isInteger(c) || c < 0 || c >= numClasses || seen.has(c)) {
      throw new TaskOptionError('classes', classes, expected);
    }
    seen.add(c);
  }
  return [...classes];
}

function checkFixedNoise(
  fixed: TaskDefinition['fixedNoise'],
): TaskDefinition['fixedNoise'] | undefined {
  if (fixed === undefined) return undefined;
  if (fixed === null || typeof fixed !== 'object') {
    throw new TaskOptionError('fixedNoise', fixed, '{ probability, seed }');
  }
  checkNoiseLevel(fixed.probability, 'fixedNoise.probability');
  if (!Number.isSafeInteger(fixed.seed)) {
    throw new TaskOptionError('fixedNoise.seed', fixed.seed, 'a safe integer');
  }
  return fixed.probability > 0 ? fixed : undefined;
}

function indexByClass(labels: Uint8Array, classOf: Int32Array, numClasses: number): Int32Array[] {
  const counts = new Int32Array(numClasses);
  for (let i = 0; i < labels.length; i++) {
    const k = classOf[labels[i] ?? 0] ?? -1;
    if (k >= 0) counts[k] = (counts[k] ?? 0) + 1;
  }
  const lists = Array.from(counts, (n) => new Int32Array(n));
  const fill = new Int32Array(numClasses);
  for (let i = 0; i < labels.length; i++) {
    const k = classOf[labels[i] ?? 0] ?? -1;
    if (k >= 0) {
      const list = lists[k] as Int32Array;
      list[fill[k] ?? 0] = i;
      fill[k] = (fill[k] ?? 0) + 1;
    }
  }
  return lists;
}

function indexesWhere(labels: Uint8Array, classOf: Int32Array): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < labels.length; i++) if ((classOf[labels[i] ?? 0] ?? -1) >= 0) out.push(i);
  return Int32Array.from(out);
}

function concatInt32(lists: Int32Array[]): Int32Array {
  const out = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const l of lists) {
    out.set(l, at);
    at += l.length;
  }
  return out;
}

/**
 * Scales the records at `indexes` into `batch` and relabels them; with `row`, record `idx`'s
 * image is row `row[idx]` of `images` (a copy of some records only), else row `idx`.
 */
function gather(
  batch: Minibatch,
  indexes: Int32Array,
  images: Uint8Array,
  labels: Uint8Array,
  classOf: Int32Array,
  inputSize: number,
  row?: Int32Array,
): void {
  const { x, y } = batch;
  for (let b = 0; b < indexes.length; b++) {
    const idx = indexes[b]!;
    const src = (row ? row[idx]! : idx) * inputSize;
    const dst = b * inputSize;
    for (let j = 0; j < inputSize; j++) x[dst + j] = SCALE[images[src + j]!]!;
    y[b] = classOf[labels[idx]!]!;
  }
}

/** Fisher–Yates shuffle of `a` in place. */
function shuffle(a: Int32Array, rng: JumpableRandomGenerator, length = a.length): void {
  for (let i = length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    const t = a[i] ?? 0;
    a[i] = a[j] ?? 0;
    a[j] = t;
  }
}

export type Sampler = (out: Int32Array) => void;

/** Consecutive slices of reshuffled passes over `pool` (record indexes); `out` is filled with the next ones. */
export function shuffledSampler(
  pool: Int32Array,
  _batchSize: number,
  rng: JumpableRandomGenerator,
): Sampler {
  const order = pool.slice();
  let cursor = order.length;
  return (out) => {
    for (let b = 0; b < out.length; b++) {
      if (cursor === order.length) {
        shuffle(order, rng);
        cursor = 0;
      }
      out[b] = order[cursor++] ?? 0;
    }
  };
}

/** Per-class reshuffled passes; equal class counts per batch (see {@link TaskDefinition.balanced}). */
function balancedSampler(
  byClass: Int32Array[],
  batchSize: number,
  rng: JumpableRandomGenerator,
): Sampler {
  const numClasses = byClass.length;
  const orders = byClass.map((l) => l.slice());
  const cursors = orders.map((o) => o.length);
  const base = Math.floor(batchSize / numClasses);
  const extra = batchSize % numClasses;
  const classPick = Int32Array.from({ length: numClasses }, (_, k) => k);
  const counts = new Int32Array(numClasses);
  const take = (k: number): number => {
    const order = orders[k] as Int32Array;
    if (cursors[k] === order.length) {
      shuffle(order, rng);
      cursors[k] = 0;
    }
    const c = cursors[k] ?? 0;
    cursors[k] = c + 1;
    return order[c] ?? 0;
  };
  return (out) => {
    counts.fill(base);
    if (extra > 0) {
      // partial Fisher–Yates: the last `extra` entries are a uniform random subset
      for (let i = numClasses - 1; i >= numClasses - extra; i--) {
        const j = uniformInt(rng, 0, i);
        const t = classPick[i] ?? 0;
        classPick[i] = classPick[j] ?? 0;
        classPick[j] = t;
        const k = classPick[i] ?? 0;
        counts[k] = (counts[k] ?? 0) + 1;
      }
    }
    let b = 0;
    for (let k = 0; k < numClasses; k++) {
      for (let n = counts[k] ?? 0; n > 0; n--) out[b++] = take(k);
    }
    shuffle(out, rng);
  };
}
