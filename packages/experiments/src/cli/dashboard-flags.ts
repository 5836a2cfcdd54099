/**
 * The dashboard's flag group: `--dashboard[=PORT]` serves the run live in the browser
 * (`@pathnet/dashboard`), `--dashboard-host` the interface it binds.
 *
 * @packageDocumentation
 */
import { isIP } from 'node:net';
import { type Bound, checkBound, FlagError, type FlagGroup, type FlagSpec } from './flag.js';
import { parseNumber } from './kinds.js';

/** A TCP port; 0 takes a free one. */
export const PORT_BOUND: Bound = { integer: true, min: 0, max: 65535 };

/** The values of the group as commander gives them. */
export interface DashboardFlagValues {
  /** Absent: no dashboard; `true`: a free port; a number: that port. */
  dashboard?: boolean | number;
  dashboardHost?: string;
}

const port: FlagSpec<number> = {
  flags: '--dashboard [port]',
  help:
    'serve a page that shows the run live (module grid, pathways, curves, results, ETA) on ' +
    'http://127.0.0.1:PORT/ (a free port if none is given; the URL is printed)',
  parse: (text) => parseNumber('--dashboard', text),
  check: (value) => {
    checkBound('--dashboard', value, PORT_BOUND);
  },
};

const host: FlagSpec<string> = {
  flags: '--dashboard-host <address>',
  help: 'interface the dashboard binds (default 127.0.0.1, this machine only; 0.0.0.0: the network)',
  parse: (text) => text.trim(),
  check: (address) => {
    if (address !== 'localhost' && isIP(address) === 0) {
      throw new FlagError(
        `--dashboard-host expects an IP address (127.0.0.1, ::1, 0.0.0.0) or localhost, got "${address}"`,
      );
    }
  },
  needs: '--dashboard',
};

/** `--dashboard[=PORT]` and `--dashboard-host` (which goes with `--dashboard`). */
export function dashboardFlags(): FlagGroup {
  return [port, host];
}

/**
 * Where the dashboard listens, from the group's values.
 * @returns `undefined` without `--dashboard`.
 */
export function dashboardListen(
  values: DashboardFlagValues,
): { port: number; host: string } | undefined {
  if (values.dashboard === undefined || values.dashboard === false) return undefined;
  return {
    port: values.dashboard === true ? 0 : values.dashboard,
    host: values.dashboardHost ?? '127.0.0.1',
  };
}
