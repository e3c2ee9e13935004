import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertClass } from '../../src/alerts/alert';
import { recordSyncStateQuery } from '../../src/workflows/record-sync-messages';
import {
  startLoudwireTestStack,
  type LoudwireTestStack,
  type RunningTestWorker,
} from '../support/loudwire-test-stack';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';
import {
  acceptedDecisions,
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

// Approvals end to end on the real dev server: a signed deal.won webhook, the record workflow pausing before its
// writes, the approvals API deciding through the workflow's Update. Timeouts are an hour here, so nothing expires
// mid-test (expiry and escalation: approval-expiry.test.ts).

let stack: LoudwireTestStack;
let worker: RunningTestWorker;
let sink: AlertSink;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack(approvalEnvironment(sink, { APPROVAL_TIMEOUT: '1h' }));
  worker = await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

async function wonDealAwaitingApproval() {
  const envelope = dealWonEnvelope();
  const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
  expect(accepted.status).toBe(202);
  const workflowId = accepted.body.workflowId as string;
  const view = await waitForApproval(stack.temporal, workflowId);
  return { dealId: envelope.data.deal.id, workflowId, view };
}

async function syncStatus(workflowId: string) {
  return (await stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery)).status as string;
}

describe('approvals of won deals above the threshold', () => {
  it('writes nothing until a sales lead approves, then exactly one project and one customer', async () => {
    const { dealId, workflowId, view } = await wonDealAwaitingApproval();
    expect(view).toMatchObject({
      state: 'pending',
      activeGroup: 'sales-leads',
      ownerEmail: 'owner@example.com',
      reasons: ['Deal amount 12,500.00 USD is at or above the threshold 10,000.00 USD'],
      approvalUrl: `${stack.apiUrl}/ui/approvals/${encodeURIComponent(workflowId)}`,
    });
    expect(await syncStatus(workflowId)).toBe('AwaitingApproval');

    const listed = await waitFor('the approval in GET /approvals', async () => {
      const { body } = await callApprovals(stack, '/approvals', { token: tokens.salesLead });
      const approvals = body.approvals as { id: string }[];
      return approvals.find((approval) => approval.id === workflowId);
    });
    expect(listed).toMatchObject({
      organization: 'Acme Robotics GmbH',
      amount: { amountMinor: 1_250_000, currency: 'USD' },
      you: { mayDecide: true },
    });
    const detail = await callApprovals(stack, `/approvals/${encodeURIComponent(workflowId)}`, {
      token: tokens.salesLead,
    });
    expect(detail.status).toBe(200);
    expect(detail.body.approval).toMatchObject({
      canonical: { deal: { sourceId: dealId } },
      warnings: [],
    });
    expect(await targetRecords(stack, dealId)).toEqual({ projects: [], customers: [] });
    const requested = await waitFor('the ApprovalRequested alert', async () =>
      alertsFor(sink, workflowId).find((alert) => alert.alertClass === AlertClass.approvalRequested),
    );
    expect(requested.message).toContain(view.approvalUrl);
    expect(requested.details).toMatchObject({ group: 'sales-leads', approvalUrl: view.approvalUrl });

    const decided = await callApprovals(stack, decisionPath(workflowId), {
      token: tokens.salesLead,
      body: { decision: 'approve', comment: 'Within the framework agreement' },
    });
    expect(decided.status).toBe(200);
    expect(decided.body.decision).toMatchObject({
      decision: 'approve',
      comment: 'Within the framework agreement',
      approver: { email: 'sales.lead@example.com' },
      group: 'sales-leads',
    });

    await waitFor('the record to be synced', async () =>
      (await syncStatus(workflowId)) === 'Synced' ? true : undefined,
    );
    const { projects, customers } = await targetRecords(stack, dealId);
    expect(projects).toHaveLength(1);
    expect(customers).toHaveLength(1);
    expect(await acceptedDecisions(stack.temporal, workflowId)).toEqual(['approvalDecision']);
  });

  it('refuses bad tokens, bad bodies, outsiders and the deal owner without touching the history', async () => {
    const { dealId, workflowId } = await wonDealAwaitingApproval();
    const path = decisionPath(workflowId);
    const approve = { decision: 'approve', comment: 'ok' };

    const anonymous = await callApprovals(stack, path, { body: approve });
    expect(anonymous).toMatchObject({ status: 401, body: { error: { code: 'missing_token' } } });
    const wrongToken = await callApprovals(stack, path, { token: 'not-an-approver-token', body: approve });
    expect(wrongToken).toMatchObject({ status: 401, body: { error: { code: 'invalid_token' } } });
    expect((await callApprovals(stack, '/approvals')).status).toBe(401);

    const badBody = await callApprovals(stack, path, {
      token: tokens.salesLead,
      body: { decision: 'maybe' },
    });
    expect(badBody).toMatchObject({ status: 400, body: { error: { code: 'invalid_decision' } } });
    const notJson = await callApprovals(stack, path, { token: tokens.salesLead, rawBody: '{"decision":' });
    expect(notJson).toMatchObject({ status: 400, body: { error: { code: 'invalid_decision' } } });

    // Finance decides only after escalation; an approver in none of the policy's groups learns nothing at all.
    const laterGroup = await callApprovals(stack, path, { token: tokens.finance, body: approve });
    expect(laterGroup).toMatchObject({
      status: 403,
      body: {
        error: { code: 'not_in_group', message: 'Only members of group "sales-leads" may decide now' },
      },
    });
    const outsider = await callApprovals(stack, path, { token: tokens.operations, body: approve });
    expect(outsider).toMatchObject({ status: 404, body: { error: { code: 'approval_not_found' } } });
    const owner = await callApprovals(stack, path, { token: tokens.dealOwner, body: approve });
    expect(owner).toMatchObject({
      status: 403,
      body: { error: { code: 'self_approval', message: 'The deal owner cannot decide on their own deal' } },
    });
    const unknown = await callApprovals(stack, decisionPath('client-onboarding:crm:no-such-deal'), {
      token: tokens.salesLead,
      body: approve,
    });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'approval_not_found' } } });

    expect(await acceptedDecisions(stack.temporal, workflowId)).toEqual([]);
    expect((await waitForApproval(stack.temporal, workflowId)).state).toBe('pending');
    expect(await targetRecords(stack, dealId)).toEqual({ projects: [], customers: [] });
  });

  it('shows an approval only to the groups its policy names (issue 12: any token listed every approval)', async () => {
    const { workflowId } = await wonDealAwaitingApproval();
    const listedFor = async (token: string) => {
      const listing = await callApprovals(stack, '/approvals', { token });
      expect(listing.status).toBe(200);
      return (listing.body.approvals as { id: string; ownerEmail: string | null }[]).map((item) => item.id);
    };
    // Visibility may lag a moment behind the workflow's status.
    await waitFor('the approval in the sales lead listing', async () =>
      (await listedFor(tokens.salesLead)).includes(workflowId) ? true : undefined,
    );
    expect(await listedFor(tokens.finance)).toContain(workflowId); // the escalation group sees what may come
    expect(await listedFor(tokens.operations)).not.toContain(workflowId);

    const detail = await callApprovals(stack, `/approvals/${encodeURIComponent(workflowId)}`, {
      token: tokens.operations,
    });
    expect(detail).toMatchObject({ status: 404, body: { error: { code: 'approval_not_found' } } });
    expect(JSON.stringify(detail.body)).not.toContain('@');
    const page = await fetch(`${stack.apiUrl}/ui/approvals/${encodeURIComponent(workflowId)}`, {
      headers: { cookie: `loudwire_approver=${tokens.operations}` },
    });
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain('owner@example.com');
  });

  it('records a rejection with its comment, writes nothing, and refuses a second decision', async () => {
    const { dealId, workflowId } = await wonDealAwaitingApproval();
    const rejected = await callApprovals(stack, decisionPath(workflowId), {
      token: tokens.salesLead,
      body: { decision: 'reject', comment: 'Client is not signed yet' },
    });
    expect(rejected.status).toBe(200);
    await waitFor('the record to be ApprovalRejected', async () =>
      (await syncStatus(workflowId)) === 'ApprovalRejected' ? true : undefined,
    );

    const second = await callApprovals(stack, decisionPath(workflowId), {
      token: tokens.salesLead,
      body: { decision: 'approve', comment: 'changed my mind' },
    });
    expect(second).toMatchObject({
      status: 409,
      body: { error: { code: 'already_decided', message: 'Already rejected by sales.lead@example.com' } },
    });
    const view = await waitForApproval(stack.temporal, workflowId);
    expect(view).toMatchObject({
      state: 'rejected',
      decision: {
        decision: 'reject',
        comment: 'Client is not signed yet',
        approver: { email: 'sales.lead@example.com' },
      },
    });
    expect(await acceptedDecisions(stack.temporal, workflowId)).toEqual(['approvalDecision']);
    expect(await targetRecords(stack, dealId)).toEqual({ projects: [], customers: [] });
    const { body } = await callApprovals(stack, '/approvals', { token: tokens.salesLead });
    expect((body.approvals as { id: string }[]).map((approval) => approval.id)).not.toContain(workflowId);
  });

  it('keeps waiting across a worker restart, and the approval still lands once', async () => {
    const { dealId, workflowId } = await wonDealAwaitingApproval();
    await worker.stop();
    worker = await stack.startWorker();
    const decided = await callApprovals(stack, decisionPath(workflowId), {
      token: tokens.salesLead,
      body: { decision: 'approve', comment: 'after the redeploy' },
    });
    expect(decided.status).toBe(200);
    await waitFor('the record to be synced', async () =>
      (await syncStatus(workflowId)) === 'Synced' ? true : undefined,
    );
    const { projects, customers } = await targetRecords(stack, dealId);
    expect(projects).toHaveLength(1);
    expect(customers).toHaveLength(1);
  });
});
