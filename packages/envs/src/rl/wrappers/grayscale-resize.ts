import { type Env, type ResetArgs, type ResetResult, type StepResult, Wrapper } from '../env.js';
import { InvalidEnvOptionError } from '../errors.js';
import type { EnvRng } from '../rng.js';
import { type BoxSpace, box, type Observation, type Space } from '../spaces.js';

interface Taps {
  start: Int32Array;
  count: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

/** Area-resampling taps from `n` source cells to `m` target cells (like OpenCV INTER_AREA). */
function areaTaps(n: number, m: number): Taps {
  const scale = n / m;
  const start = new Int32Array(m);
  const count = new Int32Array(m);
  const index: number[] = [];
  const weight: number[] = [];
  for (let j = 0; j < m; j++) {
    const a = j * scale;
    const b = (j + 1) * scale;
    start[j] = index.length;
    for (let s = Math.floor(a); s < Math.min(n, Math.ceil(b)); s++) {
      const w = Math.min(b, s + 1) - Math.max(a, s);
      if (w > 1e-9) {
        index.push(s);
        weight.push(w / scale);
      }
    }
    count[j] = index.length - (start[j] as number);
  }
  return { start, count, index: Int32Array.from(index), weight: Float32Array.from(weight) };
}

/**
 * Converts image observations to luminance (ITU-R BT.601: 0.299 R + 0.587 G +
 * 0.114 B) and resizes them by area averaging to `size × size`, as in the
 * DQN/A3C Atari preprocessing (84×84). Input: `uint8 [H, W, 3]`, `[H, W, 1]`
 * or `[H, W]`; output: `uint8 [size, size]`.
 *
 * @throws {InvalidEnvOptionError} if the observation space is not such an image.
 */
export class GrayscaleResize extends Wrapper<Uint8Array> {
  readonly #space: BoxSpace;
  readonly #h: number;
  readonly #w: number;
  readonly #c: number;
  readonly #rows: Taps;
  readonly #cols: Taps;
  readonly #gray: Float32Array;
  readonly #tmp: Float32Array;
  constructor(
    env: Env,
    readonly size = 84,
  ) {
    super(env);
    const s = env.observationSpace;
    const ok =
      s.kind === 'box' &&
      s.dtype === 'uint8' &&
      (s.shape.length === 2 || (s.shape.length === 3 && (s.shape[2] === 3 || s.shape[2] === 1)));
    if (!ok) {
      throw new InvalidEnvOptionError(
        env.id,
        'grayscaleResize',
        s.kind === 'box'
          ? `observations ${s.dtype} [${s.shape.join(', ')}]`
          : 'discrete observations',
        'uint8 image observations [H, W, 3], [H, W, 1] or [H, W]',
      );
    }
    if (!Number.isInteger(size) || size <= 0) {
      throw new InvalidEnvOptionError(env.id, 'grayscaleResize', size, 'a positive integer size');
    }
    const shape = (s as BoxSpace).shape;
    this.#h = shape[0] as number;
    this.#w = shape[1] as number;
    this.#c = shape[2] ?? 1;
    this.#rows = areaTaps(this.#h, size);
    this.#cols = areaTaps(this.#w, size);
    this.#gray = new Float32Array(this.#h * this.#w);
    this.#tmp = new Float32Array(this.#h * size);
    this.#space = box([size, size], 0, 255, 'uint8');
  }
  override get observationSpace(): Space {
    return this.#space;
  }
  /** Converts one observation of the inner space. */
  transform(obs: Observation): Uint8Array {
    const { size } = this;
    const h = this.#h;
    const w = this.#w;
    const gray = this.#gray;
    if (this.#c === 3) {
      for (let i = 0, p = 0; i < h * w; i++, p += 3) {
        gray[i] =
          0.299 * (obs[p] as number) +
          0.587 * (obs[p + 1] as number) +
          0.114 * (obs[p + 2] as number);
      }
    } else {
      for (let i = 0; i < h * w; i++) gray[i] = obs[i] as number;
    }
    const tmp = this.#tmp;
    const cols = this.#cols;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < size; x++) {
        let acc = 0;
        const s0 = cols.start[x] as number;
        const s1 = s0 + (cols.count[x] as number);
        for (let k = s0; k < s1; k++)
          acc += (cols.weight[k] as number) * (gray[y * w + (cols.index[k] as number)] as number);
        tmp[y * size + x] = acc;
      }
    }
    const out = new Uint8Array(size * size);
    const rows = this.#rows;
    for (let y = 0; y < size; y++) {
      const s0 = rows.start[y] as number;
      const s1 = s0 + (rows.count[y] as number);
      for (let x = 0; x < size; x++) {
        let acc = 0;
        for (let k = s0; k < s1; k++)
          acc += (rows.weight[k] as number) * (tmp[(rows.index[k] as number) * size + x] as number);
        out[y * size + x] = Math.min(255, Math.round(acc));
      }
    }
    return out;
  }
  protected override onReset(args: ResetArgs): ResetResult<Uint8Array> {
    const r = this.env.reset(args);
    return { observation: this.transform(r.observation), info: r.info };
  }
  protected override onStep(action: number, _rng: EnvRng): StepResult<Uint8Array> {
    const r = this.env.step(action);
    return { ...r, observation: this.transform(r.observation) };
  }
}
