/**
 * `pathnet view DIR`: serves the dashboard of a finished results folder (its results.json and
 * pictures) until interrupted.
 */
import { Command, InvalidArgumentError } from 'commander';
import { DashboardFlagError, parseDashboardHost, parseDashboardPort } from './flags.js';
import { hubFromResultsFolder, ResultsFolderViewError } from './results-folder.js';
import { startDashboard } from './server.js';

const asArgument =
  (parse: (value: string, flag: string) => string | number, flag: string) => (value: string) => {
    try {
      return parse(value, flag);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };

const program = new Command('pathnet')
  .description('PathNet-TS tools')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

program
  .command('view')
  .description('serve the dashboard of a finished run from its results folder (results.json)')
  .argument('<dir>', 'results folder, e.g. results/binary-mnist-quick')
  .option(
    '--port <port>',
    'TCP port (default: a free one)',
    asArgument(parseDashboardPort, '--port'),
  )
  .option(
    '--host <address>',
    'interface to bind (default 127.0.0.1, this machine only)',
    asArgument(parseDashboardHost, '--host'),
  )
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .action(async (dir: string, flags: { port?: number; host?: string }) => {
    const hub = await hubFromResultsFolder(dir);
    const server = await startDashboard(hub, {
      picturesDir: dir,
      ...(flags.port !== undefined && { port: flags.port }),
      ...(flags.host !== undefined && { host: flags.host }),
    });
    console.log(`pathnet view: ${dir} on ${server.url} (Ctrl-C to stop)`);
    const stop = () => {
      void server.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program.parseAsync().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`pathnet: ${message}`);
  const badInput =
    error instanceof ResultsFolderViewError ||
    error instanceof DashboardFlagError ||
    (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
  process.exit(badInput ? 2 : 1);
});
