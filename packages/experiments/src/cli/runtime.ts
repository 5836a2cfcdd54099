/**
 * What the JavaScript runtime the app runs on means for a run: hogwild training
 * (two pathways updating one grid at once from two threads, `--concurrency 2`)
 * relies on threads sharing memory cheaply; under Bun and Deno a hogwild pair
 * was measured at about 8 steps/s against 122 for serial training under Node
 * (the issue of the command-line layer), so the app says so before it starts.
 */

/** The runtime: `bun`, `deno` or `node`. */
export function runtimeName(): 'bun' | 'deno' | 'node' {
  const g = globalThis as { Bun?: unknown; Deno?: unknown };
  if (g.Bun !== undefined) return 'bun';
  if (g.Deno !== undefined) return 'deno';
  return 'node';
}

/**
 * A one-line warning where hogwild training is slower than serial on this runtime
 * (Bun, Deno), else null.
 * @param runtime - the runtime (default {@link runtimeName}'s).
 */
export function hogwildWarning(runtime = runtimeName()): string | null {
  if (runtime === 'node') return null;
  return (
    `warning: hogwild training (--concurrency 2) is slower than serial under ${runtime === 'bun' ? 'Bun' : 'Deno'} ` +
    '(about 8 against 122 training steps/s measured); --concurrency 1 or Node runs faster'
  );
}
