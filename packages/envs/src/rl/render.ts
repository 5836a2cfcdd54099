/** A distinct colour per channel (RGB), cycling after 10 channels. */
const PALETTE: readonly (readonly [number, number, number])[] = [
  [255, 215, 0],
  [230, 25, 75],
  [120, 120, 120],
  [60, 180, 75],
  [0, 130, 200],
  [245, 130, 48],
  [145, 30, 180],
  [70, 240, 240],
  [240, 50, 230],
  [250, 190, 190],
];

/**
 * Renders a channels-last 0/1 grid (a MinAtar observation `uint8 [rows, cols, C]`)
 * as an RGBA image, each cell `cell × cell` pixels, each channel its own colour
 * (the lowest-numbered set channel wins, so the agent, channel 0, is never hidden), empty cells black. The result
 * (`Uint8Array [rows·cell, cols·cell, 4]`) is what PNG encoders such as pngjs take.
 *
 * @throws {RangeError} if `observation.length !== rows·cols·channels`.
 */
export function renderGrid(
  observation: Uint8Array,
  shape: readonly [number, number, number],
  cell = 16,
): { width: number; height: number; data: Uint8Array } {
  const [rows, cols, channels] = shape;
  if (observation.length !== rows * cols * channels) {
    throw new RangeError(
      `renderGrid: observation has ${observation.length} values; shape [${shape.join(', ')}] needs ${rows * cols * channels}`,
    );
  }
  const width = cols * cell;
  const height = rows * cell;
  const data = new Uint8Array(width * height * 4);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let colour: readonly [number, number, number] = [0, 0, 0];
      for (let k = channels - 1; k >= 0; k--) {
        if (observation[(r * cols + c) * channels + k])
          colour = PALETTE[k % PALETTE.length] as [number, number, number];
      }
      for (let y = 0; y < cell; y++) {
        for (let x = 0; x < cell; x++) {
          const p = ((r * cell + y) * width + c * cell + x) * 4;
          const edge = x === 0 || y === 0;
          data[p] = edge ? colour[0] >> 1 : colour[0];
          data[p + 1] = edge ? colour[1] >> 1 : colour[1];
          data[p + 2] = edge ? colour[2] >> 1 : colour[2];
          data[p + 3] = 255;
        }
      }
    }
  }
  return { width, height, data };
}

/**
 * Converts an RGB frame (`uint8 [rows, cols, 3]`, e.g. a maze observation) to an
 * RGBA image with each pixel repeated `scale × scale` times (nearest neighbour):
 * `Uint8Array [rows·scale, cols·scale, 4]`, what PNG encoders such as pngjs take.
 *
 * @throws {RangeError} if `frame.length !== rows·cols·3`, the channel count is not 3,
 *   or `scale` is not an integer in [1, 64].
 */
export function renderRgb(
  frame: Uint8Array,
  shape: readonly [number, number, number],
  scale = 4,
): { width: number; height: number; data: Uint8Array } {
  const [rows, cols, channels] = shape;
  if (channels !== 3 || frame.length !== rows * cols * 3) {
    throw new RangeError(
      `renderRgb: frame has ${frame.length} values for shape [${shape.join(', ')}]; expected [rows, cols, 3] with rows·cols·3 values`,
    );
  }
  if (!Number.isInteger(scale) || scale < 1 || scale > 64) {
    throw new RangeError(`renderRgb: scale ${scale}; expected an integer in [1, 64]`);
  }
  const width = cols * scale;
  const height = rows * scale;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const r = Math.floor(y / scale);
    for (let x = 0; x < width; x++) {
      const s = (r * cols + Math.floor(x / scale)) * 3;
      const p = (y * width + x) * 4;
      data[p] = frame[s] as number;
      data[p + 1] = frame[s + 1] as number;
      data[p + 2] = frame[s + 2] as number;
      data[p + 3] = 255;
    }
  }
  return { width, height, data };
}
