import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaseEnv, type ResetResult, type StepResult } from './env.js';
import {
  AleBridgeError,
  AleUnavailableError,
  checkProbability,
  InvalidEnvOptionError,
} from './errors.js';
import type { EnvRng } from './rng.js';
import { type BoxSpace, box, type DiscreteSpace, discrete } from './spaces.js';

/** Options of {@link AleEnv}. */
export interface AleOptions {
  /** ALE ROM id as ale-py names it, e.g. `"pong"`, `"space_invaders"`. */
  game: string;
  /** `"rgb"`: `uint8 [210, 160, 3]`; `"grayscale"`: `uint8 [210, 160]` (ALE's own luminance). Default `"rgb"`. */
  obsType: 'rgb' | 'grayscale';
  /** Emulator frames per `step`, run inside the bridge with rewards summed. Default 1. */
  frameskip: number;
  /** With `frameskip > 1`, return the element-wise max of the last two frames. Default false. */
  maxPool: boolean;
  /** ALE's own sticky-action probability (Machado et al. 2018). Default 0.25 (ALE v5). */
  repeatActionProbability: number;
  /** All 18 actions instead of the game's minimal set. Default false. */
  fullActionSpace: boolean;
  /** Emulator frames after which ALE truncates an episode; 0 for none. Default 108000 (30 min). */
  maxNumFramesPerEpisode: number;
  /** Game mode and difficulty switches (ALE); `null` for the defaults. */
  mode: number | null;
  difficulty: number | null;
  /** Python interpreter with ale-py. Default `$PATHNET_PYTHON`, else `"python3"`. */
  python: string | null;
  /**
   * Command that speaks the bridge protocol instead of `python ale_bridge.py`
   * (tests use a fake); `null` for the real bridge.
   */
  bridge: { command: string; args: readonly string[] } | null;
}

/** Defaults of {@link AleOptions}, as Gymnasium's ALE `-v5` environments except `frameskip`. */
export const ALE_DEFAULTS: Omit<AleOptions, 'game'> = Object.freeze({
  obsType: 'rgb',
  frameskip: 1,
  maxPool: false,
  repeatActionProbability: 0.25,
  fullActionSpace: false,
  maxNumFramesPerEpisode: 108_000,
  mode: null,
  difficulty: null,
  python: null,
  bridge: null,
});

const OP_INIT = 0x01;
const OP_RESET = 0x02;
const OP_STEP = 0x03;
const OP_CLOSE = 0x04;
const ST_READY = 0x00;
const ST_FRAME = 0x01;
const ST_ERROR = 0xff;
/** Bytes of a FRAME reply before the screen: status u8, reward f64, flags u8, lives i32, frame u32. */
const FRAME_HEAD = 1 + 8 + 1 + 4 + 4;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A parent that exits normally kills its bridges; one that dies by a signal
  // closes their stdin, on which they exit by themselves.
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** Where `ale_bridge.py` lies: `<package>/python/`, found from `dist/` or `src/rl/`. */
export function aleBridgeScript(): string {
  const here =
    typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
  let dir = here;
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'python', 'ale_bridge.py');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return path.join(here, '..', 'python', 'ale_bridge.py');
}

/** Opens a FIFO pair with every end in blocking mode, without waiting on the other side. */
function fifoPair(dir: string, name: string): { read: number; write: number } {
  const p = path.join(dir, name);
  execFileSync('mkfifo', ['-m', '600', p]);
  const keep = fs.openSync(p, fs.constants.O_RDWR); // holds both sides open during setup
  const read = fs.openSync(p, fs.constants.O_RDONLY);
  const write = fs.openSync(p, fs.constants.O_WRONLY);
  fs.closeSync(keep);
  fs.unlinkSync(p);
  return { read, write };
}

/**
 * An Atari 2600 game of the Arcade Learning Environment (Bellemare et al.
 * 2013), run by ale-py in a Python subprocess (`python/ale_bridge.py`) that
 * the environment talks to synchronously through two FIFOs with
 * length-prefixed binary messages (one JSON message at start, raw screen
 * bytes per step). Observations: `uint8 [210, 160, 3]` (rgb) or
 * `uint8 [210, 160]` (grayscale); actions: the game's minimal action set
 * (`actionNames`). `terminated` is ALE's game over, `truncated` its frame
 * limit; `info.lives` and `info.episodeFrame` come from ALE.
 *
 * Seeding: `reset({seed})` reloads the ROM with ALE's `random_seed`, so equal
 * seeds give equal episodes (sticky actions included); `reset()` continues.
 * The subprocess ends on `close()`, on the parent's exit, and on its own when
 * the parent dies (end of file on its stdin). POSIX only (uses `mkfifo`).
 *
 * @throws {AleUnavailableError} when Python or ale-py is missing (message gives the install command).
 * @throws {AleBridgeError} for an unknown game, or when the subprocess dies or misbehaves.
 */
