import { fileURLToPath } from 'node:url';
import { killAndResume } from '@pathnet/experiments/testing';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

describe('labyrinth-transfer killed mid-run', () => {
  it('loses only the running job: --resume ends with the records of an uninterrupted run', async () => {
    const r = await killAndResume(cli, [
      '--quick',
      '--pairs',
      'LtChasm:SeekavoidArena01',
      '--threads',
      '1',
      '--random-episodes',
      '0',
    ]);
    expect(r.resumeStatus, r.stderr).toBe(0);
    expect(r.recordsAtKill).toBeGreaterThan(0);
    expect(r.recordsAtKill).toBeLessThan(r.uninterrupted.length);
    expect(r.complete).toBe(true);
    expect(r.resumed).toEqual(r.uninterrupted);
  }, 600_000);
});
