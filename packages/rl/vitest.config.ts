import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The test files share no mutable state except the operator registry, which
    // runner.test.ts resets after each test. One module graph per worker loads
    // tfjs and fast-check once instead of once per file.
    isolate: false,
  },
});
