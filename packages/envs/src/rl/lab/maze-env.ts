/**
 * The first-person maze world as an {@link Env}: a level (tile map, start,
 * objects) laid out from the episode's seed by a task's generator, an agent
 * that walks and turns with DeepMind Lab's reduced action set, and an RGB
 * frame from the raycaster after every step.
 *
 * @packageDocumentation
 */
import { BaseEnv, type RenderedImage, type ResetResult, type StepResult } from '../env.js';
import { InvalidEnvOptionError } from '../errors.js';
import { renderRgb } from '../render.js';
import type { EnvRng } from '../rng.js';
import { type BoxSpace, box, type DiscreteSpace, discrete } from '../spaces.js';
import { isWall, PIT, type TileMap, tileAt } from './map.js';
import { renderView, type ViewStyle } from './raycaster.js';
import { drawSprites, type WorldObject } from './sprites.js';

/**
 * The actions, in order: Lab's reduced set as used for A3C on Labyrinth
 * (Mnih et al. 2016, Sec. 5.4): move forward, move backward, strafe left,
 * strafe right, turn (look) left, turn right.
 */
export const MAZE_ACTIONS = [
  'forward',
  'backward',
  'strafe left',
  'strafe right',
  'turn left',
  'turn right',
] as const;

/** Radius of the agent's square footprint against walls, world units. */
export const AGENT_RADIUS = 0.2;
/** An object is touched when the agent's centre comes this close to its centre. */
export const TOUCH_DISTANCE = 0.45;

/** A level as a task's generator lays it out. */
export interface MazeLevel {
  readonly map: TileMap;
  /** Start position (a walkable tile's interior) and heading in radians (0 east, π/2 south). */
  readonly start: { readonly x: number; readonly y: number; readonly angle: number };
  readonly objects: readonly WorldObject[];
  /** End the episode once every object with a positive reward is taken. */
  readonly endWhenCollected: boolean;
  readonly style: ViewStyle;
}

/** Options shared by every maze task. */
export interface MazeOptions {
  /** Side of the square frame in pixels (observation `uint8 [size, size, 3]`); default 84 as the paper, e.g. 42 for cheap runs. */
  size: number;
  /** Horizontal field of view in degrees, in [30, 150]; default 90 (DeepMind Lab's). */
  fov: number;
  /** Distance of one forward/backward/strafe step, world units (a tile is 1) in (0, 0.5]; default 0.2. */
  moveSpeed: number;
  /** Angle of one turn step in degrees, in (0, 180]; default 15. */
  turnDegrees: number;
}

/** Defaults of {@link MazeOptions}. */
export const MAZE_DEFAULTS: MazeOptions = Object.freeze({
  size: 84,
  fov: 90,
  moveSpeed: 0.2,
  turnDegrees: 15,
});

/** A maze task: checks its options, and lays out a level from the episode's random stream. */
export interface MazeTask<O extends MazeOptions> {
  /** @throws {InvalidEnvOptionError} naming `id` and the first bad task option. */
  validate(id: string, options: O): void;
  /** A new level; draws only from `rng`. */
  generate(rng: EnvRng, options: O): MazeLevel;
}

function checkOption(id: string, name: string, v: unknown, ok: boolean, expected: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok)
    throw new InvalidEnvOptionError(id, name, v, expected);
}

/** @internal Checks that option `name` is an integer in `[min, max]`. @throws {InvalidEnvOptionError} */
export function checkIntOption(
  id: string,
  name: string,
  v: unknown,
  min: number,
  max: number,
): void {
  const n = v as number;
  checkOption(
    id,
    name,
    v,
    Number.isInteger(n) && n >= min && n <= max,
    `an integer in [${min}, ${max}]`,
  );
}

/**
 * A maze task as an {@link Env}. Observation: `uint8 [size, size, 3]`, RGB,
 * rows top to bottom. Actions: `Discrete(6)`, {@link MAZE_ACTIONS}. Each
 * `reset` lays out a new level from the environment's seeded stream, so a seed
 * fixes the level and, with the actions, the whole episode (the dynamics draw
 * no randomness). Rewards: an object's reward when the agent touches it (it
 * disappears). `terminated`: a goal object was touched, the agent walked into a
 * pit, or (where the level says so) every rewarding object is taken. No
 * truncation of its own: the registry adds a time limit.
 *
 * `info`: `x`, `y`, `angle` (the agent's pose), `objectsLeft`, and `fell: true`
 * on the step that ends in a pit.
 *
 * @throws {InvalidEnvOptionError} on an option out of range (shared or the task's).
 */
export class MazeEnv<O extends MazeOptions = MazeOptions> extends BaseEnv<Uint8Array> {
  readonly observationSpace: BoxSpace;
  readonly actionSpace: DiscreteSpace = discrete(MAZE_ACTIONS.length);
  readonly options: O;
  #level: MazeLevel | undefined;
  #objects: WorldObject[] = [];
  #x = 0;
  #y = 0;
  #angle = 0;
  readonly #frame: Uint8Array;
  readonly #depth: Float32Array;

