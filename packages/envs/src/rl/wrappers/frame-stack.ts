import { type Env, type ResetArgs, type ResetResult, type StepResult, Wrapper } from '../env.js';
import { InvalidEnvOptionError } from '../errors.js';
import type { EnvRng } from '../rng.js';
import { type BoxSpace, box, boxSize, type Observation, type Space } from '../spaces.js';

/**
 * Stacks the last `k` observations on a new leading axis: inner `[...shape]`
 * becomes `[k, ...shape]`, oldest first, newest last. On reset every slot is
 * filled with the reset observation, so a stack never holds a frame of the
 * previous episode (Gymnasium `FrameStackObservation`, padding "reset").
 *
 * @throws {InvalidEnvOptionError} unless `k` is a positive integer and the inner space is a box.
 */
export class FrameStack extends Wrapper {
  readonly #space: BoxSpace;
  readonly #frame: number;
  #stack: Observation;
  constructor(
    env: Env,
    readonly k: number,
  ) {
    super(env);
    const s = env.observationSpace;
    if (s.kind !== 'box') {
      throw new InvalidEnvOptionError(
        env.id,
        'frameStack',
        'a discrete observation space',
        'a box space',
      );
    }
    if (!Number.isInteger(k) || k <= 0) {
      throw new InvalidEnvOptionError(env.id, 'frameStack', k, 'a positive integer');
    }
    this.#space = box([k, ...s.shape], s.low, s.high, s.dtype);
    this.#frame = boxSize(s);
    this.#stack =
      s.dtype === 'uint8' ? new Uint8Array(k * this.#frame) : new Float32Array(k * this.#frame);
  }
  override get observationSpace(): Space {
    return this.#space;
  }
  #copy(): Observation {
    return this.#stack.slice();
  }
  protected override onReset(args: ResetArgs): ResetResult {
    const r = this.env.reset(args);
    for (let i = 0; i < this.k; i++) this.#stack.set(r.observation, i * this.#frame);
    return { observation: this.#copy(), info: r.info };
  }
  protected override onStep(action: number, _rng: EnvRng): StepResult {
    const r = this.env.step(action);
    this.#stack.copyWithin(0, this.#frame);
    this.#stack.set(r.observation, (this.k - 1) * this.#frame);
    return { ...r, observation: this.#copy() };
  }
}
