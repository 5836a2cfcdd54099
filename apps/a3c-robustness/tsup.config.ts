import { defineConfig } from 'tsup';
import { appBuild } from '../../tsup.library';

// job.ts is its own file: worker threads and `pathnet-worker --plugin` import it to register the job kind;
// readme.ts too: scripts/readme.mjs and the root scripts/report.mjs import it.
export default defineConfig({
  ...appBuild,
  entry: ['src/cli.ts', 'src/job.ts', 'src/readme.ts'],
});
