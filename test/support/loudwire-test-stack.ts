import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime, type NativeConnection, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createApiApp } from '../../src/api/app';
import { listenWithLimits } from '../../src/api/listen-with-limits';
import { codecServerOptions, webhookSourcesFor } from '../../src/api/server';
import { approverDirectoryFromEnvironment } from '../../src/approvals/approver-directory';
import { loadEnvironment, type LoudwireEnvironment } from '../../src/config/environment';
import { integrations } from '../../src/integrations/registry';
import { connectTemporalClient } from '../../src/temporal/connect-temporal-client';
import { connectWorkerConnection } from '../../src/temporal/connect-worker-connection';
import { createLogger } from '../../src/logging/logger';
import { createLoudwireWorker } from '../../src/worker';
import { createDestinationWorkers } from '../../src/flow-control/destination-workers';
import { runWorkersTogether } from '../../src/temporal/run-workers-together';
import { startSandboxes, type RunningSandboxes } from '../../sandbox/start-sandboxes';
import { captureHistoriesOf, stopCapturing } from './history-capture';

// Keep the SDK's own worker logs to warnings: test output should show failures, not state changes.
Runtime.install({ logger: new DefaultLogger('WARN') });

export interface RunningTestWorker {
  stop(): Promise<void>;
}

export interface LoudwireTestStack {
  env: LoudwireEnvironment;
  temporal: Client;
  apiUrl: string;
  sandboxes: RunningSandboxes;
  /** Every log line of the API and workers, when started with `captureLogs`. */
  logLines: string[];
  /** A worker on this stack's queue; `create`: another build of the worker (an older release's). */
  startWorker(options?: {
    create?: (connection: NativeConnection) => Promise<Worker>;
    /**
     * `records`: the record workflows and every unlimited write, without the rate-limited destinations' writes;
     * `destinations`: only those (a test queues records up first, then lets a destination drain them).
     * @default both
     */
    only?: 'records' | 'destinations';
  }): Promise<RunningTestWorker>;
  close(): Promise<void>;
}

/** Retry schedules short enough for tests; set through the same env vars operators use. */
export const fastRetryEnvironment = {
  CRM_RETRY_INITIAL_INTERVAL: '50ms',
  CRM_RETRY_MAX_INTERVAL: '200ms',
  CRM_RETRY_MAX_ATTEMPTS: '5',
  PROJECT_TOOL_RETRY_INITIAL_INTERVAL: '50ms',
  PROJECT_TOOL_RETRY_MAX_INTERVAL: '200ms',
  PROJECT_TOOL_RETRY_MAX_ATTEMPTS: '5',
  BILLING_RETRY_INITIAL_INTERVAL: '50ms',
  BILLING_RETRY_MAX_INTERVAL: '200ms',
  BILLING_RETRY_MAX_ATTEMPTS: '5',
  ACCOUNTING_RETRY_INITIAL_INTERVAL: '50ms',
  ACCOUNTING_RETRY_MAX_INTERVAL: '200ms',
  ACCOUNTING_RETRY_MAX_ATTEMPTS: '5',
  TARGET_HTTP_TIMEOUT: '2s',
};

/**
 * The real pieces on ephemeral ports: the shared Temporal dev server (from the global setup), in-memory sandbox
 * vendors, the API in-process, and workers on a task queue of this stack's own.
 */
