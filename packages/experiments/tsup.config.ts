import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library';

// The worker-thread scripts are their own files next to the entry, in both formats, so that
// the schedules can start them from the ESM and the CJS build; worker-cli is `pathnet-worker`;
// cli is the `./cli` entry (the flag groups, light: no tensors, for a fast --help); testing is the `./testing` entry (redis-server and pathnet-worker for tests).
export default defineConfig({
  ...libraryBuild,
  entry: [
    'src/index.ts',
    'src/cli.ts',
    'src/testing.ts',
    'src/phase-worker.ts',
    'src/job-thread.ts',
    'src/worker-cli.ts',
  ],
});
