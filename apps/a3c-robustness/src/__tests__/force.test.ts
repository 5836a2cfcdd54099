import { fileURLToPath } from 'node:url';
import { RERUN_AS_PROMISED, rerunIntoSameOut, runApp } from '@pathnet/experiments/testing';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const run = (...args: string[]) => runApp(cli, ...args);
/** One cell on Breakout (both methods), 1 seed, 600 frames: seconds. */
const tiny = [
  '--quick',
  '--learning-rates',
  '0.001',
  '--entropy-costs',
  '0.01',
  '--frames',
  '600',
  '--threads',
  '1',
];

describe('a3c-robustness on an --out folder that holds earlier results', () => {
  it('a second run into the same --out exits with 2 naming --resume and --force (so does --force with --resume); with --force it runs and keeps the earlier results renamed aside', () => {
    const r = rerunIntoSameOut(run, tiny);
    expect(r, r.stderr).toMatchObject(RERUN_AS_PROMISED);
  }, 120_000);
});
