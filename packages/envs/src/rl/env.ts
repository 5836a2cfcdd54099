import {
  EnvClosedError,
  InvalidActionError,
  InvalidEnvOptionError,
  ResetNeededError,
} from './errors.js';
import { DEFAULT_SEED, deriveSeed, EnvRng } from './rng.js';
import {
  contains,
  type DiscreteSpace,
  describeSpace,
  type Observation,
  type Space,
} from './spaces.js';

/** Free-form per-step diagnostics (Gymnasium's `info`). */
export type Info = Record<string, unknown>;

/** Arguments of {@link Env.reset}. */
export interface ResetArgs {
  /**
   * A 32-bit integer seed. Given: the environment's random stream is re-seeded,
   * so equal seeds and equal actions give equal episodes. Omitted: the stream
   * continues from where it was (the very first reset without a seed uses seed 0).
   */
  seed?: number;
  /** Environment-specific reset options. */
  options?: Record<string, unknown>;
}

/** What {@link Env.reset} returns. */
export interface ResetResult<O = Observation> {
  observation: O;
  info: Info;
}

/** What {@link Env.step} returns (Gymnasium ≥ 0.26 five-tuple as an object). */
export interface StepResult<O = Observation> {
  observation: O;
  /** Reward of this step (game score units; summed over skipped frames by frame skip). */
  reward: number;
  /** The episode ended inside the MDP (game over): bootstrap with 0. */
  terminated: boolean;
  /** The episode was cut from outside (time limit): bootstrap with V(s'). */
  truncated: boolean;
  info: Info;
}

/** An RGBA picture `Uint8Array [height, width, 4]`, what PNG encoders such as pngjs take. */
export interface RenderedImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * A Gymnasium-style environment (`gymnasium.Env`). Observations are fresh typed
 * arrays owned by the caller; actions are integers of a {@link DiscreteSpace}.
 */
export interface Env<O = Observation, A = number> {
  /** The registered id, or the class name for environments built directly. */
  readonly id: string;
  readonly observationSpace: Space;
  readonly actionSpace: Space;
  /**
   * Starts an episode.
   * @throws {EnvClosedError} after `close()`.
   * @throws {InvalidEnvOptionError} for a seed that is not a 32-bit integer.
   */
  reset(args?: ResetArgs): ResetResult<O>;
  /**
   * Advances one step.
   * @throws {InvalidActionError} for an action outside `actionSpace`.
   * @throws {ResetNeededError} before the first reset or after `terminated`/`truncated`.
   * @throws {EnvClosedError} after `close()`.
   */
  step(action: A): StepResult<O>;
  /**
   * A picture of the current state (Gymnasium's `render()` in `rgb_array` mode, as RGBA),
   * each pixel `scale × scale`; optional, for environments that draw themselves.
   */
  render?(scale?: number): RenderedImage;
  /** Frees resources (subprocesses); idempotent. */
  close(): void;
}

type Phase = 'new' | 'running' | 'ended' | 'closed';

/** @internal Checks a reset seed. */
export function checkSeed(id: string, seed: unknown): number | undefined {
  if (seed === undefined) return undefined;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 32) {
    throw new InvalidEnvOptionError(id, 'seed', seed, 'an integer in [-2^31, 2^32)');
  }
  return seed | 0;
}

/** Guards shared by environments and wrappers: reset-before-step, one episode at a time, closed. */
class EpisodeGuard {
  phase: Phase = 'new';
  /** The seeded stream, from the first reset on. */
  rng: EnvRng | undefined;
  constructor(readonly owner: { readonly id: string; readonly actionSpace: Space }) {}

  /**
   * A reset: refuses a closed environment, checks `rawSeed`, reseeds the
   * stream with `seedOf(seed)` when a seed is given (with `seedOf(DEFAULT_SEED)`
   * on the first reset without one), then runs `start` and marks the episode running.
   */
  reset<R>(
    rawSeed: unknown,
    seedOf: (seed: number) => number,
    start: (rng: EnvRng, seed: number | undefined) => R,
  ): R {
    if (this.phase === 'closed') throw new EnvClosedError(this.owner.id, 'reset');
    const seed = checkSeed(this.owner.id, rawSeed);
    if (seed !== undefined) this.rng = new EnvRng(seedOf(seed));
    else if (this.rng === undefined) this.rng = new EnvRng(seedOf(DEFAULT_SEED));
    const r = start(this.rng, seed);
    this.phase = 'running';
    return r;
  }

