/**
 * The settings of the RL transfer apps (`atari-transfer`, `labyrinth-transfer`;
 * Fernando et al. 2017, Sec. 3.3–3.4): what `results.json` records as the
 * config, their checks (bad input throws {@link RLOptionError} naming the
 * flag), `--pairs` and the jobs of a matrix of ordered pairs over seeds.
 *
 * @packageDocumentation
 */
import type { EngineChoice, PathNetConfig } from '@pathnet/core';
import { envIds, MINATAR_SEMANTIC_CHANNELS } from '@pathnet/envs';
import type { A3CArgs } from '@pathnet/rl';
import { BOUNDS, checkFlag, checkSeeds, ENGINES } from './cli/groups.js';
import { type EnvSpec, specSpaces } from './rl-env.js';
import { B_STARTS, type BStart, type RLTransferJob } from './rl-transfer.js';

/** Bad input on the command line: the app exits with 2 and this message. */
export class RLOptionError extends Error {
  override readonly name = 'RLOptionError';
}

/** An experiment's settings (what `results.json` records as its config). */
export interface TransferOptions {
  /** Every task of the experiment, in matrix order (one observation layout). */
  tasks: EnvSpec[];
  /** Ordered pairs `[source id, target id]`. */
  pairs: Array<[string, string]>;
  seeds: number;
  /** First seed (seeds `seed … seed + seeds − 1`). */
  seed: number;
  /** Frame budget of every run. */
  frames: number;
  grid: PathNetConfig;
  /** A3C arguments of every run. */
  a3c: Partial<A3CArgs>;
  /** Episodes a learning-curve point averages. */
  window: number;
  /** Points per learning curve. */
  points: number;
  /** Fraction of the control's rise that defines the speedup's score level. */
  fraction: number;
  /**
   * Episodes of the uniform-random agent measured on each target: a control
   * must end above its return's upper 95% bound to count as learned; 0: no
   * baseline (the rise alone counts). Absent in results written before it existed.
   */
  randomEpisodes: number;
  /**
   * Extra seeds (after the paired ones) that run only the controls: with the
   * paired seeds' controls they give each speedup's null. Absent in results
   * written before it existed (0).
   */
  nullSeeds?: number;
  /** The engine of every grid (`auto`: fused unless a native tfjs backend runs); absent: `fused`. */
  engine?: EngineChoice;
  /** `file:` URLs of the `--plugin` modules (imported by every job thread and on `--resume`). */
  plugins?: string[];
  /**
   * Where B's population starts in `pathnet` and `fine-tune` (see {@link RLTransferJob.bStart});
   * absent: `random`, the paper's.
   */
  bStart?: BStart;
  /** A label of the setting (e.g. `no-duplication`), or null. */
  setting: string | null;
  out: string;
}

/** The default of `--random-episodes`: 10 when a task is real Atari (ALE episodes are slow), else 100. */
export const defaultRandomEpisodes = (tasks: readonly EnvSpec[]) =>
  tasks.some((t) => t.id.startsWith('ale/')) ? 10 : 100;

/**
 * Checks the settings both apps share before anything runs (given, `--quick`'s or
 * read back with `--resume`), with the bounds their flags are declared with.
 * @throws {FlagError} naming the flag and what it expects.
 * @throws {RLOptionError} for a tournament larger than the other workers, or a task that does not fit the grid ({@link checkGridFits}).
 */
export function validateTransfer(o: TransferOptions): TransferOptions {
  checkSeeds(o);
  checkFlag('--frames', o.frames, BOUNDS.frames);
  checkFlag('--workers', o.a3c.workers ?? 0, BOUNDS.a3cWorkers);
  checkFlag('--evaluation-episodes', o.a3c.evaluationEpisodes ?? 0, BOUNDS.episodes);
  checkFlag('--tournament-size', o.a3c.tournamentSize ?? 0, {
    integer: true,
    min: 1,
    max: (o.a3c.workers ?? 2) - 1,
    maxReason: 'the other workers of --workers',
  });
  checkFlag('--window', o.window, BOUNDS.episodes);
  checkFlag('--points', o.points, { integer: true, min: 2 });
  checkFlag('--random-episodes', o.randomEpisodes, { integer: true, min: 0 });
  checkFlag('--null-seeds', o.nullSeeds ?? 0, { integer: true, min: 0 });
  checkFlag('--learning-rate', o.a3c.learningRate ?? 0, BOUNDS.learningRate);
  checkFlag('--entropy-cost', o.a3c.entropyCoef ?? -1, BOUNDS.entropyCost);
  checkFlag('--duplication-rate', o.a3c.duplicationRate ?? 0, BOUNDS.probability);
  checkFlag('--fraction', o.fraction, BOUNDS.fraction);
  if (!ENGINES.includes(o.engine ?? 'fused')) {
    throw new RLOptionError(`--engine must be auto, fused or tfjs, got "${o.engine}"`);
  }
  if (!B_STARTS.includes(o.bStart ?? 'random')) {
    throw new RLOptionError(`--b-start must be ${B_STARTS.join(' or ')}, got "${o.bStart}"`);
  }
  checkGridFits(o);
  return o;
}

/**
 * The MinAtar observation layouts of the RL transfer apps (`--layout`), each one
 * layout for every game so that a grid trained on one reads another's frames:
 * `padded` (each game's channels, zeros to 10; channel k is a different object in
 * each game) or `semantic` (15 channels, each the same kind of object in every game;
 * `@pathnet/envs`' `MINATAR_SEMANTIC_CHANNELS`).
 */
