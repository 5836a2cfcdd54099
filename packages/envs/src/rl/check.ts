import type { Env, StepResult } from './env.js';
import {
  EnvCheckError,
  EnvClosedError,
  formatValue,
  InvalidActionError,
  ResetNeededError,
} from './errors.js';
import { makeEnv } from './registry.js';
import { EnvRng } from './rng.js';
import { contains, describeSpace, type Space, sample } from './spaces.js';

/** Options of {@link checkEnv}. */
export interface CheckEnvOptions {
  /** Seed of the two replayed episodes and of the random actions. Default 0. */
  seed?: number;
  /** Steps of the replayed trajectory. Default 200. */
  steps?: number;
  /** Most steps spent looking for an episode end (to test step-after-end). Default 20000. */
  maxStepsToEnd?: number;
}

/** What {@link checkEnv} verified, and what it could not. */
export interface CheckEnvReport {
  readonly id: string;
  readonly passed: readonly string[];
  /** Checks that could not run, with the reason (e.g. no episode ended within the budget). */
  readonly skipped: readonly string[];
}

function fail(id: string, check: string, problem: string): never {
  throw new EnvCheckError(id, check, problem);
}

function expectThrows(
  id: string,
  check: string,
  f: () => unknown,
  type: new (...a: never[]) => Error,
): void {
  try {
    f();
  } catch (e) {
    if (e instanceof type) return;
    fail(
      id,
      check,
      `threw ${(e as Error)?.name ?? formatValue(e)} (${(e as Error)?.message}), expected ${type.name}`,
    );
  }
  fail(id, check, `did not throw; expected ${type.name}`);
}

function checkSpace(id: string, name: string, s: Space | undefined): void {
  if (!s || (s.kind !== 'box' && s.kind !== 'discrete'))
    fail(id, 'spaces', `${name} is missing or not a Box/Discrete`);
  if (s.kind === 'discrete' && !(Number.isInteger(s.n) && s.n > 0))
    fail(id, 'spaces', `${name} has n=${s.n}`);
  if (s.kind === 'box') {
    if (s.shape.length === 0 || s.shape.some((d) => !Number.isInteger(d) || d <= 0)) {
      fail(id, 'spaces', `${name} has shape [${s.shape.join(', ')}]`);
    }
    if (!(s.low <= s.high)) fail(id, 'spaces', `${name} has low ${s.low} > high ${s.high}`);
  }
}

function checkStep(id: string, env: Env, r: StepResult<unknown>, where: string): void {
  if (typeof r !== 'object' || r === null)
    fail(id, 'step shape', `${where} returned ${formatValue(r)}`);
  if (!contains(env.observationSpace, r.observation)) {
    fail(
      id,
      'step shape',
      `${where}: observation ${formatValue(r.observation)} is not in ${describeSpace(env.observationSpace)}`,
    );
  }
  if (typeof r.reward !== 'number' || !Number.isFinite(r.reward))
    fail(id, 'step shape', `${where}: reward ${formatValue(r.reward)}`);
  if (typeof r.terminated !== 'boolean' || typeof r.truncated !== 'boolean') {
    fail(id, 'step shape', `${where}: terminated/truncated must be booleans`);
  }
  if (typeof r.info !== 'object' || r.info === null)
    fail(id, 'step shape', `${where}: info must be an object`);
}

interface Frame {
  obs: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
}

function rollout(env: Env, seed: number, actions: readonly number[]): Frame[] {
  const first = env.reset({ seed });
  const out: Frame[] = [
    {
      obs: Array.from(first.observation as ArrayLike<number>),
      reward: 0,
      terminated: false,
      truncated: false,
    },
  ];
  for (const a of actions) {
    const r = env.step(a);
    out.push({
      obs: Array.from(r.observation as ArrayLike<number>),
      reward: r.reward,
      terminated: r.terminated,
      truncated: r.truncated,
    });
    if (r.terminated || r.truncated) break;
  }
  return out;
}

