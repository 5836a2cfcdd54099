/**
 * `pathnet-worker`: serves an experiment's job queue (BullMQ on Redis) from
 * this machine. Start any number, anywhere that reaches the Redis server;
 * the app that enqueued the jobs (`--queue redis://…`) merges the records.
 */
import { enableRelaxedSimd } from '@pathnet/kernels';
import { Command, InvalidArgumentError } from 'commander';
import { loadPlugins, PluginError } from './plugins.js';
import { JobKindUnavailableError } from './queue-errors.js';
import { DEFAULT_QUEUE_NAME, QueueUrlError } from './queue-executor.js';
import { serveQueue } from './queue-worker.js';

const positive = (flag: string, integer: boolean) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !(n > 0) || (integer && !Number.isInteger(n))) {
    throw new InvalidArgumentError(
      `${flag} expects a positive ${integer ? 'integer' : 'number'}, got "${value}"`,
    );
  }
  return n;
};
const collect = (value: string, previous: string[]) => [...previous, value];

const program = new Command('pathnet-worker')
  .description(
    'Runs PathNet experiment jobs from a BullMQ queue on Redis, in worker threads of this machine. ' +
      'Start any number of workers on any machines; the app that enqueued the jobs (--queue) merges their records.',
  )
  .requiredOption('--queue <url>', 'the Redis server, e.g. redis://127.0.0.1:6379')
  .option('--queue-name <name>', 'BullMQ queue name', DEFAULT_QUEUE_NAME)
  .option('--threads <K>', 'jobs at once, each in a worker thread', positive('--threads', true), 1)
  .option(
    '--plugin <module>',
    'module registering job kinds, tasks or operators the jobs use, imported before taking jobs (path from the working folder, or package; repeatable)',
    collect,
    [] as string[],
  )
  .option('--backend <name>', 'force a tensor backend (tensorflow, wasm, cpu)')
  .option(
    '--lock-seconds <s>',
    "how long a crashed worker's job waits before another worker takes it",
    positive('--lock-seconds', false),
    30,
  )
  .option(
    '--stalled-seconds <s>',
    'seconds between checks for jobs of crashed workers',
    positive('--stalled-seconds', false),
    30,
  )
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

interface Flags {
  queue: string;
  queueName: string;
  threads: number;
  plugin: string[];
  backend?: string;
  lockSeconds: number;
  stalledSeconds: number;
}

async function main(): Promise<void> {
  program.parse();
  const flags = program.opts<Flags>();
  // As the apps do: the fused engine's kernels use fused multiply-add where the runtime allows it
  // (a V8 flag, so the worker threads get it too). Records match an app's only on the same variant.
  const variant = enableRelaxedSimd();
  // As the apps' --plugin: each module is resolved from the working folder and imported here first,
  // so a missing or failing one stops the worker (exit 2) before it takes a job; the threads
  // import the same files.
  const plugins = await loadPlugins(flags.plugin);
  const server = await serveQueue({
    url: flags.queue,
    queueName: flags.queueName,
    threads: flags.threads,
    plugins,
    ...(flags.backend !== undefined && { backend: flags.backend }),
    lockSeconds: flags.lockSeconds,
    stalledSeconds: flags.stalledSeconds,
    log: (line) => console.log(`pathnet-worker: ${line}`),
  });
  console.log(
    `pathnet-worker: serving queue "${flags.queueName}" on ${flags.queue} with ${flags.threads} thread(s), kernels ${variant}`,
  );
  // A job of a kind no --plugin registers went back to the queue; the server closed after its running jobs.
  server.stopped.catch((error: unknown) => {
    console.error(`pathnet-worker: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    console.log(`pathnet-worker: ${signal}: finishing running jobs (again to quit at once)`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`pathnet-worker: ${error instanceof Error ? error.message : String(error)}`);
  // QueueUrlError covers its subclass QueueUnreachableError (no Redis within the connection timeout).
  const usage =
    error instanceof QueueUrlError ||
    error instanceof PluginError ||
    error instanceof JobKindUnavailableError ||
    error instanceof TypeError;
  process.exit(usage ? 2 : 1);
});
