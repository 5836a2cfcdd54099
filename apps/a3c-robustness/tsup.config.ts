import { defineConfig } from 'tsup';

// job.ts is its own file: worker threads and `pathnet-worker --plugin` import it to register the job kind.
export default defineConfig({
  entry: ['src/cli.ts', 'src/job.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
