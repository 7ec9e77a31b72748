import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    environment: 'node',
    pool: 'threads',
    testTimeout: 20_000,
    // The JSON report is what CI counts from (.ci/run prints "N passed, N failed, N skipped").
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
