import os from 'node:os';

/** The machine and runtime a benchmark ran on, as printed beside every figure. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  runtime: string;
  platform: string;
}

/** The 1-, 5- and 15-minute load averages, as printed beside a measurement. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
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
 * Runs `step` for about `seconds` after `warmup` calls, split into `windows`
 * windows (each runs `step` at least once), and returns the best window's rate
 * in calls per second — the best, to dampen noise from other processes on a
 * small machine — and how many calls were timed in all.
 */
export function rate(
  step: (i: number) => void,
  seconds: number,
  windows = 3,
  warmup = 20,
): { perSecond: number; calls: number } {
  let i = 0;
  for (; i < warmup; i++) step(i);
  let best = 0;
  let calls = 0;
  for (let w = 0; w < windows; w++) {
    const t0 = performance.now();
    let n = 0;
    do {
      step(i++);
      n++;
    } while (performance.now() - t0 < (seconds * 1000) / windows);
    calls += n;
    best = Math.max(best, n / ((performance.now() - t0) / 1000));
  }
  return { perSecond: best, calls };
}
