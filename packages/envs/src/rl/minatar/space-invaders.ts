import { FIRE, type GameAction, LEFT, type MinAtarGame, NOOP, put, RIGHT } from './game.js';

const SHOT_COOL_DOWN = 5;
const ENEMY_MOVE_INTERVAL = 12;
const ENEMY_SHOT_INTERVAL = 10;

/**
 * MinAtar Space Invaders (Young & Tian 2019): a cannon on the bottom row
 * shoots upward (cool-down 5 frames); a 4×6 block of aliens marches sideways,
 * stepping down a row at each wall, and the alien nearest the cannon's column
 * drops a bullet every 10 frames. +1 per alien hit. The game ends when an
 * enemy bullet or an alien reaches the cannon, or aliens reach the bottom row.
 * The march speeds up as aliens die; with difficulty ramping each cleared
 * wave makes the next one faster (move interval 12 → 6). Channels: cannon,
 * alien, alien_left, alien_right, friendly_bullet, enemy_bullet.
 * Actions: no-op, left, right, fire.
 */
export class SpaceInvaders implements MinAtarGame {
  readonly channels = [
    'cannon',
    'alien',
    'alien_left',
    'alien_right',
    'friendly_bullet',
    'enemy_bullet',
  ] as const;
  readonly minimalActions: readonly GameAction[] = [NOOP, LEFT, RIGHT, FIRE];
  #pos = 5;
  #aliens = new Uint8Array(100);
  #friendly = new Uint8Array(100);
  #enemy = new Uint8Array(100);
  #direction = -1;
  #moveInterval = ENEMY_MOVE_INTERVAL;
  #moveTimer = ENEMY_MOVE_INTERVAL;
  #shotTimerAliens = ENEMY_SHOT_INTERVAL;
  #shotTimer = 0;
  #rampIndex = 0;
  constructor(readonly ramping = true) {}

  #wave(): void {
    this.#aliens.fill(0);
    for (let r = 0; r < 4; r++) this.#aliens.fill(1, r * 10 + 2, r * 10 + 8);
  }
  reset(): void {
    this.#pos = 5;
    this.#friendly.fill(0);
    this.#enemy.fill(0);
    this.#wave();
    this.#direction = -1;
    this.#moveInterval = ENEMY_MOVE_INTERVAL;
    this.#moveTimer = ENEMY_MOVE_INTERVAL;
    this.#shotTimerAliens = ENEMY_SHOT_INTERVAL;
    this.#shotTimer = 0;
    this.#rampIndex = 0;
  }
  #count(): number {
    let n = 0;
    for (let i = 0; i < 100; i++) n += this.#aliens[i] as number;
    return n;
  }
  #column(c: number): boolean {
    for (let r = 0; r < 10; r++) if (this.#aliens[r * 10 + c]) return true;
    return false;
  }
  act(a: GameAction): { reward: number; terminal: boolean } {
    let reward = 0;
    let terminal = false;
    const aliens = this.#aliens;
    if (a === FIRE && this.#shotTimer === 0) {
      this.#friendly[90 + this.#pos] = 1;
      this.#shotTimer = SHOT_COOL_DOWN;
    } else if (a === LEFT) this.#pos = Math.max(0, this.#pos - 1);
    else if (a === RIGHT) this.#pos = Math.min(9, this.#pos + 1);
    // Friendly bullets rise one row, enemy bullets fall one row.
    this.#friendly.copyWithin(0, 10);
    this.#friendly.fill(0, 90);
    this.#enemy.copyWithin(10, 0, 90);
    this.#enemy.fill(0, 0, 10);
    if (this.#enemy[90 + this.#pos]) terminal = true;
    if (aliens[90 + this.#pos]) terminal = true;
    if (this.#moveTimer === 0) {
      this.#moveTimer = Math.min(this.#count(), this.#moveInterval);
      const atWall =
        (this.#direction < 0 && this.#column(0)) || (this.#direction > 0 && this.#column(9));
      if (atWall) {
        this.#direction = -this.#direction;
        for (let c = 0; c < 10; c++) if (aliens[90 + c]) terminal = true;
        aliens.copyWithin(10, 0, 90);
        aliens.fill(0, 0, 10);
      } else {
        for (let r = 0; r < 10; r++) {
          const row = aliens.subarray(r * 10, r * 10 + 10);
          if (this.#direction < 0) {
            row.copyWithin(0, 1);
            row[9] = 0;
          } else {
            row.copyWithin(1, 0, 9);
            row[0] = 0;
          }
        }
      }
      if (aliens[90 + this.#pos]) terminal = true;
    }
    if (this.#shotTimerAliens === 0) {
      this.#shotTimerAliens = ENEMY_SHOT_INTERVAL;
      const shooter = this.#nearest();
      if (shooter >= 0) this.#enemy[shooter] = 1;
    }
    for (let i = 0; i < 100; i++) {
      if (aliens[i] && this.#friendly[i]) {
        reward++;
        aliens[i] = 0;
        this.#friendly[i] = 0;
      }
    }
    if (this.#shotTimer > 0) this.#shotTimer--;
    this.#moveTimer--;
    this.#shotTimerAliens--;
    if (this.#count() === 0) {
      if (this.ramping && this.#moveInterval > 6) {
        this.#moveInterval--;
        this.#rampIndex++;
      }
      this.#wave();
    }
    return { reward, terminal };
  }
  /** Cell index of the lowest alien in the column nearest the cannon, or -1. */
  #nearest(): number {
    for (let d = 0; d < 10; d++) {
      for (const c of d === 0 ? [this.#pos] : [this.#pos - d, this.#pos + d]) {
        if (c < 0 || c > 9) continue;
        for (let r = 9; r >= 0; r--) if (this.#aliens[r * 10 + c]) return r * 10 + c;
      }
    }
    return -1;
  }
  render(out: Uint8Array): void {
    const C = 6;
    put(out, C, 9, this.#pos, 0);
    const side = this.#direction < 0 ? 2 : 3;
    for (let i = 0; i < 100; i++) {
      if (this.#aliens[i]) {
        out[i * C + 1] = 1;
        out[i * C + side] = 1;
      }
      if (this.#friendly[i]) out[i * C + 4] = 1;
      if (this.#enemy[i]) out[i * C + 5] = 1;
    }
  }
  info(): Record<string, unknown> {
    return { difficulty: this.#rampIndex };
  }
}
