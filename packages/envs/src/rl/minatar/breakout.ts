import type { EnvRng } from '../rng.js';
import { type GameAction, LEFT, type MinAtarGame, NOOP, put, RIGHT } from './game.js';

// Ball directions: 0 up-left, 1 up-right, 2 down-right, 3 down-left.
const DX = [-1, 1, 1, -1] as const;
const DY = [-1, -1, 1, 1] as const;
const FLIP_X = [1, 0, 3, 2] as const;
const FLIP_Y = [3, 2, 1, 0] as const;
const REVERSE = [2, 3, 0, 1] as const;

/**
 * MinAtar Breakout (Young & Tian 2019): a paddle on the bottom row, a ball
 * moving diagonally one cell per frame, three rows of bricks (rows 1–3) that
 * come back once all are cleared. +1 per brick; the game ends when the ball
 * passes the paddle. Channels: paddle, ball, trail (last ball cell), brick.
 * Actions: no-op, left, right. No difficulty ramping.
 */
export class Breakout implements MinAtarGame {
  readonly channels = ['paddle', 'ball', 'trail', 'brick'] as const;
  readonly minimalActions: readonly GameAction[] = [NOOP, LEFT, RIGHT];
  #ballX = 0;
  #ballY = 3;
  #dir = 2;
  #pos = 4;
  #lastX = 0;
  #lastY = 3;
  #strike = false;
  readonly #bricks = new Uint8Array(100);
  #bricksLeft = 0;

  reset(rng: EnvRng): void {
    this.#ballY = 3;
    const fromLeft = rng.int(2) === 0;
    this.#ballX = fromLeft ? 0 : 9;
    this.#dir = fromLeft ? 2 : 3;
    this.#pos = 4;
    this.#fillBricks();
    this.#strike = false;
    this.#lastX = this.#ballX;
    this.#lastY = this.#ballY;
  }
  #fillBricks(): void {
    this.#bricks.fill(0);
    this.#bricks.fill(1, 10, 40);
    this.#bricksLeft = 30;
  }
  act(a: GameAction): { reward: number; terminal: boolean } {
    let reward = 0;
    let terminal = false;
    if (a === LEFT) this.#pos = Math.max(0, this.#pos - 1);
    else if (a === RIGHT) this.#pos = Math.min(9, this.#pos + 1);
    this.#lastX = this.#ballX;
    this.#lastY = this.#ballY;
    let x = this.#ballX + DX[this.#dir as 0];
    let y = this.#ballY + DY[this.#dir as 0];
    let struck = false;
    if (x < 0 || x > 9) {
      x = x < 0 ? 0 : 9;
      this.#dir = FLIP_X[this.#dir as 0];
    }
    if (y < 0) {
      y = 0;
      this.#dir = FLIP_Y[this.#dir as 0];
    } else if (this.#bricks[y * 10 + x] === 1) {
      struck = true;
      if (!this.#strike) {
        reward += 1;
        this.#strike = true;
        this.#bricks[y * 10 + x] = 0;
        this.#bricksLeft--;
        y = this.#lastY;
        this.#dir = FLIP_Y[this.#dir as 0];
      }
    } else if (y === 9) {
      if (this.#bricksLeft === 0) this.#fillBricks();
      if (this.#ballX === this.#pos) {
        this.#dir = FLIP_Y[this.#dir as 0];
        y = this.#lastY;
      } else if (x === this.#pos) {
        this.#dir = REVERSE[this.#dir as 0];
        y = this.#lastY;
      } else {
        terminal = true;
      }
    }
    if (!struck) this.#strike = false;
    this.#ballX = x;
    this.#ballY = y;
    return { reward, terminal };
  }
  render(out: Uint8Array): void {
    const C = 4;
    put(out, C, 9, this.#pos, 0);
    put(out, C, this.#ballY, this.#ballX, 1);
    put(out, C, this.#lastY, this.#lastX, 2);
    for (let i = 10; i < 40; i++) if (this.#bricks[i]) out[i * C + 3] = 1;
  }
  info(): Record<string, unknown> {
    return { bricksLeft: this.#bricksLeft };
  }
}
