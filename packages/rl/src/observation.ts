/**
 * From an environment's observations to the grid's input: a copy, or the
 * transpose of a frame stack `[k, H, W]` to channels-last `[H, W, k]` (the
 * grid's conv layers are NHWC), scaled to [0, 1] for `uint8` pixels.
 *
 * @packageDocumentation
 */
import { describeSpace, type Observation, type Space } from '@pathnet/envs';
import { ObservationShapeError } from './errors.js';

/** Writes one observation into `out[offset … offset + prod(inputShape))`. */
export type ObservationEncoder = (obs: Observation, out: Float32Array, offset: number) => void;

const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const same = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * An encoder for observations of `space` into a grid with input shape `inputShape`.
 * - same shape (or the same size when the grid's input is flat, `[D]`): copied;
 * - space `[k, H, W]` (a {@link FrameStack}) and input `[H, W, k]`: transposed, oldest frame first;
 * - `uint8` boxes whose `high` exceeds 1 (pixels) are divided by `high`; others are kept as they are.
 * @param env - the environment's id, for the error message.
 * @throws {ObservationShapeError} when the space is not a box of a fitting shape.
 */
export function observationEncoder(
  env: string,
  space: Space,
  inputShape: readonly number[],
): ObservationEncoder {
  if (space.kind !== 'box') throw new ObservationShapeError(env, describeSpace(space), inputShape);
  const size = product(space.shape);
  const scale = space.dtype === 'uint8' && space.high > 1 ? 1 / space.high : 1;
  const flatInput = inputShape.length === 1 && inputShape[0] === size;
  if (same(space.shape, inputShape) || flatInput) {
    return (obs, out, offset) => {
      for (let i = 0; i < size; i++) out[offset + i] = (obs[i] as number) * scale;
    };
  }
  const [k, h, w] = space.shape as [number, number, number];
  if (space.shape.length === 3 && same(inputShape, [h, w, k])) {
    const plane = h * w;
    return (obs, out, offset) => {
      for (let f = 0; f < k; f++) {
        for (let p = 0; p < plane; p++)
          out[offset + p * k + f] = (obs[f * plane + p] as number) * scale;
      }
    };
  }
  throw new ObservationShapeError(env, describeSpace(space), inputShape);
}
