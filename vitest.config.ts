import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Temporal's native bridge is not safe in worker threads: keep every test file in its own process.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    // Minutes-long flow-control tests run on their own: `npm run test:flow` (vitest.flow.config.ts).
    exclude: [...configDefaults.exclude, 'test/flow/**'],
    globalSetup: ['test/support/temporal-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