export class AleEnv extends BaseEnv<Uint8Array> {
  readonly observationSpace: BoxSpace;
  readonly actionSpace: DiscreteSpace;
  /** ALE names of the actions of `actionSpace`, by index (e.g. `"NOOP"`, `"FIRE"`). */
  readonly actionNames: readonly string[];
  /** The ale-py version reported by the bridge (or the fake's). */
  readonly aleVersion: string;
  /** Process id of the bridge. */
  readonly pid: number;
  /** Resolves with the exit code (or signal name) once the bridge process has exited and been reaped. */
  readonly exited: Promise<number | string | null>;
  readonly options: AleOptions;
  readonly #child: ChildProcess;
  readonly #stderr: number;
  readonly #command: string;
  #in: number;
  #out: number;
  #frameBytes: number;
  #seeded = false;
  #dead: string | null = null;
  readonly #head = Buffer.alloc(FRAME_HEAD);
  readonly #len = Buffer.alloc(4);

  constructor(
    readonly id: string,
    options: Partial<AleOptions> & { game: string },
  ) {
    super();
    const o: AleOptions = { ...ALE_DEFAULTS, ...options };
    this.options = o;
    validate(id, o);
    const python = o.python ?? process.env.PATHNET_PYTHON ?? 'python3';
    const command = o.bridge?.command ?? python;
    const args = o.bridge ? [...o.bridge.args] : ['-u', aleBridgeScript()];
    this.#command = command;

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathnet-ale-'));
    let req: { read: number; write: number };
    let res: { read: number; write: number };
    let errPath: string;
    try {
      req = fifoPair(dir, 'req');
      res = fifoPair(dir, 'res');
      errPath = path.join(dir, 'stderr');
      this.#stderr = fs.openSync(errPath, 'w+');
      fs.unlinkSync(errPath);
    } catch (e) {
      throw new AleBridgeError(
        o.game,
        `could not set up the FIFOs to talk to the bridge (${(e as Error).message}); the ALE bridge needs a POSIX system with mkfifo`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    installExitHook();
    const child = spawn(command, args, {
      stdio: [req.read, res.write, this.#stderr],
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    });
    fs.closeSync(req.read);
    fs.closeSync(res.write);
    this.#child = child;
    this.#in = res.read;
    this.#out = req.write;
    this.pid = child.pid ?? -1;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        this.#dead ??= `exited with ${signal ?? `code ${code}`}`;
        resolve(signal ?? code);
      });
      child.once('error', () => resolve(null));
    });
    if (child.pid === undefined) {
      this.#closeFds();
      throw new AleUnavailableError(
        o.bridge ? 'bridge' : 'python',
        command,
        'the command could not be started',
      );
    }
    live.add(child);

