import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config';

// `npm run test:flow`: the minutes-long flow-control tests (test/flow), on the same dev server setup as `npm test`.
// Spread rather than mergeConfig, which would append to the base's include and exclude lists.
export default defineConfig({
  test: { ...base.test, include: ['test/flow/**/*.test.ts'], exclude: [...configDefaults.exclude] },
});
