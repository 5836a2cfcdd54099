// Shared expectations of the RL environment tests (not a test file itself).
import { expect } from 'vitest';
import type { CheckEnvReport } from '../rl/index.js';

/** Every check of `checkEnv` ran and passed, none skipped. */
export function expectCleanCheck(report: CheckEnvReport): void {
  expect(report.skipped).toEqual([]);
  expect(report.passed).toEqual(
    expect.arrayContaining([
      'spaces',
      'reset shape',
      'step shape',
      'determinism',
      'step after end',
      'closed',
    ]),
  );
}
