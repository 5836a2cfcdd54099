/**
 * Errors of the job queue (BullMQ on Redis): a malformed `--queue` URL, a Redis
 * server that does not answer, and a `pathnet-worker` that lacks a job kind.
 * All three are mistakes of the command line, which apps report with exit 2.
 */
import { fileURLToPath } from 'node:url';

/**
 * Thrown for a `--queue` address that is not a `redis://` or `rediss://` URL, and
 * (as its subclass {@link QueueUnreachableError}) for one where no Redis server answers.
 */
export class QueueUrlError extends Error {
  override readonly name: string = 'QueueUrlError';
}

/**
 * Checks a `--queue` address without connecting: a `redis://` or `rediss://` URL
 * (`redis://[user:password@]host:port[/db]`) that names a host.
 * @throws {QueueUrlError} naming the URL and what was expected.
 */
export function checkQueueUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueUrlError(`--queue expects a URL like redis://127.0.0.1:6379, got "${url}"`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new QueueUrlError(
      `--queue expects a redis:// or rediss:// URL, got "${url}" (protocol ${parsed.protocol})`,
    );
  }
  if (parsed.hostname === '') {
    throw new QueueUrlError(`--queue ${url}: the URL names no host`);
  }
}

/**
 * The shell command that starts a Redis server for `url`: `redis-server --port N`
 * (N the URL's port, 6379 if it names none), with `--bind HOST` for a host other
 * than the loopback one (run on that host).
 */
export function redisStartCommand(url: string): string {
  let host = '';
  let port = '6379';
  try {
    const parsed = new URL(url);
    host = parsed.hostname.replace(/^\[|\]$/g, '');
    if (parsed.port !== '') port = parsed.port;
  } catch {
    // A malformed URL: the plain command.
  }
  const loopback = host === '' || host === 'localhost' || host === '::1' || host.startsWith('127.');
  return loopback ? `redis-server --port ${port}` : `redis-server --port ${port} --bind ${host}`;
}

/**
 * Thrown when no Redis server answers at a `--queue` URL within the connection
 * timeout (`connectTimeoutSeconds` of `queueExecutor` and `serveQueue`, 10 s by default).
 * A subclass of {@link QueueUrlError}, so that code that reports a bad `--queue` with
 * exit 2 reports this one the same way. The message names the URL, the wait, the
 * last connection error, and the command that starts Redis ({@link redisStartCommand}).
 */
export class QueueUnreachableError extends QueueUrlError {
  override readonly name: string = 'QueueUnreachableError';

  /**
   * @param url - the `--queue` URL.
   * @param seconds - how long the connection was tried, seconds.
   * @param lastError - the client's last connection error (e.g. `connect ECONNREFUSED 127.0.0.1:1`), or `''`.
   */
  constructor(
    readonly url: string,
    readonly seconds: number,
    readonly lastError: string,
  ) {
    super(
      `--queue ${url}: no Redis server answered within ${seconds} s` +
        `${lastError === '' ? '' : ` (${lastError})`}; start one with: ${redisStartCommand(url)}` +
        `${/^rediss:/.test(url) ? ' (with TLS, as rediss:// asks)' : ''}, or give the --queue of a running one`,
    );
  }
}

/**
 * Thrown by `serveQueue` (and so `pathnet-worker`, which exits 2 with it) for a job kind
 * that this process cannot run, because no `--plugin` it was given registers it: at
 * start-up for jobs already in the queue, or when it takes such a job (which then goes
 * back to the queue without spending an attempt, and the worker stops taking jobs).
 * The message names the kind and, where the app that queued it said so
 * (`QueueOptions.plugins`), the `--plugin` modules that register it.
 */
export class JobKindUnavailableError extends Error {
  override readonly name: string = 'JobKindUnavailableError';

  /**
   * @param kind - the job kind, e.g. `"a3c-robustness/cell"`.
   * @param plugins - modules that register it, as the app that queued the job gave them (paths
   *   or `file:` URLs, on that machine); empty where unknown.
   * @param known - the job kinds this process has, for the message.
   */
  constructor(
    readonly kind: string,
    readonly plugins: readonly string[],
    readonly known: readonly string[],
  ) {
    const shown = plugins.map((p) => (p.startsWith('file:') ? fileURLToPath(p) : p));
    const fix =
      shown.length > 0
        ? `start pathnet-worker with ${shown.map((p) => `--plugin ${p}`).join(' ')} (the module${shown.length > 1 ? 's' : ''} the app that queued it registers it with; the path is on that machine)`
        : 'start pathnet-worker with --plugin naming the module that registers it (an app with its own job kind has one, e.g. apps/a3c-robustness/dist/job.js)';
    super(
      `the queue holds jobs of kind "${kind}", which this worker cannot run: no --plugin it was given registers it ` +
        `(it has ${known.length > 0 ? known.join(', ') : 'none'}); ${fix}`,
    );
  }
}
