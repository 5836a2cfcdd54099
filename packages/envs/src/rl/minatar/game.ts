import { BaseEnv, type ResetResult, type StepResult } from '../env.js';
import { checkProbability, InvalidEnvOptionError } from '../errors.js';
import type { EnvRng } from '../rng.js';
import { type BoxSpace, box, type DiscreteSpace, discrete } from '../spaces.js';
import {
  MINATAR_LAYOUTS,
  MINATAR_PADDED_CHANNELS,
  MINATAR_SEMANTIC_CHANNELS,
  type MinAtarLayout,
  semanticTargets,
} from './layout.js';

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
  /**
   * The observation channels ({@link MinAtarLayout}): `native` (the game's own,
   * the default), `padded` (zero channels up to 10) or `semantic` (15 channels
   * with the same meaning in every game).
   */
  layout: MinAtarLayout;
}

/** Published MinAtar defaults. */
export const MINATAR_DEFAULTS: MinAtarOptions = Object.freeze({
  stickyActionProb: 0.1,
  difficultyRamping: true,
  fullActionSpace: false,
  layout: 'native',
});

/**
 * A MinAtar game as an {@link Env}: observations `uint8 [10, 10, C]` (rows,
 * columns, one 0/1 channel per object kind; which channels, `channelNames`,
 * is the `layout` option: the game's own C by default), actions `Discrete(|minimal set|)`
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
 * @throws {InvalidEnvOptionError} on a bad option, or `layout: 'semantic'` for a
 *   game with a channel name the semantic layout does not know.
 */
export class MinAtarEnv extends BaseEnv<Uint8Array> {
  readonly observationSpace: BoxSpace;
  readonly actionSpace: DiscreteSpace;
  readonly options: MinAtarOptions;
  /** The names of the observation channels in the chosen layout, in order (`''` for a padding channel). */
  readonly channelNames: readonly string[];
  readonly #actions: readonly GameAction[];
  #last: GameAction = NOOP;
  /** The game's rendering, `[100 · game channels]`. */
  readonly #native: Uint8Array;
  /** Observation channels. */
  readonly #channels: number;
  /** Observation channel of each game channel; `null` for the native layout. */
  readonly #target: Int32Array | null;
  constructor(
    readonly id: string,
    readonly game: MinAtarGame,
    options: Partial<MinAtarOptions> = {},
  ) {
    super();
    const o = { ...MINATAR_DEFAULTS, ...options };
    checkProbability(id, 'stickyActionProb', o.stickyActionProb);
    if (!MINATAR_LAYOUTS.includes(o.layout)) {
      throw new InvalidEnvOptionError(
        id,
        'layout',
        o.layout,
        MINATAR_LAYOUTS.map((l) => `"${l}"`).join(', '),
      );
    }
    this.options = o;
    this.#actions = o.fullActionSpace ? [0, 1, 2, 3, 4, 5] : game.minimalActions;
    const C = game.channels.length;
    this.#native = new Uint8Array(GRID * GRID * C);
    if (o.layout === 'semantic') {
      try {
        this.#target = semanticTargets(game.channels);
      } catch (e) {
        throw new InvalidEnvOptionError(id, 'layout', o.layout, (e as Error).message);
      }
      this.channelNames = MINATAR_SEMANTIC_CHANNELS;
    } else if (o.layout === 'padded') {
      if (C > MINATAR_PADDED_CHANNELS) {
        throw new InvalidEnvOptionError(
          id,
          'layout',
          o.layout,
          `a game with at most ${MINATAR_PADDED_CHANNELS} channels (this one has ${C})`,
        );
      }
      this.#target = Int32Array.from(game.channels, (_, c) => c);
      this.channelNames = Object.freeze([
        ...game.channels,
        ...Array<string>(MINATAR_PADDED_CHANNELS - C).fill(''),
      ]);
    } else {
      this.#target = null;
      this.channelNames = game.channels;
    }
    this.#channels = this.channelNames.length;
    this.observationSpace = box([GRID, GRID, this.#channels], 0, 1, 'uint8');
    this.actionSpace = discrete(this.#actions.length);
  }
  /** The names of the actions of `actionSpace`, by index. */
  get actionNames(): string[] {
    return this.#actions.map((a) => MINATAR_ACTIONS[a]);
  }
  #observe(): Uint8Array {
    const target = this.#target;
    if (target === null) {
      const out = new Uint8Array(this.#native.length);
      this.game.render(out);
      return out;
    }
    const native = this.#native;
    native.fill(0);
    this.game.render(native);
    const C = target.length;
    const S = this.#channels;
    const out = new Uint8Array(GRID * GRID * S);
    for (let p = 0; p < GRID * GRID; p++) {
      for (let c = 0; c < C; c++) {
        const v = native[p * C + c] as number;
        if (v !== 0) out[p * S + (target[c] as number)] = v;
      }
    }
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
