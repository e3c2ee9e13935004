import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSyncStateQuery, SyncStatus } from '../../src/workflows/record-sync-messages';
import {
  startLoudwireTestStack,
  type LoudwireTestStack,
  type RunningTestWorker,
} from '../support/loudwire-test-stack';
import { clearFaults, injectFault, targetRecordsFor } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

let stack: LoudwireTestStack;
let worker: RunningTestWorker;

beforeAll(async () => {
  stack = await startLoudwireTestStack();
  worker = await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
});

const webhookUrl = () => `${stack.apiUrl}/webhooks/crm`;

const targetRecords = (dealId: string) => targetRecordsFor(stack.sandboxes, dealId);

async function waitForStatus(workflowId: string, status: SyncStatus, processed = 1) {
  const handle = stack.temporal.workflow.getHandle(workflowId);
  return waitFor(`${workflowId} to be ${status}`, async () => {
    const state = await handle.query(recordSyncStateQuery);
    return state.status === status && state.counts.processed >= processed ? state : undefined;
  });
}

describe('record sync workflow on a real Temporal dev server', () => {
  it('turns a deal.won event into exactly one project and one customer carrying external_id', async () => {
    const envelope = dealWonEnvelope();
    const dealId = envelope.data.deal.id;
    const accepted = await postSignedWebhook(webhookUrl(), envelope);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ workflowId: `client-onboarding:crm:${dealId}`, duplicate: false });

    const state = await waitForStatus(accepted.body.workflowId as string, SyncStatus.synced);
    const { projects, customers } = await targetRecords(dealId);
    expect(projects).toHaveLength(1);
    expect(customers).toHaveLength(1);
    expect(state.writes['project-tool/projects']?.targetId).toBe(projects[0]!.id);
    expect(state.writes['billing/customers']?.targetId).toBe(customers[0]!.id);
    expect(customers[0]).toMatchObject({ country: 'DE', currency: 'USD' });
  });

  it('creates nothing more when the same event is redelivered five times, some concurrently', async () => {
    const envelope = dealWonEnvelope();
    const dealId = envelope.data.deal.id;
    const first = await postSignedWebhook(webhookUrl(), envelope);
    const eventId = first.eventId;
    const workflowId = first.body.workflowId as string;
    await waitForStatus(workflowId, SyncStatus.synced);

    const redeliveries = await Promise.all([
      postSignedWebhook(webhookUrl(), envelope, { eventId }),
      postSignedWebhook(webhookUrl(), envelope, { eventId }),
      postSignedWebhook(webhookUrl(), envelope, { eventId }),
    ]);
    redeliveries.push(await postSignedWebhook(webhookUrl(), envelope, { eventId }));
    redeliveries.push(await postSignedWebhook(webhookUrl(), envelope, { eventId }));
    expect(redeliveries.map((response) => response.status)).toEqual([202, 202, 202, 202, 202]);
    expect(redeliveries.every((response) => response.body.duplicate === true)).toBe(true);

    const handle = stack.temporal.workflow.getHandle(workflowId);
    const state = await waitFor('five duplicates counted', async () => {
      const current = await handle.query(recordSyncStateQuery);
      return current.counts.duplicates === 5 ? current : undefined;
    });
    expect(state.counts).toMatchObject({ received: 1, processed: 1 });
    const { projects, customers } = await targetRecords(dealId);
    expect(projects).toHaveLength(1);
    expect(customers).toHaveLength(1);
  });

  it('drops an event older than the version already processed', async () => {
    const newer = dealWonEnvelope({ version: 5 });
    const dealId = newer.data.deal.id;
    const accepted = await postSignedWebhook(webhookUrl(), newer);
    const workflowId = accepted.body.workflowId as string;
    await waitForStatus(workflowId, SyncStatus.synced);

    const older = dealWonEnvelope({ dealId, version: 3, companyName: 'Acme Robotics (old name)' });
    await postSignedWebhook(webhookUrl(), older);
    const handle = stack.temporal.workflow.getHandle(workflowId);
    const state = await waitFor('the stale event counted', async () => {
      const current = await handle.query(recordSyncStateQuery);
      return current.counts.stale === 1 ? current : undefined;
    });
    expect(state.lastSequence).toBe(5);
    const { projects } = await targetRecords(dealId);
    expect(projects).toHaveLength(1);
    expect(projects[0]!.client).toBe('Acme Robotics GmbH');
  });

  it('applies queued events in version order, whatever order they arrived in', async () => {
    await worker.stop();
    const v4 = dealWonEnvelope({ version: 4 });
    const dealId = v4.data.deal.id;
    const v2 = dealWonEnvelope({ dealId, version: 2 });
    const accepted = await postSignedWebhook(webhookUrl(), v4);
    await postSignedWebhook(webhookUrl(), v2);
    worker = await stack.startWorker();
    const state = await waitForStatus(accepted.body.workflowId as string, SyncStatus.synced, 2);
    expect(state.lastSequence).toBe(4);
    expect(state.counts).toMatchObject({ received: 2, processed: 2, stale: 0 });
    expect((await targetRecords(dealId)).projects).toHaveLength(1);
  });

  it('retries a target answering 500 and still creates exactly one record', async () => {
    await injectFault(stack.sandboxes.projectTool.url, {
      kind: 'http_500',
      count: 3,
      route: 'POST /v2/projects',
    });
    try {
      const envelope = dealWonEnvelope();
      const accepted = await postSignedWebhook(webhookUrl(), envelope);
      await waitForStatus(accepted.body.workflowId as string, SyncStatus.synced);
      const { projects, customers } = await targetRecords(envelope.data.deal.id);
      expect(projects).toHaveLength(1);
      expect(customers).toHaveLength(1);
    } finally {
      await clearFaults(stack.sandboxes.projectTool.url);
    }
  });

  it('parks at once, without retrying, when credentials are refused, and says why', async () => {
    await injectFault(stack.sandboxes.projectTool.url, { kind: 'revoked_credentials', rate: 1 });
    try {
      const envelope = dealWonEnvelope();
      const accepted = await postSignedWebhook(webhookUrl(), envelope);
      const state = await waitForStatus(accepted.body.workflowId as string, SyncStatus.parked, 0);
      expect(state.parked?.alertClass).toBe('CredentialsRejected');
      expect(state.lastProblem).toMatch(
        /^project-tool\/projects: TargetCredentialsRejected: (find|create) project: credentials refused \(403\)/,
      );
      // The other target is independent and still written.
      expect(state.writes['billing/customers']?.targetId).toMatch(/^cus_/);
      expect((await targetRecords(envelope.data.deal.id)).projects).toHaveLength(0);
    } finally {
      await clearFaults(stack.sandboxes.projectTool.url);
    }
  });

  it('parks a record whose mapping fails, naming the field, and writes nothing', async () => {
    const envelope = dealWonEnvelope();
    envelope.data.company.country = 'Atlantis';
    const accepted = await postSignedWebhook(webhookUrl(), envelope);
    const state = await waitForStatus(accepted.body.workflowId as string, SyncStatus.parked, 0);
    expect(state.parked?.alertClass).toBe('RecordRejected');
    expect(state.lastProblem).toContain('company.country');
    const { projects, customers } = await targetRecords(envelope.data.deal.id);
    expect(projects).toHaveLength(0);
    expect(customers).toHaveLength(0);
  });
});
