import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Files that pass alone but failed in the full parallel run on the shared dev server (2026-12-01, cause not yet
 * found: each waits 60 s for a state it reaches in seconds alone). `npm run test:isolated` runs them one at a
 * time; CI runs both. Remove a file from here once it passes in the full run.
 */
export const isolatedTestFiles = [
  'test/cli/ledger.test.ts',
  'test/cli/capture.test.ts',
  // anomaly-hold.test.ts runs with the others again: a read of the baseline made the worker's copy forget what it had
  // taught (src/activities/unconfirmed-lessons.ts), and its probes now say what they saw.
];

export default defineConfig({
  test: {
    // Temporal's native bridge is not safe in worker threads: keep every test file in its own process.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    // Minutes-long flow-control tests run on their own: `npm run test:flow` (vitest.flow.config.ts).
    exclude: [...configDefaults.exclude, 'test/flow/**', ...isolatedTestFiles],
    globalSetup: ['test/support/temporal-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
