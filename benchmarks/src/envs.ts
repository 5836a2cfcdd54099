import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EnvRng, makeEnv } from '@pathnet/envs';

/** Frames per second of one environment with a uniformly random agent. */
export interface EnvRate {
  env: string;
  /** Emulator (or game) frames per second. */
  framesPerS: number;
  stepsPerS: number;
}

/** The environment figures, with the direct ale-py figures or why they are missing. */
export interface EnvRates {
  minatar: EnvRate[];
  ale: EnvRate[] | { skipped: string };
  /** Python ale-py stepping Pong directly (one frame per act, screen copied), same run. */
  alePython: { obs: string; framesPerS: number }[] | null;
}

type StepEnv = {
  reset(o: { seed?: number }): unknown;
  step(a: number): { terminated: boolean; truncated: boolean };
  actionSpace: unknown;
  close(): void;
};

function measure(env: StepEnv, seconds: number, framesPerStep: number, label: string): EnvRate {
  const rng = new EnvRng(123);
  const n = (env.actionSpace as { n: number }).n;
  env.reset({ seed: 1 });
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (let i = 0; i < 500; i++) {
      const r = env.step(rng.int(n));
      steps++;
      if (r.terminated || r.truncated) env.reset({});
    }
  }
  const s = (performance.now() - t0) / 1000;
  env.close();
  return { env: label, stepsPerS: steps / s, framesPerS: (steps * framesPerStep) / s };
}

const PY_ALE = `
import sys, time, numpy as np
from ale_py import ALEInterface, roms, LoggerMode
ALEInterface.setLoggerMode(LoggerMode.Error)
seconds = float(sys.argv[1])
for obs in ('rgb', 'grayscale'):
    a = ALEInterface(); a.setFloat('repeat_action_probability', 0.25); a.setInt('random_seed', 1)
    a.loadROM(roms.get_rom_path('pong')); acts = a.getMinimalActionSet()
    buf = np.zeros((210, 160, 3) if obs == 'rgb' else (210, 160), dtype=np.uint8)
    rng = np.random.default_rng(0); n = 0; t = time.perf_counter()
    while time.perf_counter() - t < seconds:
        for _ in range(500):
            a.act(acts[rng.integers(len(acts))])
            (a.getScreenRGB if obs == 'rgb' else a.getScreenGrayscale)(buf); n += 1
            if a.game_over(): a.reset_game()
    print(obs, n / (time.perf_counter() - t))
`;

/**
 * The Python that has ale-py: `PATHNET_PYTHON`, else the repository's
 * `.reference-venv`, where `install` adds ale-py with pip when it is missing.
 */
function alePython(root: string, install: boolean): string | { skipped: string } {
  const python = process.env.PATHNET_PYTHON ?? path.join(root, '.reference-venv', 'bin', 'python');
  if (!existsSync(python))
    return { skipped: `no Python at ${python} (set PATHNET_PYTHON or run with --setup-reference)` };
  const probe = () => spawnSync(python, ['-c', 'import ale_py'], { encoding: 'utf8' }).status === 0;
  if (!probe() && install)
    spawnSync(python, ['-m', 'pip', 'install', '--quiet', 'ale-py'], { encoding: 'utf8' });
  return probe()
    ? python
    : { skipped: `ale-py is not installed for ${python} (${python} -m pip install ale-py)` };
}

/**
 * Frames/s of every MinAtar game and of the ALE bridge (Pong, 1 and 4 frames
 * per step), beside Python ale-py stepping Pong directly in the same run.
 */
export function measureEnvs(root: string, seconds: number, installAle: boolean): EnvRates {
  const minatar = ['Breakout', 'Asterix', 'Freeway', 'SpaceInvaders', 'Seaquest'].map((g) =>
    measure(makeEnv(`minatar/${g}-v1`) as unknown as StepEnv, seconds, 1, `minatar/${g}-v1`),
  );
  const python = alePython(root, installAle);
  if (typeof python !== 'string') return { minatar, ale: python, alePython: null };
  const ale = (
    [
      ['rgb', 1],
      ['grayscale', 1],
      ['rgb', 4],
    ] as const
  ).map(([obsType, frameskip]) =>
    measure(
      makeEnv('ale/Pong-v5', {
        options: { python, obsType, frameskip, repeatActionProbability: 0.25 },
      }) as unknown as StepEnv,
      seconds,
      frameskip,
      `ale/Pong-v5 bridge, ${obsType}, frameskip ${frameskip}`,
    ),
  );
  const out = spawnSync(python, ['-c', PY_ALE, String(seconds)], { encoding: 'utf8' });
  const alePy = out.stdout
    .trim()
    .split('\n')
    .filter((l) => l.includes(' '))
    .map((l) => {
      const [obs, fps] = l.split(' ');
      return { obs: obs!, framesPerS: Number(fps) };
    });
  return { minatar, ale, alePython: alePy };
}