  constructor(
    readonly id: string,
    readonly task: MazeTask<O>,
    options: O,
  ) {
    super();
    const { size, fov, moveSpeed, turnDegrees } = options;
    checkIntOption(id, 'size', size, 8, 1024);
    checkOption(id, 'fov', fov, fov >= 30 && fov <= 150, 'degrees in [30, 150]');
    checkOption(
      id,
      'moveSpeed',
      moveSpeed,
      moveSpeed > 0 && moveSpeed <= 0.5,
      'world units in (0, 0.5]',
    );
    checkOption(
      id,
      'turnDegrees',
      turnDegrees,
      turnDegrees > 0 && turnDegrees <= 180,
      'degrees in (0, 180]',
    );
    task.validate(id, options);
    this.options = options;
    this.observationSpace = box([size, size, 3], 0, 255, 'uint8');
    this.#frame = new Uint8Array(size * size * 3);
    this.#depth = new Float32Array(size);
  }

  /** The names of the actions, by index. */
  get actionNames(): string[] {
    return [...MAZE_ACTIONS];
  }

  /** The current level's map and the objects still in it (for pictures and tests). */
  get state(): {
    level: MazeLevel | undefined;
    objects: readonly WorldObject[];
    x: number;
    y: number;
    angle: number;
  } {
    return {
      level: this.#level,
      objects: [...this.#objects],
      x: this.#x,
      y: this.#y,
      angle: this.#angle,
    };
  }

  /**
   * The latest frame as RGBA, each pixel `scale × scale` (for PNG encoders such as pngjs).
   * @throws {RangeError} before the first reset or for a bad scale (see {@link renderRgb}).
   */
  render(scale = 4): RenderedImage {
    if (this.#level === undefined) throw new RangeError(`${this.id}: render() before reset()`);
    const s = this.options.size;
    return renderRgb(this.#frame, [s, s, 3], scale);
  }

  protected onReset(rng: EnvRng): ResetResult<Uint8Array> {
    const level = this.task.generate(rng, this.options);
    this.#level = level;
    this.#objects = [...level.objects];
    this.#x = level.start.x;
    this.#y = level.start.y;
    this.#angle = level.start.angle;
    return { observation: this.#observe(), info: this.#info(false) };
  }

  protected onStep(action: number): StepResult<Uint8Array> {
    const { moveSpeed, turnDegrees } = this.options;
    const dx = Math.cos(this.#angle);
    const dy = Math.sin(this.#angle);
    if (action === 0) this.#move(dx * moveSpeed, dy * moveSpeed);
    else if (action === 1) this.#move(-dx * moveSpeed, -dy * moveSpeed);
    else if (action === 2) this.#move(dy * moveSpeed, -dx * moveSpeed);
    else if (action === 3) this.#move(-dy * moveSpeed, dx * moveSpeed);
    else {
      const turn = ((action === 4 ? -1 : 1) * turnDegrees * Math.PI) / 180;
      this.#angle = (((this.#angle + turn) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    }
    const level = this.#level as MazeLevel;
    let reward = 0;
    let terminated = false;
    this.#objects = this.#objects.filter((o) => {
      if (Math.hypot(o.x - this.#x, o.y - this.#y) >= TOUCH_DISTANCE) return true;
      reward += o.reward;
      terminated ||= o.terminal;
      return false;
    });
    const fell = tileAt(level.map, Math.floor(this.#x), Math.floor(this.#y)) === PIT;
    if (fell) terminated = true;
    if (level.endWhenCollected && !this.#objects.some((o) => o.reward > 0)) terminated = true;
    return {
      observation: this.#observe(),
      reward,
      terminated,
      truncated: false,
      info: this.#info(fell),
    };
  }

  /** Moves by (mx, my), each axis on its own so the agent slides along walls. */
  #move(mx: number, my: number): void {
    if (this.#free(this.#x + mx, this.#y)) this.#x += mx;
    if (this.#free(this.#x, this.#y + my)) this.#y += my;
  }

  /** Whether the agent's footprint centred at (x, y) touches no wall. */
  #free(x: number, y: number): boolean {
    const map = (this.#level as MazeLevel).map;
    for (const cx of [x - AGENT_RADIUS, x + AGENT_RADIUS]) {
      for (const cy of [y - AGENT_RADIUS, y + AGENT_RADIUS]) {
        if (isWall(tileAt(map, Math.floor(cx), Math.floor(cy)))) return false;
      }
    }
    return true;
  }

  #observe(): Uint8Array {
    const s = this.options.size;
    const level = this.#level as MazeLevel;
    const cam = {
      x: this.#x,
      y: this.#y,
      angle: this.#angle,
      fov: (this.options.fov * Math.PI) / 180,
    };
    renderView(this.#frame, s, s, level.map, cam, this.#depth, level.style);
    drawSprites(this.#frame, s, s, cam, this.#objects, this.#depth);
    return this.#frame.slice();
  }

  #info(fell: boolean): Record<string, unknown> {
    const info: Record<string, unknown> = {
      x: this.#x,
      y: this.#y,
      angle: this.#angle,
      objectsLeft: this.#objects.length,
    };
    if (fell) info.fell = true;
    return info;
  }
}
