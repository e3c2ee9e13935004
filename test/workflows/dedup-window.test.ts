import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSyncStateQuery, SyncStatus } from '../../src/workflows/record-sync-messages';
import type { RecordSyncResult } from '../../src/workflows/record-sync-workflow';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { recordsWithExternalId } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

let stack: LoudwireTestStack;

beforeAll(async () => {
  // A two-second dedup window stands in for the default of four days.
  stack = await startLoudwireTestStack({ DEDUP_WINDOW: '2s' });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
});

describe('dedup window', () => {
  it('closes after the window, and a redelivery after that still creates nothing', async () => {
    const envelope = dealWonEnvelope();
    const dealId = envelope.data.deal.id;
    const first = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
    const handle = stack.temporal.workflow.getHandle(first.body.workflowId as string);
    const result = (await handle.result()) as RecordSyncResult;
    expect(result.status).toBe(SyncStatus.synced);
    expect(result.writes['project-tool/projects']?.created).toBe(true);

    // The vendor redelivers days later: a new run starts, finds both records by external_id, creates nothing.
    const late = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope, {
      eventId: first.eventId,
    });
    expect(late.status).toBe(202);
    const lateHandle = stack.temporal.workflow.getHandle(late.body.workflowId as string);
    const state = await waitFor('the new run to sync', async () => {
      const current = await lateHandle.query(recordSyncStateQuery);
      return current.status === SyncStatus.synced ? current : undefined;
    });
    expect(state.writes['project-tool/projects']?.created).toBe(false);
    expect(state.writes['billing/customers']?.created).toBe(false);
    expect(await recordsWithExternalId(stack.sandboxes.projectTool.url, 'projects', dealId)).toHaveLength(1);
    expect(await recordsWithExternalId(stack.sandboxes.billing.url, 'customers', dealId)).toHaveLength(1);
  });
});
