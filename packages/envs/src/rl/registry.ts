import { processRegistry, type Registry } from '@pathnet/registry';
import { ALE_DEFAULTS, AleEnv, type AleOptions } from './ale.js';
import { ALE_GAMES, aleGameName } from './ale-games.js';
import { CartPole } from './classic/cartpole.js';
import type { Env } from './env.js';
import { InvalidEnvIdError, InvalidEnvOptionError } from './errors.js';
import {
  CHASM_DEFAULTS,
  LT_CHASM,
  MAZE_DEFAULTS,
  MazeEnv,
  type MazeOptions,
  type MazeTask,
  SEEKAVOID_ARENA,
  SEEKAVOID_DEFAULTS,
  STAIRWAY_DEFAULTS,
  STAIRWAY_TO_MELON,
} from './lab/index.js';
import {
  Asterix,
  Breakout,
  Freeway,
  MINATAR_DEFAULTS,
  MinAtarEnv,
  type MinAtarGame,
  type MinAtarOptions,
  Seaquest,
  SpaceInvaders,
} from './minatar/index.js';
import { ClipReward } from './wrappers/clip-reward.js';
import { EpisodeStatistics } from './wrappers/episode-statistics.js';
import { FrameSkip } from './wrappers/frame-skip.js';
import { FrameStack } from './wrappers/frame-stack.js';
import { GrayscaleResize } from './wrappers/grayscale-resize.js';
import { NoopReset } from './wrappers/noop-reset.js';
import { StickyActions } from './wrappers/sticky-actions.js';
import { TimeLimit } from './wrappers/time-limit.js';

/**
 * Which wrappers {@link makeEnv} applies; absent or `null`/`false`/0 means
 * "not applied". See {@link makeEnv} for the order.
 */
export interface WrapperConfig {
  /** {@link StickyActions} with this probability (for envs without their own). */
  stickyActions?: number | null;
  /** {@link NoopReset} with up to this many no-ops (DQN: 30). */
  noopMax?: number | null;
  /** {@link FrameSkip} with this many frames per step (DQN: 4). */
  frameSkip?: number | null;
  /** Max-pool the last two skipped frames (default true when `frameSkip` is set). */
  maxPool?: boolean;
  /** {@link GrayscaleResize} to `size × size` (DQN: 84). */
  grayscaleResize?: number | null;
  /**
   * {@link ClipReward}: rewards to −1/0/+1, raw score so far in `info.rawReturn`;
   * the episode's game score in `info.episodeSummary.rawReturn` on its last step.
   */
  clipRewards?: boolean;
  /** {@link FrameStack} of this many observations (DQN: 4). */
  frameStack?: number | null;
}

/**
 * The DQN / A3C Atari preprocessing (Mnih et al. 2015, 2016) for an ALE env
 * created with `frameskip: 1`: 30 no-op starts, 4-frame skip with max-pool,
 * 84×84 grayscale, clipped rewards, 4 stacked frames → `uint8 [4, 84, 84]`.
 */
export const ATARI_PREPROCESSING: Readonly<WrapperConfig> = Object.freeze({
  noopMax: 30,
  frameSkip: 4,
  maxPool: true,
  grayscaleResize: 84,
  clipRewards: true,
  frameStack: 4,
});

/**
 * A registered environment (Gymnasium `EnvSpec`): how to build it, its
 * default options, its episode limit and its default wrappers.
 *
 * @typeParam O - the environment's options object.
 */
export interface EnvSpec<O extends object = object> {
  /** `namespace/Name-vN`; bump N when behaviour changes. */
  readonly id: string;
  /** Builds the raw environment from fully merged options. */
  create(options: O, id: string): Env;
  /** Every option with its default value; overrides must use these keys. */
  readonly defaults: O;
  /** Steps after which {@link TimeLimit} truncates; `null` for none. */
  readonly maxEpisodeSteps: number | null;
  /** Wrappers applied unless overridden. */
  readonly wrappers: Readonly<WrapperConfig>;
  /** One line on what it is and where it comes from. */
  readonly description: string;
}

/** What {@link registerEnv} takes: an {@link EnvSpec} without its id; limits and wrappers optional. */
export type EnvSpecInput<O extends object> = Omit<
  EnvSpec<O>,
  'id' | 'maxEpisodeSteps' | 'wrappers' | 'description'
