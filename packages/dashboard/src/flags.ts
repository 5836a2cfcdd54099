import { isIP } from 'node:net';

/**
 * A bad port or address for a dashboard (`pathnet view --port/--host`, or an app's `--dashboard`
 * port in use); the message names the flag.
 */
export class DashboardFlagError extends Error {
  override name = 'DashboardFlagError';
}

/**
 * Parses a port flag's value: an integer in [0, 65535] (0 = a free port).
 * @param flag - the flag's name, for the message, e.g. `--dashboard`.
 * @throws {DashboardFlagError} naming the flag otherwise.
 */
export function parseDashboardPort(value: string, flag = '--port'): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port > 65535) {
    throw new DashboardFlagError(
      `${flag} expects a port, an integer from 0 to 65535 (0: a free one), got "${value}"`,
    );
  }
  return port;
}

/**
 * Parses an address to bind: an IPv4 or IPv6 address, or `localhost`.
 * @throws {DashboardFlagError} naming the flag otherwise.
 */
export function parseDashboardHost(value: string, flag = '--host'): string {
  const host = value.trim();
  if (host !== 'localhost' && isIP(host) === 0) {
    throw new DashboardFlagError(
      `${flag} expects an IP address to bind (127.0.0.1, ::1, 0.0.0.0) or localhost, got "${value}"`,
    );
  }
  return host;
}
