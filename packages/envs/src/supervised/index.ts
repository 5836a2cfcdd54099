/**
 * Supervised classification tasks: MNIST (binary "digit a vs digit b" with
 * salt-and-pepper noise, Fernando et al. 2017, Sec. 3.1, and ten-class), Fashion-MNIST,
 * CIFAR-10 and cropped SVHN (Sec. 3.2), behind a task registry.
 */

export { type ArraySplit, type ArrayTaskDefinition, createArrayTask } from './array-task.js';
export {
  type BuiltinTaskOptions,
  checkDigitPair,
  type FashionMnistTaskOptions,
  type FolderTaskOptions,
  type ImageTaskOptions,
  type MnistBinaryTaskOptions,
  type MnistTaskOptions,
} from './builtins.js';
export {
  CIFAR10_CLASSES,
  CIFAR10_RECORD_BYTES,
  CIFAR10_TEST_FILE,
  CIFAR10_TRAIN_FILES,
  type Cifar10LoadOptions,
  loadCifar10,
  parseCifar10,
} from './cifar10.js';
export { DATA_DIR_ENV } from './data-dir.js';
export {
  DataFormatError,
  DataReadError,
  DatasetNotFoundError,
  LabelRangeError,
  TaskOptionError,
} from './errors.js';
export { type IdxArray, type IdxPair, parseIdx, readIdx, readIdxPair } from './idx.js';
export { type MatArray, readMat5 } from './mat5.js';
export {
  clearDatasetCache,
  DEBIAN_FASHION_MNIST_DIR,
  FASHION_MNIST_CLASSES,
  loadFashionMnist,
  loadMnist,
  mnistDataDir,
} from './mnist.js';
export {
  applySaltAndPepper,
  checkNoiseMode,
  composeTransforms,
  NOISE_MODES,
  type NoiseMode,
  noisyImageCopies,
  saltAndPepper,
} from './noise.js';
export { inputPermutation, permuteInputs } from './permutation.js';
export {
  BUILTIN_TASK_IDS,
  makeTask,
  registerTask,
  supervisedTaskRegistry,
  type TaskEntry,
  type TaskFactory,
  taskIds,
  unregisterTask,
} from './registry.js';
export {
  loadSvhnCropped,
  parseSvhnMat,
  SVHN_TEST_FILE,
  SVHN_TRAIN_FILE,
  type SvhnLoadOptions,
} from './svhn.js';
export {
  createSupervisedTask,
  seededGenerator,
  type TaskDefinition,
  TEST_TRANSFORM_SEED,
} from './task.js';
export type {
  ImageDataset,
  InputTransform,
  LabeledImages,
  Minibatch,
  RandomSource,
  SupervisedTask,
  TrainStream,
  TrainStreamOptions,
  TransformContext,
} from './types.js';
