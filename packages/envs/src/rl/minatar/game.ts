import { BaseEnv, type ResetResult, type StepResult } from '../env.js';
import { InvalidEnvOptionError } from '../errors.js';
import type { EnvRng } from '../rng.js';
import { type BoxSpace, box, type DiscreteSpace, discrete } from '../spaces.js';

/** MinAtar's full action set, in its order: no-op, left, up, right, down, fire. */
export const MINATAR_ACTIONS = ['noop', 'left', 'up', 'right', 'down', 'fire'] as const;
/** One of {@link MINATAR_ACTIONS} by index: 0 noop, 1 left, 2 up, 3 right, 4 down, 5 fire. */
export type GameAction = 0 | 1 | 2 | 3 | 4 | 5;
export const NOOP = 0;
export const LEFT = 1;
export const UP = 2;
export const RIGHT = 3;
export const DOWN = 4;
export const FIRE = 5;

/** The side of the grid: 10×10 cells (Young & Tian 2019). */
export const GRID = 10;

/**
 * The rules of one MinAtar game, free of seeding, sticky actions and spaces.
 * State is mutable; `render` writes a `[10, 10, channels.length]` 0/1 grid.
 */
export interface MinAtarGame {
  /** Channel names, one per object kind, in observation order. */
  readonly channels: readonly string[];
  /** The game's minimal action set, as indices into {@link MINATAR_ACTIONS}. */
  readonly minimalActions: readonly GameAction[];
  /** Starts a new game. */
  reset(rng: EnvRng): void;
  /** One frame with `action`; returns the reward and whether the game is over. */
  act(action: GameAction, rng: EnvRng): { reward: number; terminal: boolean };
  /** Writes the state into a zeroed `out` of length `100 × channels`, index `(row·10 + col)·C + channel`. */
  render(out: Uint8Array): void;
  /** Game-specific diagnostics for `info` (e.g. the difficulty level). */
  info(): Record<string, unknown>;
}

/** Options of every MinAtar environment. */
export interface MinAtarOptions {
  /** Probability that the previous action is repeated instead of the chosen one (default 0.1, as published). */
  stickyActionProb: number;
  /** Whether the game speeds up over time as published (default true). */
  difficultyRamping: boolean;
  /** Use all 6 actions instead of the game's minimal set (MinAtar `-v0` ids). Default false. */
  fullActionSpace: boolean;
}

/** Published MinAtar defaults. */
export const MINATAR_DEFAULTS: MinAtarOptions = Object.freeze({
  stickyActionProb: 0.1,
  difficultyRamping: true,
  fullActionSpace: false,
});

/**
 * A MinAtar game as an {@link Env}: observations `uint8 [10, 10, C]` (rows,
 * columns, one 0/1 channel per object kind), actions `Discrete(|minimal set|)`
 * (or 6 with `fullActionSpace`), sticky actions with probability
 * `stickyActionProb` drawn from the environment's seeded stream. As in
 * MinAtar's `Environment` (kenjyoung/MinAtar, `minatar/environment.py`), the
 * action a sticky step repeats is the last one executed, kept across
 * `reset()`: the first step of an episode may repeat the previous episode's
 * last action. It starts as no-op in a new environment and after a seeded
 * `reset({seed})`, so equal seeds still give equal episodes. Rewards and
 * terminal conditions follow Young & Tian 2019 (MinAtar); the episode has no
 * truncation of its own (the registry adds a time limit).
 *
 * @throws {InvalidEnvOptionError} on a bad option.
 */
export class MinAtarEnv extends BaseEnv<Uint8Array> {
  readonly observationSpace: BoxSpace;
  readonly actionSpace: DiscreteSpace;
  readonly options: MinAtarOptions;
  readonly #actions: readonly GameAction[];
  #last: GameAction = NOOP;
  #size: number;
  constructor(
    readonly id: string,
    readonly game: MinAtarGame,
    options: Partial<MinAtarOptions> = {},
  ) {
    super();
    const o = { ...MINATAR_DEFAULTS, ...options };
    if (!(o.stickyActionProb >= 0 && o.stickyActionProb <= 1)) {
      throw new InvalidEnvOptionError(
        id,
        'stickyActionProb',
        o.stickyActionProb,
        'a probability in [0, 1]',
      );
    }
    this.options = o;
    this.#actions = o.fullActionSpace ? [0, 1, 2, 3, 4, 5] : game.minimalActions;
    this.observationSpace = box([GRID, GRID, game.channels.length], 0, 1, 'uint8');
    this.actionSpace = discrete(this.#actions.length);
    this.#size = GRID * GRID * game.channels.length;
  }
  /** The names of the actions of `actionSpace`, by index. */
  get actionNames(): string[] {
    return this.#actions.map((a) => MINATAR_ACTIONS[a]);
  }
  #observe(): Uint8Array {
    const out = new Uint8Array(this.#size);
    this.game.render(out);
    return out;
  }
  protected onReset(rng: EnvRng, seed: number | undefined): ResetResult<Uint8Array> {
    this.game.reset(rng);
    // MinAtar's Environment keeps `last_action` across `reset`; only a new
    // environment starts from no-op. A seeded reset stands for a new one.
    if (seed !== undefined) this.#last = NOOP;
    return { observation: this.#observe(), info: this.game.info() };
  }
  protected onStep(action: number, rng: EnvRng): StepResult<Uint8Array> {
    let a = this.#actions[action] as GameAction;
    if (rng.float() < this.options.stickyActionProb) a = this.#last;
    this.#last = a;
    const { reward, terminal } = this.game.act(a, rng);
    return {
      observation: this.#observe(),
      reward,
      terminated: terminal,
      truncated: false,
      info: this.game.info(),
    };
  }
}

/** @internal Sets channel `c` of cell (row, col) in a rendered grid with `C` channels. */
export function put(out: Uint8Array, C: number, row: number, col: number, c: number): void {
  if (row >= 0 && row < GRID && col >= 0 && col < GRID) out[(row * GRID + col) * C + c] = 1;
}