  /** A step: refuses it outside a running episode or for an invalid `action`, else runs `advance` and notes an end. */
  step<R extends StepResult<unknown>>(action: unknown, advance: (rng: EnvRng) => R): R {
    if (this.phase === 'closed') throw new EnvClosedError(this.owner.id, 'step');
    if (!contains(this.owner.actionSpace, action)) {
      throw new InvalidActionError(this.owner.id, action, describeSpace(this.owner.actionSpace));
    }
    if (this.phase === 'new') throw new ResetNeededError(this.owner.id, 'not-reset');
    if (this.phase === 'ended') throw new ResetNeededError(this.owner.id, 'episode-ended');
    const r = advance(this.rng as EnvRng);
    if (r.terminated || r.truncated) this.phase = 'ended';
    return r;
  }

  /** Closes once: runs `free` on the first call only. */
  close(free: () => void): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    free();
  }
}

/**
 * Base class of the built-in environments: owns the seeded stream and the
 * episode guards, so a subclass writes only `onReset` and `onStep`.
 */
export abstract class BaseEnv<O extends Observation = Uint8Array> implements Env<O, number> {
  abstract readonly id: string;
  abstract readonly observationSpace: Space;
  abstract readonly actionSpace: DiscreteSpace;
  readonly #guard = new EpisodeGuard(this);

  /** Starts an episode; see {@link Env.reset}. */
  reset(args: ResetArgs = {}): ResetResult<O> {
    return this.#guard.reset(
      args.seed,
      (seed) => seed,
      (rng, seed) => this.onReset(rng, seed, args.options ?? {}),
    );
  }

  /** Advances one step; see {@link Env.step}. */
  step(action: number): StepResult<O> {
    return this.#guard.step(action, (rng) => this.onStep(action, rng));
  }

  /** Frees resources; idempotent. */
  close(): void {
    this.#guard.close(() => this.onClose());
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#guard.phase === 'closed';
  }

  /** Starts an episode. `seed` is the seed passed to reset, if any (already applied to `rng`). */
  protected abstract onReset(
    rng: EnvRng,
    seed: number | undefined,
    options: Record<string, unknown>,
  ): ResetResult<O>;
  /** One step with a valid action inside a running episode. */
  protected abstract onStep(action: number, rng: EnvRng): StepResult<O>;
  /** Frees resources. */
  protected onClose(): void {}
}

/**
 * Base class of wrappers (`gymnasium.Wrapper`): forwards everything to the inner
 * environment and keeps its own episode guards, so a wrapper that ends episodes
 * itself (time limit) also refuses steps after the end.
 */
export abstract class Wrapper<O extends Observation = Observation> implements Env<O, number> {
  readonly #guard = new EpisodeGuard(this);
  constructor(
    /** The wrapped environment. */
    readonly env: Env<Observation, number>,
  ) {}
  get id(): string {
    return this.env.id;
  }
  get observationSpace(): Space {
    return this.env.observationSpace;
  }
  get actionSpace(): Space {
    return this.env.actionSpace;
  }

  reset(args: ResetArgs = {}): ResetResult<O> {
    return this.#guard.reset(
      args.seed,
      (seed) => deriveSeed(seed, this.salt),
      (rng) => this.onReset(args, rng),
    );
  }

  step(action: number): StepResult<O> {
    return this.#guard.step(action, (rng) => this.onStep(action, rng));
  }

  close(): void {
    this.#guard.close(() => this.env.close());
  }

  /**
   * The wrapped environment's picture.
   * @throws {TypeError} if the wrapped environment has no `render`.
   */
  render(scale?: number): RenderedImage {
    if (typeof this.env.render !== 'function')
      throw new TypeError(
        `${this.id}: the environment has no render(); only environments that draw themselves do`,
      );
    return this.env.render(scale);
  }

  /** Mixed into the reset seed to give this wrapper its own random stream. */
  protected get salt(): number {
    return 0;
  }
  protected onReset(args: ResetArgs, _rng: EnvRng): ResetResult<O> {
    return this.env.reset(args) as ResetResult<O>;
  }
  protected onStep(action: number, _rng: EnvRng): StepResult<O> {
    return this.env.step(action) as StepResult<O>;
  }
}

/**
 * The environment under every {@link Wrapper} (Gymnasium's `env.unwrapped`):
 * follows `.env` from wrapper to wrapped until it reaches one that is not a
 * `Wrapper`. `makeEnv` always wraps, so reach a built-in's own members
 * (`MinAtarEnv.game`, `AleEnv.actionNames`, `MazeEnv.state`) through this.
 * @returns `env` itself when it is not a wrapper.
 */
export function unwrapEnv(env: Env<Observation, number>): Env<Observation, number> {
  let e = env;
  while (e instanceof Wrapper) e = e.env;
  return e;
}