export const TRANSFER_LAYOUTS = ['padded', 'semantic'] as const;
/** One of {@link TRANSFER_LAYOUTS}. */
export type TransferLayout = (typeof TRANSFER_LAYOUTS)[number];

/**
 * MinAtar games (`minatar/<Game>-v0`, six actions) in one layout: `padded` pads
 * each game's channels with zeros to 10 ({@link EnvSpec.channels}), `semantic` sets
 * the environment's `layout` option.
 * @returns the tasks and their channel count (the grid's input is `[10, 10, channels]`).
 */
export function minatarSpecs(
  games: readonly string[],
  layout: TransferLayout,
): { tasks: EnvSpec[]; channels: number } {
  if (layout === 'semantic') {
    return {
      tasks: games.map((g) => ({ id: `minatar/${g}-v0`, options: { layout: 'semantic' } })),
      channels: MINATAR_SEMANTIC_CHANNELS.length,
    };
  }
  return { tasks: games.map((g) => ({ id: `minatar/${g}-v0`, channels: 10 })), channels: 10 };
}

/** A task's short name: `minatar/SpaceInvaders-v0` → `SpaceInvaders`. */
export const taskName = (id: string) => id.replace(/^.*\//, '').replace(/-v\d+$/, '');

/**
 * The jobs of an experiment, per seed: one job per source (A trained once,
 * then its targets) and one job of both controls for every target; then
 * `nullSeeds` more seeds with the controls' job alone.
 */
export function transferJobs(o: TransferOptions): RLTransferJob[] {
  const spec = (id: string) => o.tasks.find((t) => t.id === id) as EnvSpec;
  const sources = [...new Set(o.pairs.map(([s]) => s))];
  const targets = [...new Set(o.pairs.map(([, t]) => t))];
  const jobs: RLTransferJob[] = [];
  for (let seed = o.seed; seed < o.seed + o.seeds + (o.nullSeeds ?? 0); seed++) {
    const base = {
      seed,
      frames: o.frames,
      grid: o.grid,
      a3c: o.a3c,
      window: o.window,
      points: o.points,
      ...(o.setting !== null && { setting: o.setting }),
      ...(o.engine !== undefined && { engine: o.engine }),
      ...(o.bStart !== undefined && o.bStart !== 'random' && { bStart: o.bStart }),
    };
    for (const s of seed < o.seed + o.seeds ? sources : []) {
      const ts = o.pairs.filter(([x]) => x === s).map(([, t]) => spec(t));
      jobs.push({ ...base, source: spec(s), targets: ts });
    }
    jobs.push({ ...base, source: null, targets: targets.map(spec) });
  }
  return jobs;
}

/**
 * Parses `--pairs`: `all` (every ordered pair of two different tasks), or
 * `A:B` pairs separated by commas, each name a task's short name (as
 * {@link taskName}) or any registered environment id (e.g. a plugin's
 * `plugin/Corridor-v0`, added to `tasks` as it comes). `A:A` is the positive
 * control: the task transferred to itself.
 * @param tasks - the app's tasks; registered ids named in `value` are appended to it.
 * @throws {RLOptionError} naming the flag for an unknown name or a pair listed twice.
 */
export function parsePairs(
  value: string,
  tasks: EnvSpec[],
  flag = '--pairs',
): Array<[string, string]> {
  const byName = new Map(tasks.map((t) => [taskName(t.id).toLowerCase(), t.id]));
  const names = tasks.map((t) => taskName(t.id)).join(', ');
  if (value.trim() === 'all') {
    return tasks.flatMap((a) =>
      tasks.filter((b) => b !== a).map((b) => [a.id, b.id] as [string, string]),
    );
  }
  const registered = new Set(envIds());
  const idOf = (name: string | undefined): string | undefined => {
    if (name === undefined) return undefined;
    const known = byName.get(name.toLowerCase()) ?? tasks.find((t) => t.id === name)?.id;
    if (known !== undefined || !registered.has(name)) return known;
    tasks.push({ id: name });
    return name;
  };
  const pairs = value.split(',').map((p) => {
    const [a, b, ...rest] = p.split(':').map((s) => s.trim());
    const ida = idOf(a);
    const idb = idOf(b);
    if (rest.length > 0 || ida === undefined || idb === undefined) {
      throw new RLOptionError(
        `${flag} expects all or SOURCE:TARGET pairs of ${names} or registered environment ids (a plugin's with --plugin); got "${p}" (--help for usage)`,
      );
    }
    return [ida, idb] as [string, string];
  });
  if (new Set(pairs.map((p) => p.join())).size !== pairs.length) {
    throw new RLOptionError(`${flag} lists a pair twice (--help for usage)`);
  }
  return pairs;
}

/**
 * Checks that every task's observations have the grid's input shape (a fresh run's grid
 * is chosen to fit them, `chooseTransferGrid`; a resumed run's is the one recorded).
 * @throws {RLOptionError} naming `--pairs`, the task and both shapes.
 */
export function checkGridFits(o: TransferOptions): void {
  const grid = o.grid.inputShape.join('×');
  for (const t of o.tasks) {
    let shape: number[];
    try {
      shape = specSpaces(t).shape;
    } catch (e) {
      throw new RLOptionError(`--pairs: ${t.id} cannot be built: ${(e as Error).message}`);
    }
    if (shape.join('×') !== grid) {
      throw new RLOptionError(
        `--pairs: ${t.id} gives observations of shape [${shape.join(', ')}]; the run's grid reads [${o.grid.inputShape.join(', ')}]`,
      );
    }
  }
}
