import { describe, expect, it, vi } from 'vitest';
import { Eta, FrameEta, formatDuration } from '../eta.js';

/** Waits `ms` milliseconds, so that the estimators see time pass. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('formatDuration', () => {
  it('writes seconds, minutes and seconds, hours and minutes', () => {
    expect(formatDuration(12.4)).toBe('12 s');
    expect(formatDuration(250)).toBe('4 min 10 s');
    expect(formatDuration(3900)).toBe('1 h 05 min');
    expect(formatDuration(-3)).toBe('0 s');
  });
});

describe('Eta', () => {
  it('counts finished jobs and says done after the last', async () => {
    const eta = new Eta(2);
    await pause(20);
    expect(eta.tick()).toMatch(/^\[1\/2\] \d+ s elapsed, about \d+ s left$/);
    expect(eta.tick()).toMatch(/^\[2\/2\] \d+ s elapsed, done$/);
  });
});

describe('FrameEta', () => {
  it('adds up every run’s latest frame, counts a run once however often it reports, and is done at the total', async () => {
    // Two runs of 1000 frames each.
    const eta = new FrameEta(2000);
    await pause(20);
    eta.update('1 A', 500, 1000);
    expect(eta.rate()).toBeGreaterThan(0);
    expect(String(eta)).toMatch(/^\d+ frames\/s, about \d+ (s|min \d+ s) left$/);
    // The same run reporting again adds only its increase; a frame past the budget counts as the budget.
    eta.update('1 A', 1200, 1000);
    eta.update('2 A', 1000, 1000);
    expect(String(eta)).toMatch(/about 0 s left$/);
  });
  it('measures the rate from the first progress event on: start-up time is not training time', () => {
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    try {
      const eta = new FrameEta(11_100);
      clock = 10_000; // 10 s of start-up, then the first 100 frames
      eta.update('1 A', 100, 11_100);
      clock = 11_000; // 1000 frames in the next second
      eta.update('1 A', 1100, 11_100);
      expect(eta.rate()).toBeCloseTo(1000);
      expect(String(eta)).toBe('1000 frames/s, about 10 s left');
    } finally {
      now.mockRestore();
    }
  });

  it('says the time left is unknown before any frame is done', () => {
    const eta = new FrameEta(100);
    eta.update('1 A', 0, 100);
    expect(String(eta)).toBe('0 frames/s, time left unknown');
  });
});
