import { isIP } from 'node:net';

/** A bad `--dashboard` or `--dashboard-host` value; the message names the flag. */
export class DashboardFlagError extends Error {
  override name = 'DashboardFlagError';
}

/** Where a dashboard should listen, as the flags gave it. */
export interface DashboardFlags {
  /** `--dashboard[=PORT]`: absent = no dashboard, `true` = a free port, a number = that port. */
  dashboard?: boolean | number;
  /** `--dashboard-host`: interface to bind (default 127.0.0.1). */
  dashboardHost?: string;
}

/** Help of `--dashboard[=PORT]`. */
export const DASHBOARD_FLAG_HELP =
  'serve a page that shows the run live (module grid, pathways, curves, results, ETA) on ' +
  'http://127.0.0.1:PORT/ (a free port if none is given)';

/** Help of `--dashboard-host`. */
export const DASHBOARD_HOST_FLAG_HELP =
  'interface the dashboard binds (default 127.0.0.1, this machine only; 0.0.0.0 opens it to the network)';

/**
 * Parses a port flag's value: an integer in [0, 65535] (0 = a free port).
 * @param flag - the flag's name, for the message, e.g. `--dashboard`.
 * @throws {DashboardFlagError} naming the flag otherwise.
 */
export function parseDashboardPort(value: string, flag = '--dashboard'): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port > 65535) {
    throw new DashboardFlagError(
      `${flag} expects a port, an integer from 0 to 65535 (0: a free one), got "${value}"`,
    );
  }
  return port;
}

/**
 * Parses `--dashboard-host`: an IPv4 or IPv6 address, or `localhost`.
 * @throws {DashboardFlagError} naming the flag otherwise.
 */
export function parseDashboardHost(value: string, flag = '--dashboard-host'): string {
  const host = value.trim();
  if (host !== 'localhost' && isIP(host) === 0) {
    throw new DashboardFlagError(
      `${flag} expects an IP address to bind (127.0.0.1, ::1, 0.0.0.0) or localhost, got "${value}"`,
    );
  }
  return host;
}

/**
 * Checks the two flags together: `--dashboard-host` only with `--dashboard`.
 * @returns the port and host to serve on, or `undefined` for no dashboard.
 * @throws {DashboardFlagError} if `--dashboard-host` comes without `--dashboard`.
 */
export function dashboardListen(flags: DashboardFlags): { port: number; host: string } | undefined {
  if (flags.dashboard === undefined || flags.dashboard === false) {
    if (flags.dashboardHost !== undefined) {
      throw new DashboardFlagError('--dashboard-host applies only with --dashboard');
    }
    return undefined;
  }
  return {
    port: flags.dashboard === true ? 0 : flags.dashboard,
    host: flags.dashboardHost ?? '127.0.0.1',
  };
}
