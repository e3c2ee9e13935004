import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Temporal's native bridge is not safe in worker threads: keep every test file in its own process.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/temporal-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