> &
  Partial<Pick<EnvSpec<O>, 'maxEpisodeSteps' | 'wrappers' | 'description'>>;

/** Overrides accepted by {@link makeEnv}. */
export interface MakeEnvOptions {
  /** Environment options, merged over the spec's defaults (unknown keys throw). */
  options?: Record<string, unknown>;
  /** Wrapper settings, merged over the spec's (e.g. `ATARI_PREPROCESSING`). */
  wrappers?: WrapperConfig;
  /** Replaces the spec's episode limit; `null` removes it. */
  maxEpisodeSteps?: number | null;
}

interface Entry {
  spec: EnvSpec;
  build(options: Record<string, unknown>): Env;
}

const ID_PATTERN = /^(?:[A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.:-]+-v\d+$/;
/**
 * The environment registry, one per process (shared by this package's ESM and
 * CJS builds); the built-ins are registered when it is first made.
 */
const envs = (): Registry<Entry> =>
  processRegistry<Entry>('@pathnet/envs:environments@1', 'environment', registerBuiltinEnvs);

/**
 * Registers a maze task as a {@link MazeEnv}: its options are the maze's
 * defaults ({@link MAZE_DEFAULTS}) with the task's own (`taskDefaults`) over them.
 */
function registerMaze<O extends MazeOptions>(
  id: string,
  task: MazeTask<O>,
  taskDefaults: Omit<O, keyof MazeOptions>,
  maxEpisodeSteps: number,
  description: string,
): void {
  registerEnv<O>(id, {
    create: (o, envId) => new MazeEnv(envId, task, o),
    defaults: { ...MAZE_DEFAULTS, ...taskDefaults } as O,
    maxEpisodeSteps,
    description,
  });
}

function registerBuiltinEnvs(): void {
  const games: [string, string, (o: MinAtarOptions) => MinAtarGame][] = [
    ['Breakout', 'breakout', () => new Breakout()],
    ['Asterix', 'asterix', (o) => new Asterix(o.difficultyRamping)],
    ['Freeway', 'freeway', () => new Freeway()],
    ['Seaquest', 'seaquest', (o) => new Seaquest(o.difficultyRamping)],
    ['SpaceInvaders', 'space_invaders', (o) => new SpaceInvaders(o.difficultyRamping)],
  ];
  for (const [name, rom, game] of games) {
    for (const [version, full] of [
      ['v0', true],
      ['v1', false],
    ] as const) {
      registerEnv<MinAtarOptions>(`minatar/${name}-${version}`, {
        create: (o, id) => new MinAtarEnv(id, game(o), o),
        defaults: { ...MINATAR_DEFAULTS, fullActionSpace: full },
        maxEpisodeSteps: null,
        description: `MinAtar ${name} (Young & Tian 2019), 10×10 grid, ${full ? 'all 6 actions' : 'minimal action set'}, sticky actions p=0.1; its ALE original is ale/${aleGameName(rom)}-v5`,
      });
    }
  }
  registerEnv<Record<string, never>>('CartPole-v1', {
    create: (_o, id) => new CartPole(id),
    defaults: {},
    maxEpisodeSteps: 500,
    description:
      "CartPole (Barto, Sutton & Anderson 1983) with Gymnasium's CartPole-v1 dynamics, float32 [4], Discrete(2), truncated at 500 steps",
  });
  registerMaze(
    'lab/SeekavoidArena01-v0',
    SEEKAVOID_ARENA,
    SEEKAVOID_DEFAULTS,
    300,
    'first-person open arena: apples +1, lemons -1, ends when the apples are eaten (after DeepMind Lab seekavoid_arena_01)',
  );
  registerMaze(
    'lab/LtChasm-v0',
    LT_CHASM,
    CHASM_DEFAULTS,
    600,
    'first-person maze with apples +1 and pits that end the episode (after DeepMind Lab lt_chasm)',
  );
  registerMaze(
    'lab/StairwayToMelon-v0',
    STAIRWAY_TO_MELON,
    STAIRWAY_DEFAULTS,
    500,
    'first-person maze: a melon +10 up a stairway at the end of the longest route, an apple +1 as a distractor (after DeepMind Lab stairway_to_melon)',
  );
  for (const rom of ALE_GAMES) {
    registerEnv<AleOptions>(`ale/${aleGameName(rom)}-v5`, {
      create: (o, id) => new AleEnv(id, o),
      defaults: { ...ALE_DEFAULTS, game: rom, frameskip: 4 },
      maxEpisodeSteps: null,
      description: `Atari 2600 ${rom} through ale-py (ALE v5 settings: frameskip 4, sticky actions 0.25, 108000-frame limit)`,
    });
  }
}

/**
 * Registers an environment under a versioned id.
 * @throws {InvalidEnvIdError} unless `id` looks like `namespace/Name-vN`.
 * @throws {DuplicateRegistrationError} (from `@pathnet/registry`) if `id` is taken.
 */
export function registerEnv<O extends object>(id: string, spec: EnvSpecInput<O>): void {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) throw new InvalidEnvIdError(id);
  const full: EnvSpec<O> = Object.freeze({
    id,
    create: spec.create,
    defaults: Object.freeze({ ...spec.defaults }),
    maxEpisodeSteps: spec.maxEpisodeSteps ?? null,
    wrappers: Object.freeze({ ...(spec.wrappers ?? {}) }),
    description: spec.description ?? '',
  });
  const known = Object.keys(full.defaults);
  envs().register(id, {
    spec: full,
    build(overrides) {
      for (const key of Object.keys(overrides)) {
        if (!known.includes(key)) {
          throw new InvalidEnvOptionError(
            id,
            key,
            overrides[key],
            `one of the options ${known.join(', ')}`,
          );
        }
      }
      return full.create({ ...full.defaults, ...overrides }, id);
    },
  });
}

