import { describe, expect, it } from 'vitest';
import {
  DashboardFlagError,
  dashboardListen,
  parseDashboardHost,
  parseDashboardPort,
} from '../flags.js';

describe('dashboard flags', () => {
  it('parses ports 0..65535 and names the flag otherwise', () => {
    expect(parseDashboardPort('0')).toBe(0);
    expect(parseDashboardPort('8080')).toBe(8080);
    for (const bad of ['', '-1', '65536', '80.5', 'http', '1e3']) {
      expect(() => parseDashboardPort(bad)).toThrow(DashboardFlagError);
      expect(() => parseDashboardPort(bad, '--port')).toThrow(/^--port expects a port/);
    }
  });

  it('takes IP addresses and localhost as hosts, nothing else', () => {
    expect(parseDashboardHost('127.0.0.1')).toBe('127.0.0.1');
    expect(parseDashboardHost('::1')).toBe('::1');
    expect(parseDashboardHost('localhost')).toBe('localhost');
    expect(() => parseDashboardHost('example.org')).toThrow(/^--dashboard-host expects an IP/);
  });

  it('listens on a free loopback port by default, and refuses a host without --dashboard', () => {
    expect(dashboardListen({})).toBeUndefined();
    expect(dashboardListen({ dashboard: true })).toEqual({ port: 0, host: '127.0.0.1' });
    expect(dashboardListen({ dashboard: 9000, dashboardHost: '0.0.0.0' })).toEqual({
      port: 9000,
      host: '0.0.0.0',
    });
    expect(() => dashboardListen({ dashboardHost: '::1' })).toThrow(
      /--dashboard-host applies only with --dashboard/,
    );
  });
});
