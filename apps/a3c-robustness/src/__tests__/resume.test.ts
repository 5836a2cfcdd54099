import { fileURLToPath } from 'node:url';
import { killResumeTest } from '@pathnet/experiments/testing';
import { describe, it } from 'vitest';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

describe('a3c-robustness killed mid-run', () => {
  killResumeTest(it, cli, ['--quick', '--threads', '1']);
});
