import { BaseEnv, type ResetResult, type StepResult } from '../env.js';
import { InvalidEnvOptionError } from '../errors.js';
import type { EnvRng } from '../rng.js';
import { type BoxSpace, box, type DiscreteSpace, discrete } from '../spaces.js';

/** Gravity, in m/s². */
const GRAVITY = 9.8;
/** Mass of the cart, in kg. */
const MASS_CART = 1.0;
/** Mass of the pole, in kg. */
const MASS_POLE = 0.1;
const TOTAL_MASS = MASS_CART + MASS_POLE;
/** Half the pole's length, in m. */
const HALF_LENGTH = 0.5;
const POLE_MASS_LENGTH = MASS_POLE * HALF_LENGTH;
/** Magnitude of the push, in N. */
const FORCE = 10.0;
/** Seconds between state updates. */
const TAU = 0.02;
/** The pole angle (radians) beyond which the episode terminates: 12°. */
export const CARTPOLE_THETA_LIMIT = (12 * 2 * Math.PI) / 360;
/** The cart position (m) beyond which the episode terminates. */
export const CARTPOLE_X_LIMIT = 2.4;

/**
 * CartPole (Barto, Sutton & Anderson 1983) with Gymnasium's `CartPole-v1`
 * dynamics (classic_control/cartpole.py, Euler integration): observation
 * `float32 [4]` = cart position (m), cart velocity (m/s), pole angle (rad),
 * pole angular velocity (rad/s); actions `Discrete(2)`: 0 pushes left, 1 right,
 * with 10 N. Every step gives reward 1, the terminating step included; the
 * episode terminates when |x| > 2.4 or |θ| > 12°. Reset draws each state
 * variable uniformly from [low, high) (default [-0.05, 0.05)) with the environment's
 * seeded stream; `reset({options: {low, high}})` changes the range as Gymnasium's
 * does (numbers in [-0.2, 0.2], else {@link InvalidEnvOptionError}).
 * The 500-step limit of `CartPole-v1` is the registry's {@link TimeLimit}
 * (`truncated`), not part of this class.
 *
 * The observation space is `Box(float32 [4] in [-∞, ∞])`: a box here has one
 * bound for all axes, so Gymnasium's per-axis bounds (±4.8, ±∞, ±0.42, ±∞) are
 * not declared; observations stay inside them until termination.
 * The state is integrated in float64, as Gymnasium does, and rounded to float32
 * only in the observation.
 */
export class CartPole extends BaseEnv<Float32Array> {
  readonly observationSpace: BoxSpace = box([4], -Infinity, Infinity, 'float32');
  readonly actionSpace: DiscreteSpace = discrete(2);
  #x = 0;
  #xDot = 0;
  #theta = 0;
  #thetaDot = 0;
  constructor(readonly id = 'CartPole') {
    super();
  }
  /** The state `[x, ẋ, θ, θ̇]` in float64 (for tests). */
  get state(): [number, number, number, number] {
    return [this.#x, this.#xDot, this.#theta, this.#thetaDot];
  }
  #observe(): Float32Array {
    return Float32Array.of(this.#x, this.#xDot, this.#theta, this.#thetaDot);
  }
  protected onReset(
    rng: EnvRng,
    _seed: number | undefined,
    options: Record<string, unknown>,
  ): ResetResult<Float32Array> {
    const low = this.#bound(options, 'low', -0.05);
    const high = this.#bound(options, 'high', 0.05);
    if (!(low <= high)) {
      throw new InvalidEnvOptionError(this.id, 'high', high, `a number >= low (${low})`);
    }
    const u = () => low + (high - low) * rng.float();
    this.#x = u();
    this.#xDot = u();
    this.#theta = u();
    this.#thetaDot = u();
    return { observation: this.#observe(), info: {} };
  }
  #bound(options: Record<string, unknown>, name: 'low' | 'high', fallback: number): number {
    const v = options[name];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 0.2) {
      throw new InvalidEnvOptionError(this.id, name, v, 'a finite number in [-0.2, 0.2]');
    }
    return v;
  }
  protected onStep(action: number): StepResult<Float32Array> {
    const force = action === 1 ? FORCE : -FORCE;
    const cos = Math.cos(this.#theta);
    const sin = Math.sin(this.#theta);
    const temp = (force + POLE_MASS_LENGTH * this.#thetaDot ** 2 * sin) / TOTAL_MASS;
    const thetaAcc =
      (GRAVITY * sin - cos * temp) /
      (HALF_LENGTH * (4.0 / 3.0 - (MASS_POLE * cos ** 2) / TOTAL_MASS));
    const xAcc = temp - (POLE_MASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
    this.#x += TAU * this.#xDot;
    this.#xDot += TAU * xAcc;
    this.#theta += TAU * this.#thetaDot;
    this.#thetaDot += TAU * thetaAcc;
    const terminated =
      this.#x < -CARTPOLE_X_LIMIT ||
      this.#x > CARTPOLE_X_LIMIT ||
      this.#theta < -CARTPOLE_THETA_LIMIT ||
      this.#theta > CARTPOLE_THETA_LIMIT;
    return { observation: this.#observe(), reward: 1, terminated, truncated: false, info: {} };
  }
}
