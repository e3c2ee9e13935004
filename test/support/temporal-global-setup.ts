import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { workflowBundleConverters } from '../../src/encryption/loudwire-data-converter';
import { loudwireSearchAttributes } from '../../src/temporal/search-attributes';
import { temporalCliPath } from '../../src/temporal/temporal-cli-path';
import { workflowsPath } from '../../src/temporal/workflows-path';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

// One real Temporal dev server for the whole run (the same pinned CLI `npm start` uses): test files connect to
// it and isolate themselves with unique task queues and workflow IDs. The workflow bundle is built once too,
// so each test worker starts in milliseconds instead of re-running webpack.
export default async function startTemporalForTests(project: TestProject): Promise<() => Promise<void>> {
  const [env, bundle] = await Promise.all([
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: temporalCliPath() },
        searchAttributes: [...loudwireSearchAttributes],
        log: { format: 'pretty', level: 'error' },
      },
    }),
    bundleWorkflowCode({ workflowsPath, ...workflowBundleConverters, logger: quietBundlerLogger }),
  ]);
  const bundlePath = join(mkdtempSync(join(tmpdir(), 'loudwire-bundle-')), 'workflows.js');
  writeFileSync(bundlePath, bundle.code);
  project.provide('temporalAddress', env.address);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await env.teardown();
  };
}

const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  log: () => undefined,
};
