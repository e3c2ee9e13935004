import { configDefaults, defineConfig } from 'vitest/config';
import base, { isolatedTestFiles } from './vitest.config';

// `npm run test:isolated`: the files vitest.config.ts sets apart, one at a time on a dev server of their own.
export default defineConfig({
  test: {
    ...base.test,
    include: [...isolatedTestFiles],
    exclude: [...configDefaults.exclude],
    fileParallelism: false,
  },
});
