import { createHash } from 'node:crypto';
import { Registry } from '@pathnet/registry';
import stringify from 'safe-stable-stringify';
import { RL_TRANSFER_JOB_KIND, rlTransferJobKind } from './rl-transfer-job.js';
import { TRANSFER_JOB_KIND, transferJobKind } from './transfer-job.js';

/**
 * One job of an experiment: a registered job kind and its parameters. Plain
 * data (JSON values; `Infinity`, `-Infinity` and `NaN` numbers are kept by
 * {@link encodeJson}): it crosses worker threads and machines, and its id is
 * computed from it ({@link jobId}).
 *
 * @typeParam P - the kind's parameters, e.g. a {@link TransferJob} for `pathnet/transfer`.
 */
export interface Job<P = unknown> {
  /** A registered job kind, e.g. `"pathnet/transfer"`. */
  readonly kind: string;
  readonly params: P;
}

/** What a running job may tell its runner. */
export interface JobContext<E = unknown> {
  /** Reports progress (kind-specific events, e.g. a generation's best fitness); never awaited. */
  progress(event: E): void;
}

/**
 * How to run one kind of job: the door through which apps add work to the
 * experiment runner (`registerJobKind`), like tasks and GA operators. Every
 * process and worker thread that runs jobs must have the kind registered:
 * the built-in `pathnet/transfer` ({@link transferJobKind}) is, others come
 * from plugin modules.
 *
 * @typeParam P - the job's parameters (plain data).
 * @typeParam R - the record it produces (plain data; it goes into `results.json`).
 * @typeParam E - its progress events.
 */
export interface JobKind<P = unknown, R = unknown, E = unknown> {
  /** Runs one job; the record must depend only on `params` for results to be reproducible. */
  run(params: P, context: JobContext<E>): Promise<R>;
  /**
   * A readable key, unique within an experiment (e.g. `"seed 3"`); what
   * `results.json` is resumed by. Must equal {@link JobKind.recordKey} of the job's record.
   */
  key(params: P): string;
  /** The key of the job that produced `record`. */
  recordKey(record: R): string;
  /**
   * Optional: what is wrong with `record` as the record of the job `params` (e.g. a
   * condition the settings run is missing from it), or undefined when it fits. A
   * resumed `results.json` is checked with it before anything runs.
   */
  recordFits?(params: P, record: R): string | undefined;
  /**
   * Optional: how a local executor runs many jobs of this kind when it can
   * do better than one job per thread (the transfer protocol splits each
   * repetition into phases so that one seed's conditions run at once). Must
   * give the same records as {@link JobKind.run}.
   */
  schedule?(
    jobs: readonly P[],
    events: KindScheduleEvents<R, E>,
    options: ScheduleThreads,
  ): Promise<void>;
}

/** Callbacks of a {@link JobKind.schedule}. */
export interface KindScheduleEvents<R, E> {
  /** A job's progress event, with the job's {@link JobKind.key}. */
  progress?: (key: string, event: E) => void;
  /** A phase of a job finished (kinds whose jobs have phases). */
  phaseDone?: (event: { seed: number; setting?: string; phase: string }) => void;
  /** A job's record; awaited. */
  record: (record: R) => Promise<void>;
}

/** The threads a {@link JobKind.schedule} may use. */
export interface ScheduleThreads {
  /** Work items at once, each in its own worker thread; 1 runs them in this thread. */
  workers: number;
  /** Tensor backend each worker thread initialises; default the best available. */
  backend?: string;
  /** Modules each worker thread imports first. */
  plugins?: readonly string[];
}

/**
 * One registry per thread, however many copies of this module are loaded
 * (the ESM and the CJS build, or a bundled copy in a worker script): a
 * plugin registers its kinds where the runner looks them up.
 */
const REGISTRY = Symbol.for('@pathnet/experiments/job-kinds');
const realm = globalThis as { [REGISTRY]?: Registry<JobKind> };
realm[REGISTRY] ??= new Registry<JobKind>('job kind');
const kinds = realm[REGISTRY];
if (!kinds.has(TRANSFER_JOB_KIND)) {
  kinds.register(TRANSFER_JOB_KIND, transferJobKind as unknown as JobKind);
}
if (!kinds.has(RL_TRANSFER_JOB_KIND)) {
  kinds.register(RL_TRANSFER_JOB_KIND, rlTransferJobKind as unknown as JobKind);
}

/**
 * Registers a job kind under `id` (e.g. `"my-app/train"`).
 * @throws {DuplicateRegistrationError} (`@pathnet/registry`) if `id` is taken.
 */
export function registerJobKind<P, R, E>(id: string, kind: JobKind<P, R, E>): void {
  kinds.register(id, kind as unknown as JobKind);
}

/** Removes a job kind; returns whether it was registered. For tests. */
export function unregisterJobKind(id: string): boolean {
  return kinds.unregister(id);
}

/**
 * The job kind registered under `id`.
 * @throws {UnknownIdError} (`@pathnet/registry`) naming close and all registered ids.
 */
export function jobKind(id: string): JobKind {
  return kinds.get(id);
}

/** Every registered job kind id, sorted. */
export function jobKinds(): string[] {
  return kinds.ids();
}

/** Non-finite numbers, which JSON cannot hold, as tagged objects; everything else unchanged. */
function keepNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? { $number: String(value) } : value;
}

function restoreNonFinite(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const tagged = (value as { $number?: unknown }).$number;
    if (Object.keys(value).length === 1 && typeof tagged === 'string') return Number(tagged);
  }
  return value;
}

/**
 * JSON text of `value` with object keys sorted (so equal values give equal
 * text) and non-finite numbers kept as `{"$number":"Infinity"}`; the inverse is {@link decodeJson}.
 * @throws {TypeError} if `value` holds something JSON cannot (a function, a bigint, a cycle).
 */
export function encodeJson(value: unknown): string {
  const text = stringify(value, keepNonFinite);
  if (typeof text !== 'string') {
    throw new TypeError(`encodeJson: ${typeof value} is not a JSON value`);
  }
  return text;
}

/** Parses text written by {@link encodeJson}, restoring non-finite numbers. */
export function decodeJson<T>(text: string): T {
  return JSON.parse(text, restoreNonFinite) as T;
}

/**
 * The job's id: its kind and the SHA-256 of its canonical JSON
 * ({@link encodeJson}), so the same description always gets the same id and
 * a queue never holds one job twice. Letters, digits and `-` only.
 */
export function jobId(job: Job): string {
  const hash = createHash('sha256')
    .update(encodeJson([job.kind, job.params]))
    .digest('hex');
  return `${job.kind.replace(/[^A-Za-z0-9]+/g, '-')}-${hash.slice(0, 32)}`;
}
