import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertClass } from '../../src/alerts/alert';
import { recordSyncStateQuery } from '../../src/workflows/record-sync-messages';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
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

// Timeouts and escalation on the real dev server, with timeouts of a second set through the operators' env vars.
// (Temporal's time-skipping test server has no visibility queries, which GET /approvals is built on.) Tests wait
// for observable outcomes — alerts, statuses — never for a duration.

let sink: AlertSink;
const stacks: LoudwireTestStack[] = [];

beforeAll(async () => {
  sink = await startAlertSink();
});
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.close()));
  await sink?.close();
});

async function stackWith(overrides: Record<string, string>) {
  const stack = await startLoudwireTestStack(approvalEnvironment(sink, overrides));
  stacks.push(stack);
  await stack.startWorker();
  return stack;
}

async function wonDeal(stack: LoudwireTestStack) {
  const envelope = dealWonEnvelope();
  const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
  expect(accepted.status).toBe(202);
  return { dealId: envelope.data.deal.id, workflowId: accepted.body.workflowId as string };
}

function waitForAlert(workflowId: string, alertClass: string) {
  return waitFor(`a ${alertClass} alert for ${workflowId}`, async () =>
    alertsFor(sink, workflowId).find((alert) => alert.alertClass === alertClass),
  );
}

describe('approval timeouts', () => {
  it('escalates an unanswered approval to finance, then parks the record, alerting at each step', async () => {
    const stack = await stackWith({ APPROVAL_TIMEOUT: '1s', APPROVAL_ESCALATION_TIMEOUT: '1s' });
    const { dealId, workflowId } = await wonDeal(stack);
    const handle = stack.temporal.workflow.getHandle(workflowId);

    const state = await waitFor('the record to be parked', async () => {
      const current = await handle.query(recordSyncStateQuery);
      return current.status === 'Parked' ? current : undefined;
    });
    expect(state.parked).toMatchObject({ alertClass: AlertClass.approvalExpired });
    expect(state.parked?.reason).toMatch(/^No decision from "sales-leads" then "finance" before .*: parked/);

    // Parking sends its alert without waiting for delivery: wait for it, then check one alert per step.
    await waitForAlert(workflowId, AlertClass.approvalExpired);
    const steps = alertsFor(sink, workflowId).map((alert) => [
      alert.alertClass,
      (alert.details as { group: string }).group,
    ]);
    expect(steps).toHaveLength(3);
    expect(steps).toEqual(
      expect.arrayContaining([
        [AlertClass.approvalRequested, 'sales-leads'],
        [AlertClass.approvalEscalated, 'finance'],
        [AlertClass.approvalExpired, 'finance'],
      ]),
    );
    expect(await targetRecords(stack, dealId)).toEqual({ projects: [], customers: [] });

    const late = await callApprovals(stack, decisionPath(workflowId), {
      token: tokens.finance,
      body: { decision: 'approve', comment: 'too late' },
    });
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'approval_expired' } } });
    expect(await acceptedDecisions(stack.temporal, workflowId)).toEqual([]);
  });

  it('after escalation only the escalation group may decide', async () => {
    const stack = await stackWith({ APPROVAL_TIMEOUT: '1s', APPROVAL_ESCALATION_TIMEOUT: '1h' });
    const { dealId, workflowId } = await wonDeal(stack);
    await waitForAlert(workflowId, AlertClass.approvalEscalated);
    const view = await waitForApproval(
      stack.temporal,
      workflowId,
      (current) => current.activeGroup === 'finance',
    );
    expect(view).toMatchObject({ state: 'pending', activeStage: 1 });

    const salesLead = await callApprovals(stack, decisionPath(workflowId), {
      token: tokens.salesLead,
      body: { decision: 'approve', comment: 'still me' },
    });
    expect(salesLead).toMatchObject({ status: 403, body: { error: { code: 'not_in_group' } } });
    const finance = await callApprovals(stack, decisionPath(workflowId), {
      token: tokens.finance,
      body: { decision: 'approve', comment: 'Escalated and approved' },
    });
    expect(finance.status).toBe(200);
    expect(finance.body.decision).toMatchObject({
      group: 'finance',
      approver: { email: 'finance.lead@example.com' },
    });
    await waitFor('both records written', async () => {
      const records = await targetRecords(stack, dealId);
      return records.projects.length === 1 && records.customers.length === 1 ? true : undefined;
    });
  });

  it('rejects at the timeout when the policy says so, without escalation when none is configured', async () => {
    const stack = await stackWith({
      APPROVAL_TIMEOUT: '1s',
      APPROVAL_ESCALATION_GROUP: 'none',
      APPROVAL_ON_EXPIRY: 'reject',
    });
    const { dealId, workflowId } = await wonDeal(stack);
    const expired = await waitForAlert(workflowId, AlertClass.approvalExpired);
    expect(expired).toMatchObject({ severity: 'critical' });
    expect(expired.message).toMatch(/^No decision from "sales-leads" before .*: rejected by policy$/);
    const view = await waitForApproval(stack.temporal, workflowId, (current) => current.state === 'expired');
    expect(view.decision).toMatchObject({ decision: 'reject', approver: null });
    await waitFor('the record to be ApprovalExpired', async () => {
      const current = await stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
      return (current.status as string) === 'ApprovalExpired' ? true : undefined;
    });
    expect(
      alertsFor(sink, workflowId)
        .map((alert) => alert.alertClass)
        .sort(),
    ).toEqual([AlertClass.approvalExpired, AlertClass.approvalRequested]);
    expect(await targetRecords(stack, dealId)).toEqual({ projects: [], customers: [] });
  });
});
