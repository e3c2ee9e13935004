import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSyncStateQuery, SyncStatus } from '../../src/workflows/record-sync-messages';
import { crmCall, winNewDeal } from '../support/crm-client';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { waitFor } from '../support/wait-for';
import {
  alertsFor,
  approvalEnvironment,
  callApprovals,
  decisionPath,
  startAlertSink,
  targetRecords,
  tokens,
  waitForApproval,
  type AlertSink,
} from './approval-test-kit';

// Approvals follow the latest version of a record: a newer version replaces a pending request, and a record
// already approved asks again only when a field a policy guards (the amount) changes.

let stack: LoudwireTestStack;
let sink: AlertSink;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack(approvalEnvironment(sink));
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

const workflowIdOf = (dealId: string) => `client-onboarding:crm:${dealId}`;

async function waitForStatus(dealId: string, status: SyncStatus, version: number) {
  return waitFor(`${dealId} v${version} ${status}`, async () => {
    const state = await stack.temporal.workflow.getHandle(workflowIdOf(dealId)).query(recordSyncStateQuery);
    const applied =
      status !== SyncStatus.synced ||
      Object.values(state.writes).every((write) => (write?.sequence ?? -1) >= version);
    return state.lastSequence >= version && state.status === status && applied ? state : undefined;
  });
}

const requestedAlerts = (dealId: string) =>
  alertsFor(sink, workflowIdOf(dealId)).filter((alert) => alert.alertClass === 'ApprovalRequested');

async function patchDeal(dealId: string, changes: object): Promise<number> {
  return (
    await crmCall<{ version: number }>(stack.sandboxes.crm.url, 'PATCH', `/api/deals/${dealId}`, changes)
  ).version;
}

describe('approvals follow the latest version', () => {
  it('a newer version supersedes a pending request: the old one answers 409 stale_request, the new one shows what changed', async () => {
    const dealId = await winNewDeal(stack.sandboxes.crm.url, { amount: '12,000.00' });
    const workflowId = workflowIdOf(dealId);
    const first = await waitForApproval(stack.temporal, workflowId, (view) => view.state === 'pending');

    const version = await patchDeal(dealId, { amount: '13,000.00' });
    const second = await waitForApproval(
      stack.temporal,
      workflowId,
      (view) => view.requestId !== first.requestId && view.state === 'pending',
    );
    expect(second.canonical).toMatchObject({ deal: { amount: { amountMinor: 1300000, currency: 'EUR' } } });
    expect(second.changes).toEqual([
      {
        field: 'deal.amount',
        before: { amountMinor: 1200000, currency: 'EUR' },
        after: { amountMinor: 1300000, currency: 'EUR' },
      },
      expect.objectContaining({ field: 'project.budget' }),
    ]);

    const stale = await callApprovals(stack, decisionPath(workflowId), {
      token: tokens.salesLead,
      body: { decision: 'approve', comment: 'looked at the old one', requestId: first.requestId },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: 'stale_request' } });

    const detail = await callApprovals(stack, `/approvals/${encodeURIComponent(workflowId)}`, {
      token: tokens.salesLead,
    });
    expect(JSON.stringify(detail.body)).toContain('"field":"deal.amount"');

    const approved = await callApprovals(stack, decisionPath(workflowId), {
      token: tokens.salesLead,
      body: { decision: 'approve', comment: 'current figures', requestId: second.requestId },
    });
    expect(approved.status).toBe(200);
    await waitForStatus(dealId, SyncStatus.synced, version);
    const { projects } = await targetRecords(stack, dealId);
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ budget_cents: 1300000 });
  });

  it('after approval, a version changing nothing guarded updates at once; a changed amount asks again', async () => {
    const dealId = await winNewDeal(stack.sandboxes.crm.url, { amount: '12,000.00' });
    const workflowId = workflowIdOf(dealId);
    const first = await waitForApproval(stack.temporal, workflowId, (view) => view.state === 'pending');
    await callApprovals(stack, decisionPath(workflowId), {
      token: tokens.salesLead,
      body: { decision: 'approve', comment: 'ok', requestId: first.requestId },
    });
    await waitFor('the first sync', async () =>
      (await targetRecords(stack, dealId)).projects.length ? true : undefined,
    );

    const retitled = await patchDeal(dealId, { title: 'Rollout, renamed' });
    await waitForStatus(dealId, SyncStatus.synced, retitled);
    expect((await targetRecords(stack, dealId)).projects[0]).toMatchObject({ name: 'Rollout, renamed' });
    expect(requestedAlerts(dealId)).toHaveLength(1);

    const raised = await patchDeal(dealId, { amount: '15,000.00' });
    const again = await waitForApproval(
      stack.temporal,
      workflowId,
      (view) => view.requestId !== first.requestId && view.state === 'pending',
    );
    expect(again.changes).toContainEqual({
      field: 'deal.amount',
      before: { amountMinor: 1200000, currency: 'EUR' },
      after: { amountMinor: 1500000, currency: 'EUR' },
    });
    // Nothing is written before the decision.
    expect((await targetRecords(stack, dealId)).projects[0]).toMatchObject({ budget_cents: 1200000 });
    await callApprovals(stack, decisionPath(workflowId), {
      token: tokens.salesLead,
      body: { decision: 'approve', comment: 'raise ok', requestId: again.requestId },
    });
    await waitForStatus(dealId, SyncStatus.synced, raised);
    expect((await targetRecords(stack, dealId)).projects[0]).toMatchObject({ budget_cents: 1500000 });
    await waitFor('the second request alert', async () =>
      requestedAlerts(dealId).length === 2 ? true : undefined,
    );
  });
});
