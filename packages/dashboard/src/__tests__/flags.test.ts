import { describe, expect, it } from 'vitest';
import { DashboardFlagError, parseDashboardHost, parseDashboardPort } from '../flags.js';

describe('pathnet view flags', () => {
  it('parses ports 0..65535 and names the flag otherwise', () => {
    expect(parseDashboardPort('0')).toBe(0);
    expect(parseDashboardPort('8080')).toBe(8080);
    for (const bad of ['', '-1', '65536', '80.5', 'http', '1e3']) {
      expect(() => parseDashboardPort(bad)).toThrow(DashboardFlagError);
      expect(() => parseDashboardPort(bad)).toThrow(/^--port expects a port/);
    }
  });

  it('takes IP addresses and localhost as hosts, nothing else', () => {
    expect(parseDashboardHost('127.0.0.1')).toBe('127.0.0.1');
    expect(parseDashboardHost('::1')).toBe('::1');
    expect(parseDashboardHost('localhost')).toBe('localhost');
    expect(() => parseDashboardHost('example.org')).toThrow(/^--host expects an IP/);
  });
});
