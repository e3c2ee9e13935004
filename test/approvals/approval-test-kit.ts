import type { Client } from '@temporalio/client';
import type { Alert } from '../../src/alerts/alert';
import { developmentApprovers } from '../../src/approvals/development-approvers';
import { approvalRequestQuery, type ApprovalRequestView } from '../../src/workflows/approval-messages';
import type { AlertSink } from '../support/alert-sink';
import type { LoudwireTestStack } from '../support/loudwire-test-stack';
import { targetRecordsFor } from '../support/sandbox-control';
import { waitFor } from '../support/wait-for';

/** The documented development approvers (src/approvals/development-approvers.ts), by role. */
export const tokens = {
  salesLead: developmentApprovers[0]!.token,
  finance: developmentApprovers[1]!.token,
  /** owner@example.com: owns every sandbox deal, and sits in both groups. */
  dealOwner: developmentApprovers[2]!.token,
  operations: developmentApprovers[3]!.token,
};

export { startAlertSink, type AlertSink } from '../support/alert-sink';

export function alertsFor(sink: AlertSink, workflowId: string): Alert[] {
  return sink.alerts.filter((alert) => alert.workflowId === workflowId);
}

/** Calls the approvals JSON API as an approver. */
export async function callApprovals(
  stack: LoudwireTestStack,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method: hasBody ? 'POST' : 'GET',
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
    },
    ...(hasBody ? { body: options.rawBody ?? JSON.stringify(options.body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export const decisionPath = (workflowId: string) => `/approvals/${encodeURIComponent(workflowId)}/decision`;

/** The approval request once the workflow has asked for it (and, if given, once `ready` holds). */
export function waitForApproval(
  temporal: Client,
  workflowId: string,
  ready: (view: ApprovalRequestView) => boolean = () => true,
): Promise<ApprovalRequestView> {
  return waitFor(`an approval request on ${workflowId}`, async () => {
    const view = await temporal.workflow.getHandle(workflowId).query(approvalRequestQuery);
    return ready(view) ? view : undefined;
  });
}

/** Accepted approval decisions in the workflow's history: a refused decision must never appear here. */
export async function acceptedDecisions(temporal: Client, workflowId: string) {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
    if (!accepted) return [];
    return [accepted.acceptedRequest?.input?.name ?? ''];
  });
}

export function targetRecords(stack: LoudwireTestStack, dealId: string) {
  return targetRecordsFor(stack.sandboxes, dealId);
}

/** Settings that route the sandbox's standard deal (12,500.00 USD) through approval. */
export const approvalEnvironment = (sink: AlertSink, overrides: Record<string, string> = {}) => ({
  APPROVAL_AMOUNT_THRESHOLD_MINOR: '1000000',
  ALERT_WEBHOOK_URL: sink.url,
  ...overrides,
});
