// A tiny deterministic environment for wrapper tests (not a test file itself).
import {
  BaseEnv,
  box,
  discrete,
  type EnvRng,
  type ResetResult,
  type StepResult,
} from '../rl/index.js';

/**
 * Observation `uint8 [2, 3]`: every cell holds the step count t (mod 256),
 * except cell 0 which holds a random byte drawn at reset and cell 1 the last
 * action. Reward: `rewards[t % rewards.length] * (action + 1)`. Terminates
 * after `length` steps.
 */
export class ToyEnv extends BaseEnv<Uint8Array> {
  readonly id = 'test/Toy-v0';
  readonly observationSpace = box([2, 3], 0, 255, 'uint8');
  readonly actionSpace = discrete(3);
  t = 0;
  episodes = 0;
  noise = 0;
  constructor(
    readonly length = 20,
    readonly rewards: readonly number[] = [1, -2, 0, 5],
  ) {
    super();
  }
  #obs(action: number): Uint8Array {
    const o = new Uint8Array(6).fill(this.t & 0xff);
    o[0] = this.noise;
    o[1] = action;
    return o;
  }
  protected onReset(rng: EnvRng): ResetResult<Uint8Array> {
    this.t = 0;
    this.episodes++;
    this.noise = rng.int(256);
    return { observation: this.#obs(0), info: { episode: this.episodes } };
  }
  protected onStep(action: number): StepResult<Uint8Array> {
    const reward = (this.rewards[this.t % this.rewards.length] as number) * (action + 1);
    this.t++;
    return {
      observation: this.#obs(action),
      reward,
      terminated: this.t >= this.length,
      truncated: false,
      info: { t: this.t, episode: this.episodes },
    };
  }
}
