import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createApiApp } from '../../src/api/app';
import { webhookSourcesFor } from '../../src/api/server';
import { loadEnvironment } from '../../src/config/environment';
import { integrations } from '../../src/integrations/registry';
import { createLogger } from '../../src/logging/logger';
import {
  connectTemporalClient,
  type ConnectedTemporalClient,
} from '../../src/temporal/connect-temporal-client';
import { connectWorkerConnection } from '../../src/temporal/connect-worker-connection';
import { createLoudwireWorker } from '../../src/worker';
import { recordSyncStateQuery, SyncStatus } from '../../src/workflows/record-sync-messages';
import { startSandboxes, type RunningSandboxes } from '../../sandbox/start-sandboxes';
import {
  startTemporalDevServer,
  type RunningTemporalDevServer,
} from '../../scripts/dev-stack/temporal-dev-server';
import { fastRetryEnvironment } from '../support/loudwire-test-stack';
import { freePort } from '../support/free-port';
import { recordsWithExternalId } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// The dev server keeps its state in a SQLite file: stopping and starting it between events loses nothing that
// was acknowledged. This test runs its own server (not the shared one) so it can restart it.

let dataDir: string;
let port: number;
let server: RunningTemporalDevServer;
let sandboxes: RunningSandboxes;
let api: Server;
let apiUrl: string;
let temporal: Client;
let clientConnection: ConnectedTemporalClient;

const startServer = () =>
  startTemporalDevServer({
    dbFile: join(dataDir, 'temporal.sqlite'),
    host: '127.0.0.1',
    port,
    uiPort: port + 1,
  });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'loudwire-restart-'));
  port = await freePort();
  server = await startServer();
  const env = loadEnvironment({
    NODE_ENV: 'test',
    TEMPORAL_ADDRESS: server.address,
    ...fastRetryEnvironment,
  });
  clientConnection = await connectTemporalClient(env);
  temporal = clientConnection.client;
  const app = createApiApp({
    temporal,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    integrations,
    webhookSources: webhookSourcesFor(integrations, env),
    bodyLimitBytes: env.WEBHOOK_BODY_LIMIT_BYTES,
    logger: createLogger('test', 'silent'),
  });
  api = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
  sandboxes = await startSandboxes({ ports: { crm: 0, projectTool: 0, billing: 0 }, env: {} });
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => api?.close(() => resolve()));
  await sandboxes?.close();
  await clientConnection?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function runWorkerUntil<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const env = loadEnvironment({
    NODE_ENV: 'test',
    TEMPORAL_ADDRESS: server.address,
    CRM_BASE_URL: sandboxes.crm.url,
    PROJECT_TOOL_BASE_URL: sandboxes.projectTool.url,
    BILLING_BASE_URL: sandboxes.billing.url,
    HELPDESK_BASE_URL: sandboxes.helpdesk.url,
    ACCOUNTING_BASE_URL: sandboxes.accounting.url,
    ...fastRetryEnvironment,
  });
  const connection = await connectWorkerConnection(env);
  const worker: Worker = await createLoudwireWorker({
    connection,
    env,
    logger: createLogger('test', 'silent'),
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
  const result = await worker.runUntil(waitFor('the records', probe, 20_000));
  await connection.close();
  return result;
}

describe('Temporal dev server restarts', () => {
  it('keeps every acknowledged event across a restart, then delivers it', async () => {
    const first = dealWonEnvelope();
    const accepted = await postSignedWebhook(`${apiUrl}/webhooks/crm`, first);
    expect(accepted.status).toBe(202);

    // Nothing processed yet (no worker): restart the server with the event only in its SQLite file.
    await server.stop();
    server = await startServer();

    const second = dealWonEnvelope();
    const acceptedAfterRestart = await waitFor('the API to reach the restarted server', async () => {
      const response = await postSignedWebhook(`${apiUrl}/webhooks/crm`, second);
      return response.status === 202 ? response : undefined;
    });
    expect(acceptedAfterRestart.body.duplicate).toBe(false);

    await runWorkerUntil(async () => {
      const states = await Promise.all(
        [accepted, acceptedAfterRestart].map((response) =>
          temporal.workflow.getHandle(response.body.workflowId as string).query(recordSyncStateQuery),
        ),
      );
      return states.every((state) => state.status === SyncStatus.synced) ? states : undefined;
    });
    for (const envelope of [first, second]) {
      const dealId = envelope.data.deal.id;
      expect(await recordsWithExternalId(sandboxes.projectTool.url, 'projects', dealId)).toHaveLength(1);
      expect(await recordsWithExternalId(sandboxes.billing.url, 'customers', dealId)).toHaveLength(1);
    }
  });
});
