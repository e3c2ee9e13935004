import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncStatus, recordSyncStateQuery } from '../../src/workflows/record-sync-messages';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { recordsWithExternalId } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

let stack: LoudwireTestStack;

beforeAll(async () => {
  // Small body limit so the 413 case needs no megabytes.
  stack = await startLoudwireTestStack({ WEBHOOK_BODY_LIMIT_BYTES: '4096' });
});
afterAll(async () => {
  await stack?.close();
});

const webhookUrl = () => `${stack.apiUrl}/webhooks/crm`;

async function expectNoWorkflowFor(dealId: string) {
  const handle = stack.temporal.workflow.getHandle(`client-onboarding:crm:${dealId}`);
  await expect(handle.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

describe('POST /webhooks/:source', () => {
  it('answers 202 once Temporal holds the event, even with no worker running', async () => {
    const envelope = dealWonEnvelope();
    const accepted = await postSignedWebhook(webhookUrl(), envelope);
    expect(accepted.status).toBe(202);
    const handle = stack.temporal.workflow.getHandle(accepted.body.workflowId as string);
    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value])).toEqual(
      expect.arrayContaining([
        ['LoudwireIntegration', 'client-onboarding'],
        ['LoudwireSource', 'crm'],
        ['LoudwireRecordKey', envelope.data.deal.id],
        ['LoudwireSyncStatus', 'Received'],
      ]),
    );

    const worker = await stack.startWorker();
    try {
      await waitFor('the records to be written once a worker runs', async () => {
        const state = await handle.query(recordSyncStateQuery);
        return state.status === SyncStatus.synced ? state : undefined;
      });
      const projects = await recordsWithExternalId(
        stack.sandboxes.projectTool.url,
        'projects',
        envelope.data.deal.id,
      );
      expect(projects).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });

  it('404 for a source no integration listens to', async () => {
    const response = await postSignedWebhook(`${stack.apiUrl}/webhooks/erp`, dealWonEnvelope());
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      error: { code: 'unknown_source', message: expect.stringContaining('"erp"') },
    });
  });

  it('415 for a body that is not declared as JSON', async () => {
    const envelope = dealWonEnvelope();
    const response = await postSignedWebhook(webhookUrl(), envelope, { contentType: 'text/plain' });
    expect(response.status).toBe(415);
    expect(response.body.error).toMatchObject({ code: 'unsupported_media_type' });
    await expectNoWorkflowFor(envelope.data.deal.id);
  });

  it('413 for a body over the limit, naming the limit', async () => {
    const envelope = dealWonEnvelope({ companyName: 'x'.repeat(5_000) });
    const response = await postSignedWebhook(webhookUrl(), envelope);
    expect(response.status).toBe(413);
    expect(response.body.error).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringContaining('4096'),
    });
    await expectNoWorkflowFor(envelope.data.deal.id);
  });

  it('401 for a missing, wrong or stale signature, and starts nothing', async () => {
    const envelope = dealWonEnvelope();
    const unsigned = await fetch(webhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(envelope),
    });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ error: { code: 'missing_signature' } });

    const wrong = await postSignedWebhook(webhookUrl(), envelope, {
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_signature' });

    const stale = await postSignedWebhook(webhookUrl(), envelope, {
      sentAt: new Date(Date.now() - 6 * 60_000),
    });
    expect(stale.status).toBe(401);
    expect(stale.body.error).toMatchObject({ code: 'stale_signature' });
    await expectNoWorkflowFor(envelope.data.deal.id);
  });

  it('400 for a signed body that is not JSON', async () => {
    const response = await postSignedWebhook(webhookUrl(), '{"type": "deal.won", ');
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'malformed_json' });
  });

  it('400 for an envelope missing its fields, naming each', async () => {
    const response = await postSignedWebhook(webhookUrl(), { timestamp: 'yesterday', data: {} });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'invalid_envelope',
      fields: expect.arrayContaining([
        expect.objectContaining({ path: 'type' }),
        expect.objectContaining({ path: 'timestamp' }),
      ]),
    });
  });

  it('keeps an event type no integration handles in a workflow of its own, starting no record', async () => {
    const envelope = { ...dealWonEnvelope(), type: 'deal.merged' };
    const response = await postSignedWebhook(webhookUrl(), envelope);
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ ignored: true, workflowId: `unhandled:crm:${response.eventId}` });
    await expectNoWorkflowFor(envelope.data.deal.id);
  });
});

describe('health', () => {
  it('GET /healthz and /readyz answer while Temporal is up', async () => {
    expect(await (await fetch(`${stack.apiUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${stack.apiUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });
});
