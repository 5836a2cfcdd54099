import { DuplicateRegistrationError, UnknownIdError } from '@pathnet/registry';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BaseEnv,
  box,
  ClipReward,
  checkEnv,
  discrete,
  EnvCheckError,
  type EnvRng,
  EpisodeStatistics,
  envIds,
  envSpec,
  FrameSkip,
  FrameStack,
  InvalidEnvIdError,
  InvalidEnvOptionError,
  makeEnv,
  NoopReset,
  type ResetResult,
  registerEnv,
  type StepResult,
  StickyActions,
  TimeLimit,
  unregisterEnv,
  unwrapEnv,
} from '../rl/index.js';
import { ToyEnv } from './rl-toy.js';

afterEach(() => {
  for (const id of envIds()) if (id.startsWith('test/')) unregisterEnv(id);
});

describe('environment registry', () => {
  it('lists the MinAtar games, the ALE games and CartPole under versioned ids', () => {
    const ids = envIds();
    expect(ids).toContain('minatar/Breakout-v1');
    expect(ids).toContain('CartPole-v1'); // Gymnasium's id, without a namespace
    expect(ids).toContain('ale/Pong-v5');
    expect(ids).toContain('ale/SpaceInvaders-v5');
    expect(ids).toContain('ale/MontezumaRevenge-v5');
    expect(ids.every((id) => /^(?:[a-z]+\/)?[A-Za-z0-9]+-v\d+$/.test(id))).toBe(true);
  });

  it('suggests close ids for an unknown one', () => {
    expect(() => makeEnv('minatar/Breakout-v2')).toThrow(UnknownIdError);
    expect(() => makeEnv('minatar/Breakout-v2')).toThrow(/Did you mean "minatar\/Breakout-v[01]"/);
    expect(() => makeEnv('ale/Pnog-v5')).toThrow(/ale\/Pong-v5/);
  });

  it('refuses malformed and duplicate ids', () => {
    const spec = { create: () => new ToyEnv(), defaults: {} };
    expect(() => registerEnv('Toy', spec)).toThrow(InvalidEnvIdError);
    registerEnv('test/Toy-v0', spec);
    expect(() => registerEnv('test/Toy-v0', spec)).toThrow(DuplicateRegistrationError);
  });

  it('merges options over defaults and refuses unknown option keys', () => {
    registerEnv<{ length: number }>('test/Toy-v0', {
      create: (o) => new ToyEnv(o.length),
      defaults: { length: 7 },
    });
    const env = makeEnv('test/Toy-v0', { options: { length: 2 } });
    env.reset();
    env.step(0);
    expect(env.step(0).terminated).toBe(true);
    expect(() => makeEnv('test/Toy-v0', { options: { lenght: 2 } })).toThrow(InvalidEnvOptionError);
    expect(() => makeEnv('test/Toy-v0', { options: { lenght: 2 } })).toThrow(/lenght.*length/);
  });

  it('applies the spec episode limit as a time limit, overridable and removable', () => {
    registerEnv('test/Toy-v0', { create: () => new ToyEnv(100), defaults: {}, maxEpisodeSteps: 3 });
    expect(envSpec('test/Toy-v0').maxEpisodeSteps).toBe(3);
    const limited = makeEnv('test/Toy-v0');
    limited.reset();
    limited.step(0);
    limited.step(0);
    expect(limited.step(0)).toMatchObject({ truncated: true, terminated: false });
    const longer = makeEnv('test/Toy-v0', { maxEpisodeSteps: 5 });
    longer.reset();
    for (let i = 0; i < 4; i++) expect(longer.step(0).truncated).toBe(false);
    expect(longer.step(0).truncated).toBe(true);
    expect(unwrapEnv(makeEnv('test/Toy-v0', { maxEpisodeSteps: null }))).toBeInstanceOf(ToyEnv);
    const unlimited = makeEnv('test/Toy-v0', { maxEpisodeSteps: null });
    expect(unlimited).toBeInstanceOf(EpisodeStatistics);
    expect((unlimited as EpisodeStatistics).env).toBeInstanceOf(ToyEnv);
  });

  it('wraps in the documented order: sticky, no-op, skip, resize, clip, limit, stack, statistics', () => {
    registerEnv('test/Toy-v0', {
      create: () => new ToyEnv(100),
      defaults: {},
      maxEpisodeSteps: 50,
    });
    const env = makeEnv('test/Toy-v0', {
      wrappers: { stickyActions: 0.1, noopMax: 3, frameSkip: 2, clipRewards: true, frameStack: 4 },
    });
    const chain: string[] = [];
    let e: unknown = env;
    while (e && typeof e === 'object' && 'env' in e) {
      chain.push((e as object).constructor.name);
      e = (e as { env: unknown }).env;
    }
    chain.push((e as object).constructor.name);
    expect(chain).toEqual([
      EpisodeStatistics.name,
      FrameStack.name,
      TimeLimit.name,
      ClipReward.name,
      FrameSkip.name,
      NoopReset.name,
      StickyActions.name,
      ToyEnv.name,
    ]);
  });
});

/** An environment that breaks the contract in one chosen way. */
class BrokenEnv extends BaseEnv<Uint8Array> {
  readonly id = 'test/Broken-v0';
  readonly observationSpace = box([2], 0, 1, 'uint8');
  readonly actionSpace = discrete(2);
  #t = 0;
  #noise = 0;
  constructor(readonly fault: 'out-of-space' | 'nondeterministic' | 'nan-reward') {
    super();
  }
  protected onReset(rng: EnvRng): ResetResult<Uint8Array> {
    this.#t = 0;
    this.#noise++; // counts resets, whatever the seed: breaks determinism under seed
    rng.float();
    return { observation: new Uint8Array(2), info: {} };
  }
  protected onStep(): StepResult<Uint8Array> {
    this.#t++;
    const obs = new Uint8Array(2);
    if (this.fault === 'out-of-space') obs[0] = 7;
    if (this.fault === 'nondeterministic') obs[1] = this.#noise % 2;
    return {
      observation: obs,
      reward: this.fault === 'nan-reward' ? Number.NaN : 0,
      terminated: this.#t >= 10,
      truncated: false,
      info: {},
    };
  }
}

describe('checkEnv', () => {
  it('passes a well-behaved environment', () => {
    expect(checkEnv(() => new ToyEnv()).passed).toEqual([
      'spaces',
      'step before reset',
      'reset shape',
      'invalid action',
      'step shape',
      'determinism',
      'step after end',
      'closed',
    ]);
  });

  it.each([
    ['out-of-space', 'step shape'],
    ['nan-reward', 'step shape'],
    ['nondeterministic', 'determinism'],
  ] as const)('fails an environment with %s, naming the check "%s"', (fault, check) => {
    expect(() => checkEnv(() => new BrokenEnv(fault))).toThrow(EnvCheckError);
    expect(() => checkEnv(() => new BrokenEnv(fault))).toThrow(`"${check}"`);
  });

  it('reports an episode end it could not reach as skipped, not passed', () => {
    const report = checkEnv(() => new ToyEnv(1_000_000), { maxStepsToEnd: 100 });
    expect(report.passed).not.toContain('step after end');
    expect(report.skipped[0]).toMatch(/no episode ended within 100/);
  });
});
