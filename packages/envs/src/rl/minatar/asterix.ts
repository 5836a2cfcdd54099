import type { EnvRng } from '../rng.js';
import { DOWN, type GameAction, LEFT, type MinAtarGame, NOOP, put, RIGHT, UP } from './game.js';

const RAMP_INTERVAL = 100;
const INIT_SPAWN_SPEED = 10;
const INIT_MOVE_INTERVAL = 5;

interface Entity {
  x: number;
  y: number;
  /** Moving right (entered from the left edge). */
  right: boolean;
  gold: boolean;
}

/**
 * MinAtar Asterix (Young & Tian 2019): the player moves in rows 1–8; enemies
 * and gold (one in three) enter lanes 1–8 from either side. +1 per gold
 * picked up; touching an enemy ends the game. With difficulty ramping, every
 * 100 frames the spawn interval shrinks by one and every second ramp the move
 * interval too (down to 1 frame). Channels: player, enemy, trail, gold.
 * Actions: no-op, left, up, right, down.
 */
export class Asterix implements MinAtarGame {
  readonly channels = ['player', 'enemy', 'trail', 'gold'] as const;
  readonly minimalActions: readonly GameAction[] = [NOOP, LEFT, UP, RIGHT, DOWN];
  readonly #entities: (Entity | null)[] = new Array(8).fill(null);
  #x = 5;
  #y = 5;
  #spawnSpeed = INIT_SPAWN_SPEED;
  #spawnTimer = INIT_SPAWN_SPEED;
  #moveSpeed = INIT_MOVE_INTERVAL;
  #moveTimer = INIT_MOVE_INTERVAL;
  #rampTimer = RAMP_INTERVAL;
  #rampIndex = 0;
  constructor(readonly ramping = true) {}

  reset(): void {
    this.#entities.fill(null);
    this.#x = 5;
    this.#y = 5;
    this.#spawnSpeed = INIT_SPAWN_SPEED;
    this.#spawnTimer = INIT_SPAWN_SPEED;
    this.#moveSpeed = INIT_MOVE_INTERVAL;
    this.#moveTimer = INIT_MOVE_INTERVAL;
    this.#rampTimer = RAMP_INTERVAL;
    this.#rampIndex = 0;
  }
  #spawn(rng: EnvRng): void {
    const right = rng.int(2) === 0;
    const gold = rng.float() < 1 / 3;
    const free: number[] = [];
    for (let i = 0; i < 8; i++) if (this.#entities[i] === null) free.push(i);
    if (free.length === 0) return;
    const slot = free[rng.int(free.length)] as number;
    this.#entities[slot] = { x: right ? 0 : 9, y: slot + 1, right, gold };
  }
  /** Resolves a touch between the player and entity `i`; returns [reward, terminal]. */
  #touch(i: number): [number, boolean] {
    const e = this.#entities[i];
    if (!e || e.x !== this.#x || e.y !== this.#y) return [0, false];
    if (e.gold) {
      this.#entities[i] = null;
      return [1, false];
    }
    return [0, true];
  }
  act(a: GameAction, rng: EnvRng): { reward: number; terminal: boolean } {
    let reward = 0;
    let terminal = false;
    if (this.#spawnTimer === 0) {
      this.#spawn(rng);
      this.#spawnTimer = this.#spawnSpeed;
    }
    if (a === LEFT) this.#x = Math.max(0, this.#x - 1);
    else if (a === RIGHT) this.#x = Math.min(9, this.#x + 1);
    else if (a === UP) this.#y = Math.max(1, this.#y - 1);
    else if (a === DOWN) this.#y = Math.min(8, this.#y + 1);
    for (let i = 0; i < 8; i++) {
      const [r, t] = this.#touch(i);
      reward += r;
      terminal ||= t;
    }
    if (this.#moveTimer === 0) {
      this.#moveTimer = this.#moveSpeed;
      for (let i = 0; i < 8; i++) {
        const e = this.#entities[i];
        if (!e) continue;
        e.x += e.right ? 1 : -1;
        if (e.x < 0 || e.x > 9) {
          this.#entities[i] = null;
          continue;
        }
        const [r, t] = this.#touch(i);
        reward += r;
        terminal ||= t;
      }
    }
    this.#spawnTimer--;
    this.#moveTimer--;
    if (this.ramping && (this.#spawnSpeed > 1 || this.#moveSpeed > 1)) {
      if (this.#rampTimer >= 0) this.#rampTimer--;
      else {
        if (this.#moveSpeed > 1 && this.#rampIndex % 2 === 1) this.#moveSpeed--;
        if (this.#spawnSpeed > 1) this.#spawnSpeed--;
        this.#rampIndex++;
        this.#rampTimer = RAMP_INTERVAL;
      }
    }
    return { reward, terminal };
  }
  render(out: Uint8Array): void {
    const C = 4;
    put(out, C, this.#y, this.#x, 0);
    for (const e of this.#entities) {
      if (!e) continue;
      put(out, C, e.y, e.x, e.gold ? 3 : 1);
      put(out, C, e.y, e.right ? e.x - 1 : e.x + 1, 2);
    }
  }
  info(): Record<string, unknown> {
    return { difficulty: this.#rampIndex };
  }
}
