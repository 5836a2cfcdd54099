import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library';

// The phase worker is its own file next to the entry, in both formats, so that
// the schedule can start it as a worker thread from the ESM and the CJS build.
export default defineConfig({ ...libraryBuild, entry: ['src/index.ts', 'src/phase-worker.ts'] });