/**
 * Checks that an environment keeps the {@link Env} contract; run it on every
 * new environment (Gymnasium `check_env`). Verifies, in order: both spaces
 * present and well-formed; `step` before `reset` throws {@link ResetNeededError};
 * `reset` returns `{observation, info}` with the observation in its space;
 * `step` returns observation in space, finite reward, boolean flags, info;
 * actions outside the space throw {@link InvalidActionError}; two episodes
 * with the same seed and actions are identical (determinism under seed);
 * after an episode ends, `step` throws {@link ResetNeededError}; after
 * `close()`, calls throw {@link EnvClosedError}.
 *
 * @param make - a registered id, or a function building a fresh environment.
 * @returns which checks passed and which were skipped (with the reason).
 * @throws {EnvCheckError} naming the first check that fails.
 */
export function checkEnv(
  make: string | (() => Env),
  options: CheckEnvOptions = {},
): CheckEnvReport {
  const build = typeof make === 'string' ? () => makeEnv(make) : make;
  const seed = options.seed ?? 0;
  const steps = options.steps ?? 200;
  const budget = options.maxStepsToEnd ?? 20_000;
  const passed: string[] = [];
  const skipped: string[] = [];
  const env = build();
  const id = env.id;
  try {
    checkSpace(id, 'observationSpace', env.observationSpace);
    checkSpace(id, 'actionSpace', env.actionSpace);
    passed.push('spaces');
    const rng = new EnvRng(seed);
    const anyAction = sample(env.actionSpace, rng) as number;
    expectThrows(id, 'step before reset', () => env.step(anyAction), ResetNeededError);
    passed.push('step before reset');

    const first = env.reset({ seed });
    if (
      typeof first !== 'object' ||
      first === null ||
      !('observation' in first) ||
      typeof first.info !== 'object'
    ) {
      fail(id, 'reset shape', `reset returned ${formatValue(first)}; expected {observation, info}`);
    }
    if (!contains(env.observationSpace, first.observation)) {
      fail(
        id,
        'reset shape',
        `observation ${formatValue(first.observation)} is not in ${describeSpace(env.observationSpace)}`,
      );
    }
    passed.push('reset shape');

    const bad: unknown[] =
      env.actionSpace.kind === 'discrete' ? [env.actionSpace.n, -1, 0.5, Number.NaN, '0'] : [];
    for (const a of bad)
      expectThrows(id, 'invalid action', () => env.step(a as number), InvalidActionError);
    passed.push('invalid action');

    const actions = Array.from({ length: steps }, () => sample(env.actionSpace, rng) as number);
    env.reset({ seed });
    for (let t = 0; t < steps; t++) {
      const r = env.step(actions[t] as number);
      checkStep(id, env, r, `step ${t}`);
      if (r.terminated || r.truncated) break;
    }
    passed.push('step shape');

    const a = rollout(env, seed + 1, actions);
    const b = rollout(env, seed + 1, actions);
    if (a.length !== b.length)
      fail(
        id,
        'determinism',
        `same seed gave episodes of ${a.length - 1} and ${b.length - 1} steps`,
      );
    for (let t = 0; t < a.length; t++) {
      const x = a[t] as Frame;
      const y = b[t] as Frame;
      if (
        x.reward !== y.reward ||
        x.terminated !== y.terminated ||
        x.truncated !== y.truncated ||
        x.obs.some((v, i) => v !== y.obs[i])
      ) {
        fail(id, 'determinism', `same seed and actions differ at step ${t}`);
      }
    }
    passed.push('determinism');

    env.reset({ seed });
    let ended = false;
    for (let t = 0; t < budget && !ended; t++) {
      const r = env.step(sample(env.actionSpace, rng) as number);
      ended = r.terminated || r.truncated;
    }
    if (ended) {
      expectThrows(id, 'step after end', () => env.step(anyAction), ResetNeededError);
      passed.push('step after end');
    } else {
      skipped.push(`step after end: no episode ended within ${budget} random steps`);
    }
  } finally {
    env.close();
  }
  env.close();
  expectThrows(id, 'closed', () => env.reset(), EnvClosedError);
  passed.push('closed');
  return { id, passed, skipped };
}