    try {
      const init = {
        game: o.game,
        obsType: o.obsType,
        repeatActionProbability: o.repeatActionProbability,
        fullActionSpace: o.fullActionSpace,
        maxNumFramesPerEpisode: o.maxNumFramesPerEpisode,
        mode: o.mode,
        difficulty: o.difficulty,
      };
      this.#send(
        Buffer.concat([Buffer.from([OP_INIT]), Buffer.from(JSON.stringify(init), 'utf8')]),
      );
      const reply = this.#receive();
      if (reply[0] === ST_ERROR) this.#fail(reply, command);
      if (reply[0] !== ST_READY) throw this.#broken(`expected READY, got status ${reply[0]}`);
      const ready = JSON.parse(reply.subarray(1).toString('utf8')) as {
        actions: string[];
        height: number;
        width: number;
        channels: number;
        version: string;
      };
      this.actionNames = Object.freeze([...ready.actions]);
      this.aleVersion = ready.version;
      const shape =
        ready.channels === 1
          ? [ready.height, ready.width]
          : [ready.height, ready.width, ready.channels];
      this.observationSpace = box(shape, 0, 255, 'uint8');
      this.actionSpace = discrete(ready.actions.length);
      this.#frameBytes = ready.height * ready.width * ready.channels;
    } catch (e) {
      this.#shutdown();
      throw e;
    }
  }

  #stderrTail(): string {
    try {
      const size = fs.fstatSync(this.#stderr).size;
      const n = Math.min(size, 2000);
      const buf = Buffer.alloc(n);
      fs.readSync(this.#stderr, buf, 0, n, size - n);
      return buf.toString('utf8');
    } catch {
      return '';
    }
  }
  #broken(problem: string): AleBridgeError {
    this.#dead ??= problem;
    const tail = this.#stderrTail().trim();
    return new AleBridgeError(
      this.options.game,
      `${problem}${tail ? `; its stderr ends: ${tail.slice(-600)}` : ''}`,
    );
  }
  #fail(reply: Buffer, command: string): never {
    const code = reply[1];
    const message = reply.subarray(2).toString('utf8');
    if (code === 2) throw new AleUnavailableError('ale-py', command, message);
    throw new AleBridgeError(this.options.game, message);
  }
  #send(payload: Buffer): void {
    if (this.#dead)
      throw new AleBridgeError(this.options.game, `the subprocess is gone (${this.#dead})`);
    const msg = Buffer.allocUnsafe(4 + payload.length);
    msg.writeUInt32LE(payload.length, 0);
    payload.copy(msg, 4);
    try {
      let off = 0;
      while (off < msg.length) off += fs.writeSync(this.#out, msg, off, msg.length - off);
    } catch (e) {
      throw this.#broken(
        `writing to the subprocess failed (${(e as Error).message}); it has probably died`,
      );
    }
  }
  #readExact(buf: Uint8Array, what: string): void {
    let off = 0;
    while (off < buf.length) {
      let n: number;
      try {
        n = fs.readSync(this.#in, buf, off, buf.length - off, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        throw this.#broken(`reading ${what} failed (${(e as Error).message})`);
      }
      if (n === 0)
        throw this.#broken(
          `the subprocess closed its output while ${what} was expected; it has died`,
        );
      off += n;
    }
  }
  #receive(): Buffer {
    this.#readExact(this.#len, 'a message length');
    const body = Buffer.alloc(this.#len.readUInt32LE(0));
    this.#readExact(body, 'a message');
    return body;
  }
  /** Reads a FRAME reply straight into a fresh observation array. */
  #frame(): StepResult<Uint8Array> {
    this.#readExact(this.#len, 'a message length');
    const n = this.#len.readUInt32LE(0);
    if (n !== FRAME_HEAD + this.#frameBytes) {
      const body = Buffer.alloc(n);
      this.#readExact(body, 'a message');
      if (body[0] === ST_ERROR) this.#fail(body, this.#command);
      throw this.#broken(
        `expected a FRAME of ${FRAME_HEAD + this.#frameBytes} bytes, got ${n} bytes`,
      );
    }
    this.#readExact(this.#head, 'a frame header');
    const observation = new Uint8Array(this.#frameBytes);
    this.#readExact(observation, 'a screen');
    const h = this.#head;
    if (h[0] !== ST_FRAME) throw this.#broken(`expected FRAME status, got ${h[0]}`);
    const flags = h.readUInt8(9);
    return {
      observation,
      reward: h.readDoubleLE(1),
      terminated: (flags & 1) !== 0,
      truncated: (flags & 1) === 0 && (flags & 2) !== 0,
      info: { lives: h.readInt32LE(10), episodeFrame: h.readUInt32LE(14) },
    };
  }
  protected onReset(_rng: EnvRng, seed: number | undefined): ResetResult<Uint8Array> {
    let s = seed;
    if (s === undefined && !this.#seeded) s = 0;
    if (s !== undefined) this.#seeded = true;
    const msg = Buffer.alloc(6);
    msg[0] = OP_RESET;
    msg[1] = s === undefined ? 0 : 1;
    msg.writeInt32LE(s ?? 0, 2);
    this.#send(msg);
    const r = this.#frame();
    return { observation: r.observation, info: r.info };
  }
  protected onStep(action: number): StepResult<Uint8Array> {
    const msg = Buffer.alloc(6);
    msg[0] = OP_STEP;
    msg.writeUInt16LE(action, 1);
    msg.writeUInt16LE(this.options.frameskip, 3);
    msg[5] = this.options.maxPool ? 1 : 0;
    this.#send(msg);
    return this.#frame();
  }
  #closeFds(): void {
    for (const fd of [this.#in, this.#out, this.#stderr]) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    }
    this.#in = -1;
    this.#out = -1;
  }
  #shutdown(): void {
    if (!this.#dead) {
      try {
        const msg = Buffer.from([1, 0, 0, 0, OP_CLOSE]);
        fs.writeSync(this.#out, msg);
      } catch {
        // the bridge is gone already
      }
    }
    this.#dead ??= 'closed';
    this.#closeFds();
    // End of file on its stdin makes the bridge exit; the signal covers a hung one.
    const child = this.#child;
    if (child.exitCode === null && child.signalCode === null) {
      const timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, 2000);
      timer.unref();
      child.once('exit', () => clearTimeout(timer));
    }
  }
  protected override onClose(): void {
    this.#shutdown();
  }
}

function validate(id: string, o: AleOptions): void {
  if (typeof o.game !== 'string' || !/^[a-z0-9_]+$/.test(o.game)) {
    throw new InvalidEnvOptionError(
      id,
      'game',
      o.game,
      'an ALE ROM id such as "pong" or "space_invaders"',
    );
  }
  if (o.obsType !== 'rgb' && o.obsType !== 'grayscale') {
    throw new InvalidEnvOptionError(id, 'obsType', o.obsType, '"rgb" or "grayscale"');
  }
  if (!Number.isInteger(o.frameskip) || o.frameskip < 1 || o.frameskip > 65535) {
    throw new InvalidEnvOptionError(id, 'frameskip', o.frameskip, 'an integer in [1, 65535]');
  }
  checkProbability(id, 'repeatActionProbability', o.repeatActionProbability);
  if (!Number.isInteger(o.maxNumFramesPerEpisode) || o.maxNumFramesPerEpisode < 0) {
    throw new InvalidEnvOptionError(
      id,
      'maxNumFramesPerEpisode',
      o.maxNumFramesPerEpisode,
      'a non-negative integer',
    );
  }
}
