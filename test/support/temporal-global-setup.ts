import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { registerSearchAttributes } from '../../src/temporal/register-search-attributes';
import { loudwireSearchAttributes } from '../../src/temporal/search-attributes';
import { dynamicConfigCliArgs } from '../../src/temporal/server-dynamic-config';
import { temporalCliPath } from '../../src/temporal/temporal-cli-path';
import { loudwireWorkflowBundleOptions } from '../../src/temporal/bundle-options';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

// One real Temporal server for the whole run: test files connect to it and isolate themselves with unique task
// queues and workflow IDs. By default a dev server (the same pinned CLI `npm start` uses, SQLite); with
// LOUDWIRE_TEST_TEMPORAL_ADDRESS, an existing server instead — `npm run test:postgres` runs the core suite that
// way against PostgreSQL persistence and SQL visibility. The workflow bundle is built once too, so each test
// worker starts in milliseconds instead of re-running webpack.
export default async function startTemporalForTests(project: TestProject): Promise<() => Promise<void>> {
  const [server, bundle] = await Promise.all([
    process.env.LOUDWIRE_TEST_TEMPORAL_ADDRESS
      ? useExistingServer(process.env.LOUDWIRE_TEST_TEMPORAL_ADDRESS)
      : startDevServer(),
    bundleWorkflowCode({ ...loudwireWorkflowBundleOptions, logger: quietBundlerLogger }),
  ]);
  const bundlePath = join(mkdtempSync(join(tmpdir(), 'loudwire-bundle-')), 'workflows.js');
  writeFileSync(bundlePath, bundle.code);
  project.provide('temporalAddress', server.address);
  project.provide('workflowBundlePath', bundlePath);
  return server.teardown;
}

interface TestServer {
  address: string;
  teardown(): Promise<void>;
}

async function startDevServer(): Promise<TestServer> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      searchAttributes: [...loudwireSearchAttributes],
      extraArgs: dynamicConfigCliArgs(),
      log: { format: 'pretty', level: 'error' },
    },
  });
  return { address: env.address, teardown: () => env.teardown() };
}

/** A server someone else runs (and keeps running): only make sure it knows Loudwire's search attributes. */
async function useExistingServer(address: string): Promise<TestServer> {
  const connection = await Connection.connect({ address });
  try {
    await registerSearchAttributes(connection, process.env.TEMPORAL_NAMESPACE ?? 'default');
  } finally {
    await connection.close();
  }
  return { address, teardown: async () => undefined };
}

const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  log: () => undefined,
};
