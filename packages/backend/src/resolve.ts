import { processState } from '@pathnet/registry';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendCandidate, builtinCandidates } from './candidates.js';
import { type BackendFailure, BackendResolutionError } from './errors.js';

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * Force one backend by name (`"tensorflow"`, `"wasm"`, `"cpu"`, or a
   * registered plugin's name). Overrides `PATHNET_BACKEND`. A forced backend
   * that is unknown or fails throws; it never falls back to another.
   */
  readonly backend?: string;
}

/** What {@link describeBackend} knows of one candidate. */
export interface CandidateStatus {
  /** tfjs backend name. */
  readonly name: string;
  /** npm package providing it. */
  readonly package: string;
  /** Resolution priority (higher first). */
  readonly priority: number;
  /** `true`: loaded and usable; `false`: failed (see `reason`); `undefined`: not tried yet. */
  readonly available: boolean | undefined;
  /** Why it is not available (or not tried). */
  readonly reason?: string;
}

/** Snapshot of the backend resolution: which backend runs and why the others do not. */
export interface BackendDescription {
  /** The active tfjs backend, or `null` before {@link initBackend} resolved. */
  readonly active: string | null;
  /** The candidate package that provided the active backend. */
  readonly activePackage: string | null;
  /** Every candidate, by descending priority. */
  readonly candidates: readonly CandidateStatus[];
}

/** The resolution's state. */
interface ResolutionState {
  readonly candidates: BackendCandidate[];
  readonly loaded: Map<BackendCandidate, Promise<string | undefined>>;
  readonly failures: Map<BackendCandidate, string>;
  active: { name: string; candidate: BackendCandidate } | null;
  pending: { key: string; promise: Promise<string> } | null;
  /** Where a forced backend name came from, for messages. */
  forcedFrom: string;
}

/**
 * One resolution per process (`processState`), like the tfjs engine it
 * drives: the ESM and CJS builds of this package see the same active backend
 * and the same registered candidates.
 */
const state = processState<ResolutionState>('@pathnet/backend:resolution@1', () => ({
  candidates: [...builtinCandidates],
  loaded: new Map(),
  failures: new Map(),
  active: null,
  pending: null,
  forcedFrom: 'option',
}));

/**
 * Adds a backend candidate (a plugin door for other tfjs backends, e.g. webgpu).
 * @throws {TypeError} if a candidate for the same package is already registered.
 */
export function registerBackendCandidate(candidate: BackendCandidate): void {
  if (state.candidates.some((c) => c.package === candidate.package)) {
    throw new TypeError(
      `a backend candidate for package "${candidate.package}" is already registered`,
    );
  }
  state.candidates.push(candidate);
}

/** Every backend name a user may force, sorted. */
export function backendNames(): string[] {
  return [...new Set(state.candidates.map((c) => c.name))].sort();
}

function byPriority(): BackendCandidate[] {
  return [...state.candidates].sort((a, b) => b.priority - a.priority);
}

function describeError(candidate: BackendCandidate, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | undefined)?.code;
  const missing =
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /Cannot find (module|package)/.test(message);
  if (missing && message.includes(candidate.package)) return 'not installed';
  return `installed but failed to load: ${message.split('\n')[0]}`;
}

/** Loads a candidate's package once; resolves to a failure reason or `undefined`. */
function load(candidate: BackendCandidate): Promise<string | undefined> {
  let promise = state.loaded.get(candidate);
  if (promise === undefined) {
    promise = candidate.load().then(
      () => undefined,
      (error: unknown) => {
        const reason = describeError(candidate, error);
        state.failures.set(candidate, reason);
        return reason;
      },
    );
    state.loaded.set(candidate, promise);
  }
  return promise;
}

async function activate(candidate: BackendCandidate): Promise<string | undefined> {
  const loadFailure = await load(candidate);
  if (loadFailure !== undefined) return loadFailure;
  try {
    // Production mode: no debug checks, no console banners from backends.
    tf.enableProdMode();
    if (await tf.setBackend(candidate.name)) {
      await tf.ready();
      state.active = { name: candidate.name, candidate };
      return undefined;
    }
    const reason = 'loaded, but tfjs could not initialise it';
    state.failures.set(candidate, reason);
    return reason;
  } catch (error) {
    const reason = `loaded, but initialisation failed: ${error instanceof Error ? error.message : String(error)}`;
    state.failures.set(candidate, reason);
    return reason;
  }
}

function failureOf(candidate: BackendCandidate, reason: string): BackendFailure {
  return { name: candidate.name, package: candidate.package, reason, install: candidate.install };
}

