import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library';

// The step worker is an entry of its own: step workers load it by URL (src/step-workers.ts).
export default defineConfig({ ...libraryBuild, entry: ['src/index.ts', 'src/step-worker.ts'] });
