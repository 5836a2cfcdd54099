import type { PhaseDoneEvent, ProgressEvent } from '@pathnet/experiments';
import { MultiBar, type SingleBar } from 'cli-progress';

/**
 * Progress display of a run, fed by the schedule's events: one bar per running
 * phase on a terminal, else one line per phase.
 */
export interface Progress {
  /** A seed's phase (`task A`, `task B pathnet`, …) reports its generation and best fitness so far. */
  update(event: ProgressEvent): void;
  /** A seed's phase finished: its bar goes. */
  phaseDone(event: PhaseDoneEvent): void;
  /** A seed finished: `line` is printed. */
  done(seed: number, line: string): void;
  /** Removes every bar. */
  stop(): void;
}

/**
 * Bars (cli-progress) when `tty`, plain `seed S: phase ...` lines on stderr otherwise.
 * @param maxGenerations - the length of a bar (the generation cap).
 */
export function createProgress(tty: boolean, maxGenerations: number): Progress {
  const key = (seed: number, phase: string) => `${seed}\u0000${phase}`;
  if (!tty) {
    const started = new Set<string>();
    return {
      update({ seed, phase }) {
        if (started.has(key(seed, phase))) return;
        started.add(key(seed, phase));
        console.error(`seed ${seed}: ${phase} ...`);
      },
      phaseDone: () => {},
      done: (_, line) => console.error(line),
      stop: () => {},
    };
  }
  const bars = new MultiBar({
    format: ' seed {seed} | {phase} | {bar} | generation {value}/{total} | best fitness {best}',
    hideCursor: true,
    clearOnComplete: true,
  });
  const barOf = new Map<string, SingleBar>();
  return {
    update({ seed, phase, generation, bestFitness }) {
      let bar = barOf.get(key(seed, phase));
      if (bar === undefined) {
        bar = bars.create(maxGenerations, 0, { phase: phase.padEnd(18), seed, best: '-' });
        barOf.set(key(seed, phase), bar);
      }
      bar.update(generation, { best: bestFitness.toFixed(3) });
    },
    phaseDone({ seed, phase }) {
      const bar = barOf.get(key(seed, phase));
      if (bar) bars.remove(bar);
      barOf.delete(key(seed, phase));
    },
    done: (_, line) => bars.log(`${line}\n`),
    stop: () => bars.stop(),
  };
}