async function resolve(forced: string | undefined): Promise<string> {
  if (forced !== undefined) {
    const matching = byPriority().filter((c) => c.name === forced);
    if (matching.length === 0) {
      throw new BackendResolutionError(
        `unknown backend "${forced}" (from ${forcedSource()}); valid names: ${backendNames().join(', ')}`,
        [],
      );
    }
    if (state.active?.name === forced && tf.getBackend() === forced) return forced;
    const tried: BackendFailure[] = [];
    for (const candidate of matching) {
      const reason = await activate(candidate);
      if (reason === undefined) return candidate.name;
      tried.push(failureOf(candidate, reason));
    }
    throw new BackendResolutionError(
      `backend "${forced}" was forced (${forcedSource()}) but cannot be used; not falling back`,
      tried,
    );
  }
  if (state.active !== null) return state.active.name;
  const tried: BackendFailure[] = [];
  const ordered = byPriority().filter((c) => c.priority >= 0);
  for (const [i, candidate] of ordered.entries()) {
    const reason = await activate(candidate);
    if (reason === undefined) {
      // Probe the lower-priority candidates too, so describeBackend() is complete.
      await Promise.all(ordered.slice(i + 1).map(load));
      warnAboutBrokenCandidates(candidate, tried);
      return candidate.name;
    }
    tried.push(failureOf(candidate, reason));
  }
  throw new BackendResolutionError('no tfjs backend could be initialised', tried);
}

/**
 * A package that is installed but fails (a native library missing, or a bundle that lost
 * the wasm backend's `.wasm` files) is not a normal outcome like an absent one: say so on
 * stderr, once per resolution, instead of running slower without a word.
 */
function warnAboutBrokenCandidates(chosen: BackendCandidate, tried: BackendFailure[]): void {
  for (const failure of tried) {
    if (failure.reason === 'not installed') continue;
    console.warn(
      `@pathnet/backend: using ${chosen.name}, because ${failure.package} is ${failure.reason}`,
    );
  }
}

function forcedSource(): string {
  return state.forcedFrom;
}

/**
 * Resolves the tfjs backend once, by priority: `@tensorflow/tfjs-node-gpu`
 * (CUDA) > `@tensorflow/tfjs-node` > `@tensorflow/tfjs-backend-wasm` >
 * `@tensorflow/tfjs-backend-cpu`. A package that is not installed, or that is
 * installed but fails to load (e.g. its native library is missing), is a normal
 * outcome: resolution falls through and {@link describeBackend} reports why.
 *
 * `options.backend` or the environment variable `PATHNET_BACKEND` forces one
 * backend by name; calling again with another forced name switches backend
 * (useful in tests). Concurrent callers share one resolution.
 *
 * @returns the active backend's name, e.g. `"wasm"`.
 * @throws {BackendResolutionError} if the forced backend is unknown (the
 *   message lists the valid names) or cannot be used (the message gives the
 *   reason and the install command), or if no backend at all can be used.
 */
export function initBackend(options: InitBackendOptions = {}): Promise<string> {
  const fromEnv = globalThis.process?.env?.PATHNET_BACKEND?.trim().toLowerCase() || undefined;
  const forced = options.backend?.trim().toLowerCase() || fromEnv;
  state.forcedFrom = options.backend ? 'option "backend"' : 'environment variable PATHNET_BACKEND';
  const key = forced ?? '';
  if (state.pending !== null && state.pending.key === key) return state.pending.promise;
  const promise = resolve(forced).finally(() => {
    if (state.pending?.promise === promise) state.pending = null;
  });
  state.pending = { key, promise };
  return promise;
}

/**
 * Which backend is active and, for every candidate, whether it is available
 * and why not — so a user sees why the GPU was not used.
 */
export function describeBackend(): BackendDescription {
  return {
    active: state.active?.name ?? null,
    activePackage: state.active?.candidate.package ?? null,
    candidates: byPriority().map((c) => {
      const reason = state.failures.get(c);
      const tried = state.loaded.has(c);
      const status: CandidateStatus = {
        name: c.name,
        package: c.package,
        priority: c.priority,
        available: reason !== undefined ? false : tried ? true : undefined,
      };
      if (reason !== undefined) return { ...status, reason };
      if (!tried) return { ...status, reason: 'not tried' };
      return status;
    }),
  };
}

/**
 * A human-readable table of {@link describeBackend}, one line per candidate.
 * @example
 * active backend: wasm (@tensorflow/tfjs-backend-wasm)
 *   tensorflow  @tensorflow/tfjs-node-gpu      no   not installed
 */
export function formatBackendDescription(
  description: BackendDescription = describeBackend(),
): string {
  const lines = [
    `active backend: ${description.active ?? '(none)'}${description.activePackage ? ` (${description.activePackage})` : ''}`,
  ];
  for (const c of description.candidates) {
    const mark = c.available === true ? 'yes' : c.available === false ? 'no ' : '?  ';
    const isActive = c.package === description.activePackage ? '  <- active' : '';
    lines.push(
      `  ${c.name.padEnd(11)} ${c.package.padEnd(30)} ${mark}  ${c.reason ?? 'available'}${isActive}`,
    );
  }
  return lines.join('\n');
}
