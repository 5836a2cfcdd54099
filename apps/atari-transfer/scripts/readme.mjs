#!/usr/bin/env node
/**
 * `npm run readme -w @pathnet/atari-transfer`: rewrites the README's results part (between
 * `<!-- atari-transfer:results:start -->` and `…:end -->`) from every committed
 * docs/results/<name>/results.json, and redraws each folder's pictures where their bytes
 * change (`rlTransferReadme` of @pathnet/experiments, which atari-transfer and
 * labyrinth-transfer share). `--check` writes nothing and exits 1 when a file is not up to date.
 * Needs @pathnet/experiments built (`npm run build`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rlTransferReadme, runResultsReadme } from '@pathnet/experiments';

const app = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.exitCode = await runResultsReadme(rlTransferReadme('atari-transfer', app));
