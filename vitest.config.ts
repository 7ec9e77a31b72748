import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Files whose tests are pure (no client mocks, no environment or timer stubs) share one module
// graph per worker: re-importing the checks and the SDK types for each of ~100 files cost 86 s of
// an 11-minute run, against 10 s shared (measured on test/checks + test/policy).
const SHARED = ['test/checks/**/*.test.ts', 'test/policy/**/*.test.ts', 'test/reach/**/*.test.ts', 'test/model/**/*.test.ts', 'test/engine/**/*.test.ts', 'test/report/**/*.test.ts'];
const ISOLATED_IN_SHARED = ['test/report/html-browser.test.ts'];

export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    environment: 'node',
    pool: 'threads',
    // Measured: without it the files ran one at a time on this 2-core machine (no two overlapped).
    maxWorkers: availableParallelism(),
    testTimeout: 20_000,
    // The JSON report is what CI counts from (.ci/run prints "N passed, N failed, N skipped").
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      { extends: true, test: { name: 'shared', include: SHARED, exclude: ISOLATED_IN_SHARED, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: SHARED } },
      { extends: true, test: { name: 'browser', include: ISOLATED_IN_SHARED } },
    ],
  },
});
