import { fileURLToPath } from 'node:url';
import { killResumeTest } from '@pathnet/experiments/testing';
import { describe, it } from 'vitest';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

describe('labyrinth-transfer killed mid-run', () => {
  killResumeTest(it, cli, [
    ...['--quick', '--pairs', 'LtChasm:SeekavoidArena01'],
    ...['--threads', '1', '--random-episodes', '0'],
  ]);
});
