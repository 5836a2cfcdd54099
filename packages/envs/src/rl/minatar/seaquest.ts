import type { EnvRng } from '../rng.js';
import {
  DOWN,
  FIRE,
  type GameAction,
  LEFT,
  type MinAtarGame,
  NOOP,
  put,
  RIGHT,
  UP,
} from './game.js';

const MAX_OXYGEN = 200;
const INIT_SPAWN_SPEED = 20;
const DIVER_SPAWN_SPEED = 30;
const INIT_MOVE_INTERVAL = 5;
const SHOT_COOL_DOWN = 5;
const ENEMY_SHOT_INTERVAL = 10;
const DIVER_MOVE_INTERVAL = 5;
const MAX_DIVERS = 6;

/** A moving object: fish, enemy sub, diver or bullet. */
interface Mover {
  x: number;
  y: number;
  right: boolean;
  /** Frames until the next move (unused by bullets, which move every frame). */
  timer: number;
  /** Frames until an enemy sub shoots (subs only). */
  shot: number;
}

const step = (m: Mover): void => {
  m.x += m.right ? 1 : -1;
};
const out = (m: Mover): boolean => m.x < 0 || m.x > 9;
const at = (m: Mover, x: number, y: number): boolean => m.x === x && m.y === y;

/**
 * MinAtar Seaquest (Young & Tian 2019): a submarine (rows 0–8) shoots fish
 * and enemy subs (+1 each) crossing lanes 1–8; enemy subs shoot back. Oxygen
 * (200 frames) drains underwater; surfacing refills it and costs one rescued
 * diver, or, with all 6 divers, pays a bonus of ⌊10·oxygen/200⌋ and empties the
 * diver count (to 0; the published code leaves it at −1, which we take for a slip). The game ends on a hit by a fish, sub or bullet, on running out
 * of oxygen, or on surfacing with no diver. With difficulty ramping each
 * surfacing makes enemies spawn faster (interval 20 → 1) and, every second
 * time, move faster (interval 5 → 2). Channels: sub_front, sub_back,
 * friendly_bullet, trail, enemy_bullet, enemy_fish, enemy_sub, oxygen_gauge,
 * diver_gauge, diver. Actions: all six.
 */
export class Seaquest implements MinAtarGame {
  readonly channels = [
    'sub_front',
    'sub_back',
    'friendly_bullet',
    'trail',
    'enemy_bullet',
    'enemy_fish',
    'enemy_sub',
    'oxygen_gauge',
    'diver_gauge',
    'diver',
  ] as const;
  readonly minimalActions: readonly GameAction[] = [NOOP, LEFT, UP, RIGHT, DOWN, FIRE];
  #x = 5;
  #y = 0;
  #facingRight = false;
  #oxygen = MAX_OXYGEN;
  #divers = 0;
  #friendly: Mover[] = [];
  #enemyBullets: Mover[] = [];
  #fish: Mover[] = [];
  #subs: Mover[] = [];
  #diverList: Mover[] = [];
  #spawnSpeed = INIT_SPAWN_SPEED;
  #spawnTimer = INIT_SPAWN_SPEED;
  #diverTimer = DIVER_SPAWN_SPEED;
  #moveSpeed = INIT_MOVE_INTERVAL;
  #rampIndex = 0;
  #shotTimer = 0;
  #surface = true;
  constructor(readonly ramping = true) {}

