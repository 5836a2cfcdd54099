import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { dashboardFlags, dashboardListen } from '../cli/dashboard-flags.js';
import { addFlags, checkNeeds } from '../cli/flag.js';

/** Parses `args` with the group; commander's errors come back as their messages. */
function parse(args: string[]): { values: Record<string, unknown>; program: Command } {
  const program = addFlags(new Command('app'), dashboardFlags()).exitOverride();
  program.configureOutput({ writeErr: () => {} });
  program.parse(args, { from: 'user' });
  return { values: program.opts(), program };
}

describe('dashboardFlags', () => {
  it('--dashboard alone takes a free port on 127.0.0.1; a port and a host as given', () => {
    expect(dashboardListen(parse([]).values)).toBeUndefined();
    expect(dashboardListen(parse(['--dashboard']).values)).toEqual({
      port: 0,
      host: '127.0.0.1',
    });
    expect(
      dashboardListen(parse(['--dashboard=8080', '--dashboard-host', '0.0.0.0']).values),
    ).toEqual({ port: 8080, host: '0.0.0.0' });
  });

  it('refuses a bad port or host naming the flag, and a host without --dashboard', () => {
    expect(() => parse(['--dashboard=70000'])).toThrow(
      /--dashboard must be an integer in \[0, 65535\], got 70000/,
    );
    expect(() => parse(['--dashboard=-1'])).toThrow(/--dashboard must be/);
    expect(() => parse(['--dashboard', '--dashboard-host', 'example.org'])).toThrow(
      /--dashboard-host expects an IP address/,
    );
    const { program } = parse(['--dashboard-host', '::1']);
    expect(() => checkNeeds(program, [dashboardFlags()])).toThrow(
      '--dashboard-host goes with --dashboard',
    );
  });
});
