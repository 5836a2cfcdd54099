import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The test files share no mutable state except the operator registry,
    // which only the example operator's fixture adds to (once per worker).
    // Reusing one module graph per worker cuts the run from ~50 s to ~13 s
    // on a busy 2-core machine (fast-check and the sources load once).
    isolate: false,
  },
});
