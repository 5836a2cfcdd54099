import { MultiBar, type SingleBar } from 'cli-progress';

/** Progress display of a run: one bar per running seed on a terminal, else one line per phase. */
export interface Progress {
  /** A seed reports its phase (`task A`, `task B pathnet`, …), generation and best fitness so far. */
  update(seed: number, phase: string, generation: number, bestFitness: number): void;
  /** A seed finished: its bar goes, `line` is printed. */
  done(seed: number, line: string): void;
  /** Removes every bar. */
  stop(): void;
}

/**
 * Bars (cli-progress) when `tty`, plain `seed S: phase ...` lines on stderr otherwise.
 * @param maxGenerations - the length of a bar (the generation cap).
 */
export function createProgress(tty: boolean, maxGenerations: number): Progress {
  const phases = new Map<number, string>();
  if (!tty) {
    return {
      update(seed, phase) {
        if (phases.get(seed) === phase) return;
        phases.set(seed, phase);
        console.error(`seed ${seed}: ${phase} ...`);
      },
      done: (_, line) => console.error(line),
      stop: () => {},
    };
  }
  const bars = new MultiBar({
    format: ' seed {seed} | {phase} | {bar} | generation {value}/{total} | best fitness {best}',
    hideCursor: true,
    clearOnComplete: true,
  });
  const barOf = new Map<number, SingleBar>();
  return {
    update(seed, phase, generation, bestFitness) {
      let bar = barOf.get(seed);
      if (phases.get(seed) !== phase) {
        phases.set(seed, phase);
        bar ??= bars.create(maxGenerations, 0);
        barOf.set(seed, bar);
        bar.start(maxGenerations, 0, { phase: phase.padEnd(18), seed, best: '-' });
      }
      bar?.update(generation, { best: bestFitness.toFixed(3) });
    },
    done(seed, line) {
      const bar = barOf.get(seed);
      if (bar) bars.remove(bar);
      bars.log(`${line}\n`);
    },
    stop: () => bars.stop(),
  };
}