/** Removes an environment; returns whether it was registered. */
export function unregisterEnv(id: string): boolean {
  return envs().unregister(id);
}

/** Every registered id, sorted. */
export function envIds(): string[] {
  return envs().ids();
}

/**
 * The spec registered under `id`.
 * @throws {UnknownIdError} (from `@pathnet/registry`) with close ids as suggestions.
 */
export function envSpec(id: string): EnvSpec {
  return envs().get(id).spec;
}

/**
 * Builds a registered environment and wraps it, innermost first:
 * 1. `spec.create({...defaults, ...options})`;
 * 2. {@link StickyActions} (`stickyActions`);
 * 3. {@link NoopReset} (`noopMax`);
 * 4. {@link FrameSkip} (`frameSkip`, `maxPool`);
 * 5. {@link GrayscaleResize} (`grayscaleResize`);
 * 6. {@link ClipReward} (`clipRewards`);
 * 7. {@link TimeLimit} (`maxEpisodeSteps`, counted in agent steps);
 * 8. {@link FrameStack} (`frameStack`);
 * 9. {@link EpisodeStatistics}, always: `info.episodeSummary` on each episode's last
 *    step, with `rawReturn` the unclipped game score.
 *
 * @throws {UnknownIdError} for an unregistered id, naming the closest ids.
 * @throws {InvalidEnvOptionError} for an option key the spec does not have, or a bad wrapper value.
 * @throws {AleUnavailableError} for `ale/*` ids when Python or ale-py is missing.
 */
export function makeEnv(id: string, overrides: MakeEnvOptions = {}): Env {
  const entry = envs().get(id);
  const w: WrapperConfig = { ...entry.spec.wrappers, ...(overrides.wrappers ?? {}) };
  const limit =
    overrides.maxEpisodeSteps !== undefined
      ? overrides.maxEpisodeSteps
      : entry.spec.maxEpisodeSteps;
  let env = entry.build(overrides.options ?? {});
  try {
    if (w.stickyActions) env = new StickyActions(env, w.stickyActions);
    if (w.noopMax) env = new NoopReset(env, w.noopMax);
    if (w.frameSkip) env = new FrameSkip(env, w.frameSkip, w.maxPool ?? true);
    if (w.grayscaleResize) env = new GrayscaleResize(env, w.grayscaleResize);
    if (w.clipRewards) env = new ClipReward(env);
    if (limit !== null) env = new TimeLimit(env, limit);
    if (w.frameStack) env = new FrameStack(env, w.frameStack);
    env = new EpisodeStatistics(env);
  } catch (e) {
    env.close();
    throw e;
  }
  return env;
}
