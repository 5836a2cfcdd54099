/**
 * The environments of an RL transfer experiment, described as plain data so
 * that a job can cross threads and machines, and one observation layout for
 * every task of the experiment: channels padded with zeros to a common count,
 * so that a grid trained on one task reads the frames of another.
 *
 * @packageDocumentation
 */
import {
  box,
  type Env,
  type EnvRng,
  makeEnv,
  type Observation,
  type ResetArgs,
  type ResetResult,
  type Space,
  type StepResult,
  Wrapper,
  type WrapperConfig,
} from '@pathnet/envs';

/** A task of an RL transfer experiment: a registered environment and how to build it. */
export interface EnvSpec {
  /** A registered environment id of `@pathnet/envs`, e.g. `minatar/Breakout-v0`. */
  readonly id: string;
  /** Environment options (`makeEnv`'s `options`), e.g. `{ size: 42 }` for a maze. */
  readonly options?: Record<string, unknown>;
  /** Wrappers (`makeEnv`'s `wrappers`), e.g. the Atari preprocessing. */
  readonly wrappers?: WrapperConfig;
  /**
   * The time limit in agent steps (`makeEnv`'s `maxEpisodeSteps`; `null`: none); absent:
   * the registered one. With a frame skip of k, the registered limit ÷ k keeps an
   * episode's length in frames.
   */
  readonly maxEpisodeSteps?: number | null;
  /**
   * Pad the last axis of `[H, W, C]` box observations with zero channels to
   * this count (the experiment's common layout); absent: observations as they come.
   */
  readonly channels?: number;
}

/**
 * Pads the last axis of `[H, W, C]` observations with zeros to `channels`
 * (`C ≤ channels`), so that tasks with fewer channels share the layout of the
 * task with the most; the added channels are always 0.
 * @throws {RangeError} if the observation space is not a `[H, W, C]` box or `C > channels`.
 */
export class PadChannels extends Wrapper {
  readonly #space: Space;
  readonly #from: number;
  readonly #to: number;
  constructor(env: Env, channels: number) {
    super(env);
    const s = env.observationSpace;
    if (s.kind !== 'box' || s.shape.length !== 3 || (s.shape[2] as number) > channels) {
      throw new RangeError(
        `${env.id}: PadChannels expects [H, W, C] box observations with C ≤ ${channels}, got ${s.kind === 'box' ? `[${s.shape.join(', ')}]` : s.kind}`,
      );
    }
    const [h, w, c] = s.shape as [number, number, number];
    this.#space = box([h, w, channels], s.low, s.high, s.dtype);
    this.#from = c;
    this.#to = channels;
  }
  override get observationSpace(): Space {
    return this.#space;
  }
  #pad(o: Observation): Observation {
    if (this.#from === this.#to) return o;
    const src = o as Uint8Array | Float32Array;
    const pixels = src.length / this.#from;
    const out = new (src.constructor as typeof Uint8Array)(pixels * this.#to);
    for (let p = 0; p < pixels; p++) {
      out.set(src.subarray(p * this.#from, (p + 1) * this.#from), p * this.#to);
    }
    return out;
  }
  protected override onReset(args: ResetArgs, _rng: EnvRng): ResetResult<Observation> {
    const r = this.env.reset(args);
    return { ...r, observation: this.#pad(r.observation) };
  }
  protected override onStep(action: number, _rng: EnvRng): StepResult<Observation> {
    const r = this.env.step(action);
    return { ...r, observation: this.#pad(r.observation) };
  }
}

/**
 * Builds the environment a spec describes (`makeEnv`, then {@link PadChannels} when `channels` is set).
 * @throws whatever `makeEnv` throws (unknown id, bad options) and PadChannels' RangeError.
 */
export function buildSpecEnv(spec: EnvSpec): Env {
  const env = makeEnv(spec.id, {
    ...(spec.options && { options: spec.options }),
    ...(spec.wrappers && { wrappers: spec.wrappers }),
    ...(spec.maxEpisodeSteps !== undefined && { maxEpisodeSteps: spec.maxEpisodeSteps }),
  });
  return spec.channels === undefined ? env : new PadChannels(env, spec.channels);
}

/** The observation shape and action count of a spec's environment (built once and closed). */
export function specSpaces(spec: EnvSpec): { shape: number[]; actions: number } {
  const env = buildSpecEnv(spec);
  try {
    const o = env.observationSpace;
    const a = env.actionSpace;
    return {
      shape: o.kind === 'box' ? [...o.shape] : [],
      actions: a.kind === 'discrete' ? a.n : 0,
    };
  } finally {
    env.close();
  }
}
