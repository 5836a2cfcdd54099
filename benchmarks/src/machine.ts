import os from 'node:os';

/** The machine and runtime a benchmark ran on, as printed beside every figure. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  runtime: string;
  platform: string;
}

/** Describes this machine and the JavaScript runtime. */
export function describeMachine(): Machine {
  const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    runtime: g.Bun
      ? `bun ${g.Bun.version}`
      : g.Deno
        ? `deno ${g.Deno.version.deno}`
        : `node ${process.versions.node}`,
    platform: `${os.platform()} ${os.arch()}`,
  };
}

/**
 * Runs `step` repeatedly for about `seconds` after a warm-up and returns the
 * rate in calls per second (best of `repeats` windows, to dampen noise from
 * other processes on a small machine).
 */
export function rate(step: (i: number) => void, seconds: number, repeats = 3, warmup = 20): number {
  for (let i = 0; i < warmup; i++) step(i);
  let best = 0;
  let i = 0;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < (seconds * 1000) / repeats) {
      step(i++);
      n++;
    }
    best = Math.max(best, n / ((performance.now() - t0) / 1000));
  }
  return best;
}