export async function startLoudwireTestStack(
  overrides: Record<string, string> = {},
  options: {
    captureLogs?: boolean;
    /** Another Temporal server than the shared one (e.g. a file-backed one whose bytes a test reads). */
    temporalAddress?: string;
    /** Where the sandbox CRM sends its webhooks, given the API's URL (e.g. through a proxy a test controls). */
    crmWebhookUrl?: (apiUrl: string) => string;
  } = {},
): Promise<LoudwireTestStack> {
  const temporalAddress = options.temporalAddress ?? inject('temporalAddress');
  const logLines: string[] = [];
  // Captured at debug level (every HTTP exchange with a vendor is logged, at info), so a test can prove what the
  // API and worker would print contains no secret.
  const logger = options.captureLogs
    ? createLogger(
        'test',
        'debug',
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            logLines.push(chunk.toString());
            done();
          },
        }),
      )
    : createLogger('test', process.env.TEST_LOG_LEVEL ?? 'silent');
  const baseEnv = {
    NODE_ENV: 'test',
    PORT: '0',
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    // The predictive checks hold deals that look unlike the ones before (test/anomaly turns them on). Test deals
    // come from a handful of fixtures and generators, so past the cold start most would be "the same company
    // under a new ID" and wait for an approver: a test about something else would wait with them.
    ANOMALY_CHECKS: 'off',
    // Tests send bursts of authentic events on a loaded machine and expect 202s: overload has its own test
    // (webhook-overload.test.ts, which sets its bound) and the bench's overload phase.
    WEBHOOK_MAX_IN_FLIGHT: '64',
    ...fastRetryEnvironment,
    ...overrides,
  };

  const apiEnv = loadEnvironment(baseEnv);
  const { client: temporal, close: closeTemporal } = await connectTemporalClient(apiEnv);
  const app = createApiApp({
    temporal,
    taskQueue: apiEnv.TEMPORAL_TASK_QUEUE,
    integrations,
    webhookSources: webhookSourcesFor(integrations, apiEnv),
    bodyLimitBytes: apiEnv.WEBHOOK_BODY_LIMIT_BYTES,
    temporalDeadlineMs: apiEnv.WEBHOOK_TEMPORAL_DEADLINE,
    webhookMaxInFlight: apiEnv.WEBHOOK_MAX_IN_FLIGHT,
    webhookLatencyTargetMs: apiEnv.WEBHOOK_LATENCY_TARGET,
    logger,
    approvers: approverDirectoryFromEnvironment(apiEnv),
    publicApiUrl: apiEnv.PUBLIC_API_URL,
    codec: codecServerOptions(apiEnv),
  });
  const server = await listenWithLimits(app, 0, '127.0.0.1');
  const apiPort = (server.address() as { port: number }).port;
  const apiUrl = `http://127.0.0.1:${apiPort}`;

  const sandboxes = await startSandboxes({
    ports: { crm: 0, projectTool: 0, billing: 0, helpdesk: 0, accounting: 0 },
    crmWebhookUrl: options.crmWebhookUrl?.(apiUrl) ?? `${apiUrl}/webhooks/crm`,
    crmWebhookRetrySchedule: [1],
    helpdeskWebhookUrl: `${apiUrl}/webhooks/helpdesk`,
    helpdeskWebhookRetrySchedule: [1],
    env: {},
  });
  const env = loadEnvironment({
    ...baseEnv,
    CRM_BASE_URL: sandboxes.crm.url,
    PROJECT_TOOL_BASE_URL: sandboxes.projectTool.url,
    BILLING_BASE_URL: sandboxes.billing.url,
    HELPDESK_BASE_URL: sandboxes.helpdesk.url,
    ACCOUNTING_BASE_URL: sandboxes.accounting.url,
    // Approval alerts link to this stack's own API.
    PUBLIC_API_URL: overrides.PUBLIC_API_URL ?? apiUrl,
  });

  const workers = new Set<RunningTestWorker>();
  const captured = { temporal, address: temporalAddress, taskQueue: env.TEMPORAL_TASK_QUEUE };
  captureHistoriesOf(captured);
  return {
    env,
    temporal,
    apiUrl,
    sandboxes,
    logLines,
    async startWorker(options = {}) {
      const workerConnection = await connectWorkerConnection(env);
      const worker: Worker | undefined = options.create
        ? await options.create(workerConnection)
        : options.only === 'destinations'
          ? undefined
          : await createLoudwireWorker({
              connection: workerConnection,
              env,
              logger,
              workflowBundle: { codePath: inject('workflowBundlePath') },
            });
      // Rate-limited destinations (a test's `<SYSTEM>_RATE_LIMIT_PER_SECOND`) get their writes' workers too.
      const all = [
        ...(worker ? [worker] : []),
        ...(options.create || options.only === 'records'
          ? []
          : await createDestinationWorkers({ connection: workerConnection, env, logger })),
      ];
      const running = runWorkersTogether(all);
      const handle: RunningTestWorker = {
        async stop() {
          if (!workers.delete(handle)) return;
          for (const each of all) if (each.getState() === 'RUNNING') each.shutdown();
          await running;
          await workerConnection.close();
        },
      };
      workers.add(handle);
      return handle;
    },
    async close() {
      stopCapturing(captured);
      await Promise.all([...workers].map((worker) => worker.stop()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sandboxes.close();
      await closeTemporal();
    },
  };
}
