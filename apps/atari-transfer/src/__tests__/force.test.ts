import { fileURLToPath } from 'node:url';
import { forceTest } from '@pathnet/experiments/testing';
import { describe, it } from 'vitest';

// The command line of both transfer apps (labyrinth-transfer's too) is @pathnet/experiments' rl-cli.ts.
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** One pair, one seed, 300 frames, no random-agent baseline: seconds. */
const tiny = [
  ...['--quick', '--pairs', 'Breakout:Asterix', '--seeds', '1', '--frames', '300'],
  ...['--random-episodes', '0', '--threads', '1'],
];

describe('the transfer apps on an --out folder that holds earlier results', () => {
  forceTest(it, cli, tiny);
});
