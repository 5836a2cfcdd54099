import type { EnvRng } from '../rng.js';
import { DOWN, type GameAction, type MinAtarGame, NOOP, put, UP } from './game.js';

const PLAYER_SPEED = 3;
const TIME_LIMIT = 2500;
const CHICKEN_X = 4;

interface Car {
  x: number;
  y: number;
  timer: number;
  /** Signed: |speed| frames between moves (1 fastest, 5 slowest); sign is the direction. */
  speed: number;
}

/**
 * MinAtar Freeway (Young & Tian 2019): the chicken (column 4) crosses eight
 * lanes of cars from the bottom row to the top; +1 per crossing, after which
 * it restarts at the bottom and the car speeds are re-drawn. A car hit sends
 * the chicken back to the bottom. The chicken moves at most once every 3
 * frames; the game ends after 2500 frames. Channels: chicken, car, and
 * speed1…speed5 marking the cell behind each car by its speed.
 * Actions: no-op, up, down. No difficulty ramping.
 */
export class Freeway implements MinAtarGame {
  readonly channels = ['chicken', 'car', 'speed1', 'speed2', 'speed3', 'speed4', 'speed5'] as const;
  readonly minimalActions: readonly GameAction[] = [NOOP, UP, DOWN];
  #cars: Car[] = [];
  #pos = 9;
  #moveTimer = PLAYER_SPEED;
  #timeLeft = TIME_LIMIT;

  reset(rng: EnvRng): void {
    this.#cars = [];
    for (let i = 0; i < 8; i++) this.#cars.push({ x: 0, y: i + 1, timer: 0, speed: 0 });
    this.#drawSpeeds(rng);
    this.#pos = 9;
    this.#moveTimer = PLAYER_SPEED;
    this.#timeLeft = TIME_LIMIT;
  }
  #drawSpeeds(rng: EnvRng): void {
    for (const car of this.#cars) {
      const s = 1 + rng.int(5);
      car.speed = rng.int(2) === 0 ? s : -s;
      car.timer = s;
    }
  }
  act(a: GameAction, rng: EnvRng): { reward: number; terminal: boolean } {
    let reward = 0;
    if (a === UP && this.#moveTimer === 0) {
      this.#moveTimer = PLAYER_SPEED;
      this.#pos = Math.max(0, this.#pos - 1);
    } else if (a === DOWN && this.#moveTimer === 0) {
      this.#moveTimer = PLAYER_SPEED;
      this.#pos = Math.min(9, this.#pos + 1);
    }
    if (this.#pos === 0) {
      reward += 1;
      this.#pos = 9;
      this.#drawSpeeds(rng);
    }
    for (const car of this.#cars) {
      if (car.x === CHICKEN_X && car.y === this.#pos) this.#pos = 9;
      if (car.timer === 0) {
        car.timer = Math.abs(car.speed);
        car.x += car.speed > 0 ? 1 : -1;
        if (car.x < 0) car.x = 9;
        else if (car.x > 9) car.x = 0;
        if (car.x === CHICKEN_X && car.y === this.#pos) this.#pos = 9;
      } else {
        car.timer--;
      }
    }
    if (this.#moveTimer > 0) this.#moveTimer--;
    this.#timeLeft--;
    return { reward, terminal: this.#timeLeft < 0 };
  }
  render(out: Uint8Array): void {
    const C = 7;
    put(out, C, this.#pos, CHICKEN_X, 0);
    for (const car of this.#cars) {
      put(out, C, car.y, car.x, 1);
      let back = car.speed > 0 ? car.x - 1 : car.x + 1;
      if (back < 0) back = 9;
      else if (back > 9) back = 0;
      put(out, C, car.y, back, 1 + Math.abs(car.speed));
    }
  }
  info(): Record<string, unknown> {
    return { framesLeft: Math.max(0, this.#timeLeft) };
  }
}
