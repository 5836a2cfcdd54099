import { fileURLToPath } from 'node:url';
import { forceTest } from '@pathnet/experiments/testing';
import { describe, it } from 'vitest';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** One cell on Breakout (both methods), 1 seed, 600 frames: seconds. */
const tiny = [
  ...['--quick', '--learning-rates', '0.001', '--entropy-costs', '0.01'],
  ...['--frames', '600', '--threads', '1'],
];

describe('a3c-robustness on an --out folder that holds earlier results', () => {
  forceTest(it, cli, tiny);
});