  reset(): void {
    this.#x = 5;
    this.#y = 0;
    this.#facingRight = false;
    this.#oxygen = MAX_OXYGEN;
    this.#divers = 0;
    this.#friendly = [];
    this.#enemyBullets = [];
    this.#fish = [];
    this.#subs = [];
    this.#diverList = [];
    this.#spawnSpeed = INIT_SPAWN_SPEED;
    this.#spawnTimer = INIT_SPAWN_SPEED;
    this.#diverTimer = DIVER_SPAWN_SPEED;
    this.#moveSpeed = INIT_MOVE_INTERVAL;
    this.#rampIndex = 0;
    this.#shotTimer = 0;
    this.#surface = true;
  }
  #spawnEnemy(rng: EnvRng): void {
    const right = rng.int(2) === 0;
    const isSub = rng.float() < 1 / 3;
    const y = 1 + rng.int(8);
    // Never spawn into a lane where an enemy moves the other way.
    for (const e of this.#fish) if (e.y === y && e.right !== right) return;
    for (const e of this.#subs) if (e.y === y && e.right !== right) return;
    const m: Mover = {
      x: right ? 0 : 9,
      y,
      right,
      timer: this.#moveSpeed,
      shot: ENEMY_SHOT_INTERVAL,
    };
    (isSub ? this.#subs : this.#fish).push(m);
  }
  #spawnDiver(rng: EnvRng): void {
    const right = rng.int(2) === 0;
    const y = 1 + rng.int(8);
    this.#diverList.push({ x: right ? 0 : 9, y, right, timer: DIVER_MOVE_INTERVAL, shot: 0 });
  }
  /** Removes the first friendly bullet at (x, y); returns whether there was one. */
  #hitBy(x: number, y: number): boolean {
    const i = this.#friendly.findIndex((b) => at(b, x, y));
    if (i < 0) return false;
    this.#friendly.splice(i, 1);
    return true;
  }
  act(a: GameAction, rng: EnvRng): { reward: number; terminal: boolean } {
    let reward = 0;
    let terminal = false;
    if (this.#spawnTimer === 0) {
      this.#spawnEnemy(rng);
      this.#spawnTimer = this.#spawnSpeed;
    }
    if (this.#diverTimer === 0) {
      this.#spawnDiver(rng);
      this.#diverTimer = DIVER_SPAWN_SPEED;
    }
    if (a === FIRE) {
      if (this.#shotTimer === 0) {
        this.#shotTimer = SHOT_COOL_DOWN;
        this.#friendly.push({
          x: this.#x,
          y: this.#y,
          right: this.#facingRight,
          timer: 0,
          shot: 0,
        });
      }
    } else if (a === LEFT) {
      this.#x = Math.max(0, this.#x - 1);
      this.#facingRight = false;
    } else if (a === RIGHT) {
      this.#x = Math.min(9, this.#x + 1);
      this.#facingRight = true;
    } else if (a === UP) this.#y = Math.max(0, this.#y - 1);
    else if (a === DOWN) this.#y = Math.min(8, this.#y + 1);

    // Friendly bullets: one cell per frame; hit fish and subs.
    for (let i = this.#friendly.length - 1; i >= 0; i--) {
      const b = this.#friendly[i] as Mover;
      step(b);
      let gone = out(b);
      if (!gone) {
        for (const list of [this.#fish, this.#subs]) {
          const j = list.findIndex((e) => at(e, b.x, b.y));
          if (j >= 0) {
            list.splice(j, 1);
            reward++;
            gone = true;
            break;
          }
        }
      }
      if (gone) this.#friendly.splice(i, 1);
    }
    // Divers drift sideways; the sub picks them up (at most 6).
    for (let i = this.#diverList.length - 1; i >= 0; i--) {
      const d = this.#diverList[i] as Mover;
      if (at(d, this.#x, this.#y) && this.#divers < MAX_DIVERS) {
        this.#diverList.splice(i, 1);
        this.#divers++;
        continue;
      }
      if (d.timer === 0) {
        d.timer = DIVER_MOVE_INTERVAL;
        step(d);
        if (out(d)) this.#diverList.splice(i, 1);
        else if (at(d, this.#x, this.#y) && this.#divers < MAX_DIVERS) {
          this.#diverList.splice(i, 1);
          this.#divers++;
        }
      } else d.timer--;
    }
    // Enemy subs move every `moveSpeed` frames and shoot; then enemy bullets; then fish.
    const subs = this.#moveEnemies(this.#subs, true);
    reward += subs.reward;
    if (subs.hit) terminal = true;
    for (let i = this.#enemyBullets.length - 1; i >= 0; i--) {
      const b = this.#enemyBullets[i] as Mover;
      if (at(b, this.#x, this.#y)) terminal = true;
      step(b);
      if (out(b)) this.#enemyBullets.splice(i, 1);
      else if (at(b, this.#x, this.#y)) terminal = true;
    }
    const fish = this.#moveEnemies(this.#fish, false);
    reward += fish.reward;
    if (fish.hit) terminal = true;
    if (this.#shotTimer > 0) this.#shotTimer--;
    this.#spawnTimer--;
    this.#diverTimer--;
    // Oxygen and surfacing.
    if (this.#oxygen < 0) terminal = true;
    if (this.#y > 0) {
      this.#oxygen--;
      this.#surface = false;
    } else if (!this.#surface) {
      if (this.#divers === 0) terminal = true;
      else reward += this.#surfaceUp();
    }
    return { reward, terminal };
  }
  /** Moves enemies of one kind; returns the reward for those shot and whether one touched the sub. */
  #moveEnemies(list: Mover[], shoots: boolean): { reward: number; hit: boolean } {
    let hit = false;
    let reward = 0;
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i] as Mover;
      if (at(e, this.#x, this.#y)) hit = true;
      if (e.timer === 0) {
        e.timer = this.#moveSpeed;
        step(e);
        if (out(e)) {
          list.splice(i, 1);
          continue;
        }
        if (at(e, this.#x, this.#y)) hit = true;
        else if (this.#hitBy(e.x, e.y)) {
          list.splice(i, 1);
          reward++;
          continue;
        }
      } else e.timer--;
      if (shoots) {
        if (e.shot === 0) {
          e.shot = ENEMY_SHOT_INTERVAL;
          this.#enemyBullets.push({ x: e.x, y: e.y, right: e.right, timer: 0, shot: 0 });
        } else e.shot--;
      }
    }
    return { reward, hit };
  }
  #surfaceUp(): number {
    let bonus = 0;
    this.#surface = true;
    if (this.#divers === MAX_DIVERS) {
      bonus = Math.floor((this.#oxygen * 10) / MAX_OXYGEN);
      this.#divers = 0;
    } else this.#divers--;
    this.#oxygen = MAX_OXYGEN;
    if (this.ramping && (this.#spawnSpeed > 1 || this.#moveSpeed > 2)) {
      if (this.#moveSpeed > 2 && this.#rampIndex % 2 === 1) this.#moveSpeed--;
      if (this.#spawnSpeed > 1) this.#spawnSpeed--;
      this.#rampIndex++;
    }
    return bonus;
  }
  render(o: Uint8Array): void {
    const C = 10;
    put(o, C, this.#y, this.#x, 0);
    put(o, C, this.#y, this.#facingRight ? this.#x - 1 : this.#x + 1, 1);
    for (const b of this.#friendly) put(o, C, b.y, b.x, 2);
    for (const b of this.#enemyBullets) put(o, C, b.y, b.x, 4);
    for (const [list, c] of [
      [this.#fish, 5],
      [this.#subs, 6],
      [this.#diverList, 9],
    ] as const) {
      for (const m of list) {
        put(o, C, m.y, m.x, c);
        put(o, C, m.y, m.right ? m.x - 1 : m.x + 1, 3);
      }
    }
    const gauge = Math.floor((Math.max(0, this.#oxygen) * 10) / MAX_OXYGEN);
    for (let c = 0; c < gauge; c++) put(o, C, 9, c, 7);
    for (let c = 9 - this.#divers; c < 9; c++) put(o, C, 9, c, 8);
  }
  info(): Record<string, unknown> {
    return { difficulty: this.#rampIndex, oxygen: this.#oxygen, divers: this.#divers };
  }
}
