import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type RunningApi } from '../../src/api/server';
import { loadEnvironment, type LoudwireEnvironment } from '../../src/config/environment';
import { createLogger } from '../../src/logging/logger';
import { runLoudwireWorker } from '../../src/worker';
import { startSandboxes, type RunningSandboxes } from '../../sandbox/start-sandboxes';
import { freePort } from '../support/free-port';
import { fastRetryEnvironment } from '../support/loudwire-test-stack';
import { recordsWithExternalId } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { startTcpGate, type TcpGate } from '../support/tcp-gate';
import { waitFor } from '../support/wait-for';

// Temporal sits behind a TCP gate this test opens and closes: "closed" refuses connections like a stopped
// server, "silent" accepts them and never answers like a hung host. The API and the worker are started while it
// is closed, exactly as on a deploy that races the Temporal cluster.

/** What a vendor with a 5 s delivery timeout experiences (the issue names 5 s as the sender to satisfy). */
const senderTimeoutMs = 5_000;

let gate: TcpGate;
let sandboxes: RunningSandboxes;
let env: LoudwireEnvironment;
const logLines: string[] = [];
const logger = createLogger(
  'test',
  'info',
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  }),
);
let api: RunningApi | undefined;

beforeAll(async () => {
  gate = await startTcpGate(inject('temporalAddress'), 'closed', await freePort());
  sandboxes = await startSandboxes({
    ports: { crm: 0, projectTool: 0, billing: 0, helpdesk: 0, accounting: 0 },
    env: {},
  });
  env = loadEnvironment({
    NODE_ENV: 'test',
    PORT: '0',
    TEMPORAL_ADDRESS: gate.address,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    CRM_BASE_URL: sandboxes.crm.url,
    PROJECT_TOOL_BASE_URL: sandboxes.projectTool.url,
    BILLING_BASE_URL: sandboxes.billing.url,
    HELPDESK_BASE_URL: sandboxes.helpdesk.url,
    ACCOUNTING_BASE_URL: sandboxes.accounting.url,
    ...fastRetryEnvironment,
  });
});
afterAll(async () => {
  await api?.close();
  await sandboxes?.close();
  await gate?.close();
});

async function postAsFiveSecondSender(url: string, body: unknown) {
  const sent = postSignedWebhook(url, body);
  const timeout = new Promise<never>((_resolve, reject) => {
    setTimeout(
      () => reject(new Error(`no answer within the sender's ${senderTimeoutMs} ms`)),
      senderTimeoutMs,
    );
  });
  return Promise.race([sent, timeout]);
}

const logged = (message: string) => logLines.some((line) => line.includes(message));

describe('Temporal unreachable', () => {
  it('the API starts anyway, says so in readyz and the log, and answers webhooks 503 with Retry-After in time', async () => {
    api = await startApi(env, logger);

    const health = await fetch(`${api.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${api.url}/readyz`, { signal: AbortSignal.timeout(senderTimeoutMs) });
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'not_ready',
      temporal: expect.stringMatching(/^unreachable/),
    });
    await waitFor('the log to say Temporal is unreachable', async () =>
      logged('Temporal unreachable') ? true : undefined,
    );

    const refused = await postAsFiveSecondSender(`${api.url}/webhooks/crm`, dealWonEnvelope());
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'temporal_unavailable' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    await gate.setMode('silent');
    const unanswered = await postAsFiveSecondSender(`${api.url}/webhooks/crm`, dealWonEnvelope());
    expect(unanswered.status).toBe(503);
  });

  it('a worker started while Temporal is down keeps retrying, then serves once it is back; so does the API', async () => {
    const stopping = new AbortController();
    const workerRun = runLoudwireWorker({
      env,
      logger,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      signal: stopping.signal,
      reconnectDelays: { initialMs: 100, maxMs: 1_000, attemptTimeoutMs: 2_000 },
    });
    let workerFailed: unknown;
    workerRun.catch((error: unknown) => {
      workerFailed = error;
    });
    await waitFor('the worker to log its retries', async () =>
      logLines.some(
        (line) => line.includes('Temporal unreachable; retrying') && line.includes('"connecting":"worker"'),
      )
        ? true
        : undefined,
    );
    expect(workerFailed).toBeUndefined();

    await gate.setMode('open');
    await waitFor('readyz to report Temporal reachable', async () => {
      const ready = await fetch(`${api!.url}/readyz`);
      return ready.status === 200 ? true : undefined;
    });
    const envelope = dealWonEnvelope();
    const accepted = await waitFor('the API to accept again', async () => {
      const response = await postAsFiveSecondSender(`${api!.url}/webhooks/crm`, envelope);
      return response.status === 202 ? response : undefined;
    });
    expect(accepted.body.workflowId).toBe(`client-onboarding:crm:${envelope.data.deal.id}`);
    const projects = await waitFor(
      'the record to be written by the worker that started during the outage',
      async () => {
        const found = await recordsWithExternalId(
          sandboxes.projectTool.url,
          'projects',
          envelope.data.deal.id,
        );
        return found.length > 0 ? found : undefined;
      },
      30_000,
    );
    expect(projects).toHaveLength(1);

    // An outage while both run: they stay up, and the next event is served once Temporal is back.
    await gate.setMode('closed');
    const duringOutage = await postAsFiveSecondSender(`${api!.url}/webhooks/crm`, dealWonEnvelope());
    expect(duringOutage.status).toBe(503);
    await gate.setMode('open');
    const afterOutage = dealWonEnvelope();
    await waitFor('the API to accept after the outage', async () => {
      const response = await postAsFiveSecondSender(`${api!.url}/webhooks/crm`, afterOutage);
      return response.status === 202 ? response : undefined;
    });
    await waitFor(
      'the same worker to write the record after the outage',
      async () => {
        const found = await recordsWithExternalId(
          sandboxes.billing.url,
          'customers',
          afterOutage.data.deal.id,
        );
        return found.length === 1 ? found : undefined;
      },
      30_000,
    );
    expect(workerFailed).toBeUndefined();

    stopping.abort();
    await workerRun;
  }, 90_000);
});
