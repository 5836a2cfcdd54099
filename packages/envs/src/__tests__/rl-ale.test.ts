import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ALE_DEFAULTS,
  AleBridgeError,
  AleEnv,
  type AleOptions,
  AleUnavailableError,
  ATARI_PREPROCESSING,
  aleBridgeScript,
  checkEnv,
  makeEnv,
  rawEpisodeReturn,
  registerEnv,
  unregisterEnv,
} from '../rl/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FAKE = path.join(here, '..', 'rl', '__fixtures__', 'fake-ale-bridge.mjs');
const fake = (cfg: Record<string, unknown> = {}) => ({
  command: process.execPath,
  args: [FAKE, JSON.stringify(cfg)],
});
const opened: AleEnv[] = [];
function fakeEnv(cfg: Record<string, unknown> = {}, options: Partial<AleOptions> = {}): AleEnv {
  const env = new AleEnv('test/Fake-v0', { game: 'pong', ...options, bridge: fake(cfg) });
  opened.push(env);
  return env;
}
afterAll(() => {
  for (const env of opened) env.close();
});

/** Whether a process is still running (a zombie or a missing process is not). */
function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
async function until(cond: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}
const hasProc = fs.existsSync('/proc/self/stat');

describe('ALE bridge against a fake subprocess speaking the protocol', () => {
  it('passes checkEnv', () => {
    const report = checkEnv(() => fakeEnv({ episodeFrames: 30 }));
    expect(report.skipped).toEqual([]);
  }, 60_000);

  it('decodes screens and frame headers byte for byte', () => {
    const env = fakeEnv({ height: 5, width: 4 });
    expect(env.observationSpace).toMatchObject({ shape: [5, 4, 3] });
    expect(env.actionNames).toEqual(['NOOP', 'FIRE', 'RIGHT', 'LEFT']);
    const seed = 11;
    const first = env.reset({ seed });
    const expected = (frame: number) =>
      Array.from({ length: 60 }, (_, i) => (i * 7 + frame * 13 + seed * 31) & 0xff);
    expect(Array.from(first.observation)).toEqual(expected(0));
    for (let frame = 1; frame <= 10; frame++) {
      const r = env.step(2);
      expect(Array.from(r.observation)).toEqual(expected(frame));
      expect(r.reward).toBe(frame % 5 === 0 ? 3 : 0);
      expect(r.info).toEqual({ lives: 3, episodeFrame: frame });
    }
  }, 60_000);

  it('repeats an action over frameskip frames inside the bridge, summing the reward', () => {
    const env = fakeEnv({}, { frameskip: 5 });
    env.reset({ seed: 0 });
    const r = env.step(1);
    expect(r.reward).toBe(2);
    expect(r.info.episodeFrame).toBe(5);
  }, 60_000);

  it('ends the episode on game over and then refuses to step', () => {
    const env = fakeEnv({ episodeFrames: 3 });
    env.reset();
    env.step(0);
    env.step(0);
    expect(env.step(0).terminated).toBe(true);
    expect(() => env.step(0)).toThrow(/call reset\(\)/);
  }, 60_000);

  it('says how to install ale-py when the bridge cannot import it', () => {
    let error: unknown;
    try {
      fakeEnv({ missingAle: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AleUnavailableError);
    expect((error as Error).message).toMatch(/pip install ale-py/);
  }, 60_000);

  it('says how to get Python when the interpreter does not exist', () => {
    const make = () => new AleEnv('test/Ale-v0', { game: 'pong', python: '/nonexistent/python3' });
    expect(make).toThrow(AleUnavailableError);
    expect(make).toThrow(/install Python 3/);
  }, 60_000);

  it('reports a subprocess that dies mid-episode, without hanging', async () => {
    const env = fakeEnv({ dieAtFrame: 3 });
    env.reset();
    env.step(0);
    env.step(0);
    expect(() => env.step(0)).toThrow(AleBridgeError);
    expect(() => env.step(0)).toThrow(/died|gone/);
    expect(() => env.reset()).toThrow(AleBridgeError);
    expect(await env.exited).toBe(3);
    env.close();
  }, 60_000);

  it.skipIf(!hasProc)(
    'close() ends the subprocess and reaps it (no zombie)',
    async () => {
      const env = fakeEnv();
      env.reset();
      expect(running(env.pid)).toBe(true);
      env.close();
      await env.exited;
      expect(await until(() => !fs.existsSync(`/proc/${env.pid}`))).toBe(true);
    },
    60_000,
  );

  it.skipIf(!hasProc).each(['killed', 'interrupted', 'exit'])(
    'a parent that ends by "%s" leaves no bridge running',
    async (mode) => {
      const out = path.join(
        fs.mkdtempSync(path.join(os.tmpdir(), 'pathnet-ale-test-')),
        'parent.mjs',
      );
      const script = `
        import { AleEnv } from './rl/index.ts';
        const env = new AleEnv('test/Fake-v0', { game: 'pong', bridge: { command: process.execPath, args: [${JSON.stringify(FAKE)}, '{}'] } });
        env.reset({ seed: 1 });
        env.step(0);
        process.stdout.write(env.pid + '\\n');
        if (process.argv[2] === 'exit') process.exit(0);
        if (process.argv[2] === 'killed') process.kill(process.pid, 'SIGKILL');
        if (process.argv[2] === 'interrupted') process.kill(process.pid, 'SIGINT');
      `;
      buildSync({
        stdin: { contents: script, resolveDir: path.join(here, '..'), loader: 'ts' },
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile: out,
        logLevel: 'silent',
      });
      const parent = spawn(process.execPath, [out, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      parent.stdout.on('data', (d) => {
        text += d;
      });
      await new Promise((r) => parent.once('exit', r));
      const pid = Number.parseInt(text, 10);
      expect(pid).toBeGreaterThan(0);
      expect(await until(() => !running(pid))).toBe(true);
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    },
    20_000,
  );
});

/** A Python that can import ale_py: $PATHNET_PYTHON or python3, if any. */
function findAlePython(): { python: string | null; reason: string } {
  const python = process.env.PATHNET_PYTHON ?? 'python3';
  const r = spawnSync(python, ['-c', 'import ale_py; print(ale_py.__version__)'], {
    encoding: 'utf8',
  });
  if (r.error) return { python: null, reason: `no Python at "${python}" (set PATHNET_PYTHON)` };
  if (r.status !== 0)
    return {
      python: null,
      reason: `"${python}" has no ale-py (pip install ale-py, or set PATHNET_PYTHON)`,
    };
  return { python, reason: `ale-py ${r.stdout.trim()}` };
}
const ale = findAlePython();
const anyPython = spawnSync(process.env.PATHNET_PYTHON ?? 'python3', ['-c', 'pass']).status === 0;

describe.skipIf(!anyPython)('the real bridge script', () => {
  it('reports missing ale-py with the install command (site-packages disabled)', () => {
    const python = process.env.PATHNET_PYTHON ?? 'python3';
    const make = () =>
      new AleEnv('test/Ale-v0', {
        game: 'pong',
        bridge: { command: python, args: ['-S', '-u', aleBridgeScript()] },
      });
    expect(make).toThrow(AleUnavailableError);
    expect(make).toThrow(/-m pip install ale-py/);
  }, 60_000);
});

describe('ALE scores under the DQN preprocessing (fake subprocess)', () => {
  it('trains on clipped rewards and reports the raw game score of every episode at its end', () => {
    // The fake pays action + 1 on every fifth frame: 4 for LEFT (action 3), so
    // each 4-frame step pays 0 or 4 raw, clipped to 0 or 1.
    registerEnv<AleOptions>('test/FakeAleScore-v5', {
      create: (o, id) => new AleEnv(id, { ...o, bridge: fake({ episodeFrames: 200 }) }),
      defaults: { ...ALE_DEFAULTS, game: 'pong', frameskip: 1 },
    });
    try {
      for (const maxEpisodeSteps of [null, 20]) {
        const env = makeEnv('test/FakeAleScore-v5', {
          wrappers: ATARI_PREPROCESSING,
          maxEpisodeSteps,
        });
        try {
          env.reset({ seed: 3 });
          let clipped = 0;
          let raw = 0;
          for (;;) {
            const r = env.step(3);
            clipped += r.reward;
            raw += r.info.rawReward as number;
            expect([0, 1]).toContain(r.reward);
            if (!(r.terminated || r.truncated)) continue;
            expect(r.truncated).toBe(maxEpisodeSteps !== null);
            expect(clipped).toBeGreaterThan(0);
            expect(r.info.episodeSummary).toMatchObject({
              rawReturn: 4 * clipped,
              return: clipped,
            });
            expect(rawEpisodeReturn(r.info)).toBe(raw);
            break;
          }
        } finally {
          env.close();
        }
      }
    } finally {
      unregisterEnv('test/FakeAleScore-v5');
    }
  }, 60_000);
});

describe.skipIf(ale.python === null)(`ALE bridge against real ale-py (${ale.reason})`, () => {
  const options = { python: ale.python };
  it('ale/Breakout-v5 passes checkEnv', () => {
    const report = checkEnv(() => makeEnv('ale/Breakout-v5', { options }), {
      steps: 40,
      maxStepsToEnd: 5000,
    });
    expect(report.skipped).toEqual([]);
  }, 60_000);

  it('gives Atari screens and, with the DQN preprocessing, 4 stacked 84×84 frames', () => {
    const raw = makeEnv('ale/Pong-v5', { options });
    expect(raw.observationSpace).toMatchObject({ shape: [210, 160, 3], dtype: 'uint8' });
    expect(raw.actionSpace).toEqual({ kind: 'discrete', n: 6 });
    raw.close();
    const env = makeEnv('ale/Pong-v5', {
      options: { ...options, frameskip: 1 },
      wrappers: ATARI_PREPROCESSING,
    });
    expect(env.observationSpace).toMatchObject({ shape: [4, 84, 84] });
    const first = env.reset({ seed: 1 });
    expect(first.observation.length).toBe(4 * 84 * 84);
    const next = env.step(1);
    expect(next.observation.length).toBe(4 * 84 * 84);
    expect(next.info.rawReturn).toBe(0);
    env.close();
  }, 30_000);

  it('names the games ale-py offers when asked for one it lacks', () => {
    expect(() => new AleEnv('test/Ale-v0', { game: 'no_such_game', ...options })).toThrow(
      /offers: .*pong/,
    );
  }, 30_000);
});
