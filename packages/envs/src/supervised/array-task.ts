/**
 * Supervised tasks from plain float arrays (tabular data, features computed
 * elsewhere): the same {@link SupervisedTask} as the image tasks, without
 * their 8-bit pixels.
 */
import { TaskOptionError } from './errors.js';
import { seededGenerator, shuffledSampler } from './task.js';
import { checkStreamOptions, minibatchStream } from './train-stream.js';
import type { SupervisedTask, TrainStream, TrainStreamOptions } from './types.js';

/** Examples as float rows with integer labels. */
export interface ArraySplit {
  /** `[count, prod(inputShape)]` row-major feature values (any finite numbers). */
  readonly x: Float32Array | readonly number[];
  /** `[count]` class indices in `[0, numClasses)`. */
  readonly y: Int32Array | readonly number[];
}

/** What {@link createArrayTask} builds a task from. */
export interface ArrayTaskDefinition {
  /** Task id reported by {@link SupervisedTask.id}. */
  readonly id: string;
  /** Shape of one example, e.g. `[4]` for four features. */
  readonly inputShape: readonly number[];
  /** Number of classes C (at least 2). */
  readonly numClasses: number;
  /** Name of each class; default `"0"`, `"1"`, … */
  readonly classNames?: readonly string[];
  readonly train: ArraySplit;
  readonly test: ArraySplit;
}

function checkSplit(
  name: 'train' | 'test',
  split: ArraySplit,
  inputSize: number,
  numClasses: number,
): { x: Float32Array; y: Int32Array } {
  if (split === null || typeof split !== 'object') {
    throw new TaskOptionError(name, split, 'an object { x, y }');
  }
  const y = Int32Array.from(split.y ?? []);
  const x = Float32Array.from(split.x ?? []);
  if (y.length === 0) throw new TaskOptionError(`${name}.y`, split.y, 'at least one label');
  if (x.length !== y.length * inputSize) {
    throw new TaskOptionError(
      `${name}.x`,
      `${x.length} values`,
      `${y.length} examples × ${inputSize} values = ${y.length * inputSize} values`,
    );
  }
  const badX = x.findIndex((v) => !Number.isFinite(v));
  if (badX >= 0) throw new TaskOptionError(`${name}.x[${badX}]`, x[badX], 'a finite number');
  const labels = Array.from(split.y);
  const badY = labels.findIndex((v) => !Number.isInteger(v) || v < 0 || v >= numClasses);
  if (badY >= 0) {
    throw new TaskOptionError(
      `${name}.y[${badY}]`,
      labels[badY],
      `an integer in [0, ${numClasses})`,
    );
  }
  return { x, y };
}

/**
 * A task from float arrays. Training minibatches are consecutive slices of
 * reshuffled passes over the training rows (seeded by the stream's seed, as
 * the image tasks' unbalanced streams); the test set is the test rows in order.
 * Values are used as given (scale them yourself).
 *
 * @throws {TaskOptionError} naming the field: a bad shape or class count,
 *   `x` not `count × prod(inputShape)` values, a non-finite value, or a label out of range.
 */
export function createArrayTask(def: ArrayTaskDefinition): SupervisedTask {
  const { id, numClasses } = def;
  if (
    !Array.isArray(def.inputShape) ||
    def.inputShape.length === 0 ||
    !def.inputShape.every((d) => Number.isInteger(d) && d > 0)
  ) {
    throw new TaskOptionError('inputShape', def.inputShape, 'positive integers, e.g. [4]');
  }
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new TaskOptionError('numClasses', numClasses, 'an integer ≥ 2');
  }
  const inputShape = [...def.inputShape];
  const inputSize = inputShape.reduce((a, b) => a * b, 1);
  const train = checkSplit('train', def.train, inputSize, numClasses);
  const test = checkSplit('test', def.test, inputSize, numClasses);
  const classNames = def.classNames ?? Array.from({ length: numClasses }, (_, k) => String(k));
  if (classNames.length !== numClasses) {
    throw new TaskOptionError('classNames', classNames, `${numClasses} names`);
  }
  const pool = Int32Array.from({ length: train.y.length }, (_, i) => i);
  return {
    id,
    inputShape,
    numClasses,
    classNames: [...classNames],
    trainSize: train.y.length,
    testSize: test.y.length,
    trainStream(options: TrainStreamOptions): TrainStream {
      const checked = checkStreamOptions(options);
      const sample = shuffledSampler(pool, checked.batchSize, seededGenerator(checked.seed));
      return minibatchStream(checked, inputSize, sample, (batch, indexes) => {
        indexes.forEach((row, b) => {
          batch.x.set(train.x.subarray(row * inputSize, (row + 1) * inputSize), b * inputSize);
          batch.y[b] = train.y[row]!;
        });
      });
    },
    testSet: () => ({ x: test.x.slice(), y: test.y.slice(), batchSize: test.y.length }),
  };
}
