import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library';

// The thread entry is an entry of its own: trainA3CThreads loads it by URL (src/threads.ts).
export default defineConfig({ ...libraryBuild, entry: ['src/index.ts', 'src/thread.ts'] });
