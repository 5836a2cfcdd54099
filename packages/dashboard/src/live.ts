import { DashboardFlagError } from './flags.js';
import { DashboardHub } from './hub.js';
import type { GridShape, PathwayRows, PopulationSnapshot } from './model.js';
import { type DashboardServer, startDashboard } from './server.js';
import { type SeedRecordLike, seedColumns, seedEvents } from './supervised.js';

/** A generation as the experiments report it (`@pathnet/experiments` `ProgressEvent`). */
export interface LiveProgress {
  seed: number;
  phase: string;
  generation: number;
  bestFitness: number;
  population?: PopulationSnapshot & { frozen?: PathwayRows };
}

/** What a live dashboard needs to know of the run before it starts. */
export interface LiveRunSetup {
  /** The page's title, e.g. `binary-mnist → results/binary-mnist-quick`. */
  title: string;
  grid: GridShape;
  /** Seeds to run now, the phases of each (task A and the conditions), the generation cap. */
  plan: { seeds: number; phasesPerSeed: number; maxGenerations: number };
  /** Task-B conditions in table order. */
  conditions: readonly string[];
  /** Where to listen; default a free port on 127.0.0.1. */
  port?: number;
  host?: string;
}

/** A dashboard fed by a supervised transfer run: the app's hook into `runExperiment`'s events. */
export interface LiveDashboard {
  /** The page's address. */
  url: string;
  hub: DashboardHub;
  /** Pass `runExperiment`'s `events.progress` here. */
  progress(event: LiveProgress): void;
  /** Pass `events.phaseDone` here. */
  phaseDone(event: { seed: number; phase: string }): void;
  /** Pass each finished seed's record (`events.record`) here. */
  record(record: SeedRecordLike): void;
  /** Marks the run finished and stops the server (open pages keep what they show). */
  close(): Promise<void>;
}

/**
 * Starts the server of a live run. Publishing never throws and never waits on a page, so the
 * run goes on whatever the browsers do.
 * @throws {DashboardFlagError} naming `--dashboard` or `--dashboard-host` if the port is taken
 *   or the address is not this machine's; other listen errors as they are.
 */
export async function startLiveDashboard(setup: LiveRunSetup): Promise<LiveDashboard> {
  const hub = new DashboardHub(setup.title, 'live');
  hub.describe({ grid: setup.grid, plan: setup.plan, columns: seedColumns(setup.conditions) });
  let server: DashboardServer;
  try {
    server = await startDashboard(hub, {
      ...(setup.port !== undefined && { port: setup.port }),
      ...(setup.host !== undefined && { host: setup.host }),
    });
  } catch (error) {
    throw listenError(error, setup);
  }
  return {
    url: server.url,
    hub,
    progress: (e) => {
      const { frozen, ...population } = e.population ?? {};
      hub.publish({
        type: 'progress',
        seed: e.seed,
        phase: e.phase,
        generation: e.generation,
        bestFitness: e.bestFitness,
        ...(e.population && { population: population as PopulationSnapshot }),
        ...(frozen && { frozen }),
      });
    },
    phaseDone: (e) => hub.publish({ type: 'phaseDone', seed: e.seed, phase: e.phase }),
    record: (record) => {
      for (const event of seedEvents(record, setup.conditions, false)) hub.publish(event);
    },
    close: async () => {
      hub.publish({ type: 'finished', at: Date.now() });
      await server.close();
    },
  };
}

/** A listen error as a bad flag where the flag is the cause. */
function listenError(error: unknown, setup: LiveRunSetup): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    return new DashboardFlagError(
      `--dashboard ${setup.port}: ${code === 'EACCES' ? 'not allowed to bind the port' : 'the port is in use'} (leave the port out for a free one)`,
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new DashboardFlagError(`--dashboard-host ${setup.host}: not an address of this machine`);
  }
  return error;
}
