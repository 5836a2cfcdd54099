import { fileURLToPath } from 'node:url';
import { RERUN_AS_PROMISED, rerunIntoSameOut, runApp } from '@pathnet/experiments/testing';
import { describe, expect, it } from 'vitest';

// The command line of both transfer apps (labyrinth-transfer's too) is @pathnet/experiments' rl-cli.ts.
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const run = (...args: string[]) => runApp(cli, ...args);
/** One pair, one seed, 300 frames, no random-agent baseline: seconds. */
const tiny = [
  '--quick',
  '--pairs',
  'Breakout:Asterix',
  '--seeds',
  '1',
  '--frames',
  '300',
  '--random-episodes',
  '0',
  '--threads',
  '1',
];

describe('the transfer apps on an --out folder that holds earlier results', () => {
  it('a second run into the same --out exits with 2 naming --resume and --force (so does --force with --resume); with --force it runs and keeps the earlier results renamed aside', () => {
    const r = rerunIntoSameOut(run, tiny);
    expect(r, r.stderr).toMatchObject(RERUN_AS_PROMISED);
  }, 120_000);
});
