/**
 * The training stream every supervised task hands out: option checks, the
 * minibatch buffers, the draw count; the task supplies how examples are
 * sampled and written.
 */
import { TaskOptionError } from './errors.js';
import type { Minibatch, TrainStream, TrainStreamOptions } from './types.js';

/**
 * Checks {@link TrainStreamOptions}: `batchSize` a positive integer, `seed` a safe integer.
 *
 * @throws {TaskOptionError} naming the first bad field.
 */
export function checkStreamOptions(options: TrainStreamOptions): TrainStreamOptions {
  const { batchSize, seed } = options ?? ({} as TrainStreamOptions);
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new TaskOptionError('batchSize', batchSize, 'a positive integer');
  }
  if (!Number.isSafeInteger(seed)) {
    throw new TaskOptionError('seed', seed, 'a safe integer');
  }
  return { batchSize, seed };
}

/**
 * A {@link TrainStream} of minibatches of `batchSize` examples of `inputSize`
 * values each. Every `next` checks the minibatch it is given (or makes one),
 * lets `sample` draw the example indexes, then `fill` write those examples
 * into it.
 *
 * @throws {TaskOptionError} from `next`, for an `into` of another size.
 */
export function minibatchStream(
  { batchSize, seed }: TrainStreamOptions,
  inputSize: number,
  sample: (indexes: Int32Array) => void,
  fill: (batch: Minibatch, indexes: Int32Array) => void,
): TrainStream {
  const indexes = new Int32Array(batchSize);
  let drawn = 0;
  return {
    batchSize,
    seed,
    get batchesDrawn() {
      return drawn;
    },
    next(into?: Minibatch): Minibatch {
      const batch = into ?? {
        x: new Float32Array(batchSize * inputSize),
        y: new Int32Array(batchSize),
        batchSize,
      };
      if (
        batch.batchSize !== batchSize ||
        batch.x.length !== batchSize * inputSize ||
        batch.y.length !== batchSize
      ) {
        throw new TaskOptionError(
          'into',
          `a minibatch with batchSize ${batch.batchSize}, x length ${batch.x.length}, y length ${batch.y.length}`,
          `batchSize ${batchSize}, x length ${batchSize * inputSize}, y length ${batchSize}`,
        );
      }
      sample(indexes);
      fill(batch, indexes);
      drawn++;
      return batch;
    },
  };
}
