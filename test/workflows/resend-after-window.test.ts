import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  recordSyncStateQuery,
  SyncStatus,
  type RecordSyncInput,
} from '../../src/workflows/record-sync-messages';
import type { RecordSyncResult } from '../../src/workflows/record-sync-workflow';
import {
  alertsFor,
  approvalEnvironment,
  callApprovals,
  decisionPath,
  startAlertSink,
  tokens,
  waitForApproval,
  type AlertSink,
} from '../approvals/approval-test-kit';
import { crmCall, crmDeliveries, editProjectAsPerson, winNewDeal } from '../support/crm-client';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { targetRecordsFor } from '../support/sandbox-control';
import { postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// After the dedup window (shortened to 2 s by env) the record's run has completed. Resends from the vendor's
// dashboard then start a new run, which takes over what the completed run left (read durably from Temporal):
// a resend is a duplicate or an update, never a new onboarding.

let stack: LoudwireTestStack;
let sink: AlertSink;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack(approvalEnvironment(sink, { DEDUP_WINDOW: '2s' }));
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

describe('a resend after the dedup window', () => {
  it('creates nothing, asks no approval and keeps what a person changed; a later version still updates', async () => {
    const dealId = await winNewDeal(stack.sandboxes.crm.url, { amount: '12,000.00' });
    const workflowId = `client-onboarding:crm:${dealId}`;
    const request = await waitForApproval(stack.temporal, workflowId, (view) => view.state === 'pending');
    await callApprovals(stack, decisionPath(workflowId), {
      token: tokens.salesLead,
      body: { decision: 'approve', comment: 'ok', requestId: request.requestId },
    });
    const first = (await stack.temporal.workflow.getHandle(workflowId).result()) as RecordSyncResult;
    expect(first.status).toBe(SyncStatus.synced);
    const firstRunId = (await stack.temporal.workflow.getHandle(workflowId).describe()).runId;
    // The API started the first run knowing Temporal held no earlier one: it looked for no previous run.
    expect(await startInputOf(workflowId, firstRunId)).toMatchObject({ noEarlierRun: true });
    const { projects } = await targetRecordsFor(stack.sandboxes, dealId);
    await editProjectAsPerson(stack.sandboxes.projectTool.url, projects[0]!.id, { status: 'active' });

    // The vendor's redeliver button: same webhook-id, fresh signature. The new run knows the event.
    const [won] = (await crmDeliveries(stack.sandboxes.crm.url)).filter(
      (delivery) => (delivery.payload.data.deal as { id: string }).id === dealId,
    );
    await crmCall(stack.sandboxes.crm.url, 'POST', `/api/webhooks/deliveries/${won!.id}/redeliver`);
    const handle = stack.temporal.workflow.getHandle(workflowId);
    const afterRedeliver = await waitFor('the duplicate to be recognised', async () => {
      const state = await handle.query(recordSyncStateQuery).catch(() => undefined);
      return state && state.counts.duplicates === 1 ? state : undefined;
    });
    expect(afterRedeliver.status).toBe(SyncStatus.synced);
    expect(afterRedeliver.counts.processed).toBe(0);
    // The second run was started without the hint (the first start was refused): it read and took over the first.
    const secondRunId = (await handle.describe()).runId;
    expect(secondRunId).not.toBe(firstRunId);
    expect(await startInputOf(workflowId, secondRunId)).not.toHaveProperty('noEarlierRun');

    // A re-signed copy with a new event ID but the same version: stale, not a new onboarding.
    const copy = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, won!.payload);
    expect(copy.status).toBe(202);
    await waitFor('the copy to be dropped as stale', async () =>
      (await handle.query(recordSyncStateQuery)).counts.stale === 1 ? true : undefined,
    );

    // A real change after the window is an update: no approval (the amount is unchanged), status kept.
    const retitled = await crmCall<{ version: number }>(
      stack.sandboxes.crm.url,
      'PATCH',
      `/api/deals/${dealId}`,
      {
        title: 'Renamed after the window',
      },
    );
    await waitFor('the update to land', async () => {
      const state = await handle.query(recordSyncStateQuery);
      return state.writes['project-tool/projects']?.sequence === retitled.version ? true : undefined;
    });
    const after = await targetRecordsFor(stack.sandboxes, dealId);
    expect(after.projects).toHaveLength(1);
    expect(after.customers).toHaveLength(1);
    expect(after.projects[0]).toMatchObject({ status: 'active', name: 'Renamed after the window' });
    const requested = alertsFor(sink, workflowId).filter((alert) => alert.alertClass === 'ApprovalRequested');
    expect(requested).toHaveLength(1);
    expect((await handle.query(recordSyncStateQuery)).status).toBe(SyncStatus.synced);
  });
});

/** The input a run was started with, decoded (and decrypted) as the worker reads it. */
async function startInputOf(workflowId: string, runId: string): Promise<RecordSyncInput> {
  const history = await stack.temporal.workflow.getHandle(workflowId, runId).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const [input] = await decodeArrayFromPayloads(
    stack.temporal.options.loadedDataConverter,
    started?.input?.payloads,
  );
  return input as RecordSyncInput;
}
